#!/usr/bin/python3
"""Writes styles/fonts/imprint-last-resort.ttf: one glyph, a hollow box, for every code point.

Chromium prints with Imprint's own fontconfig (src/browser-fontconfig.ts), which knows this font
only. Every face a page uses is a bundled web font; this one stands in where none has a glyph
(the build warns about those characters first), so that the printed page shows a box and no
machine's fonts are ever asked: Chromium ends outright when fontconfig has no font for a
character. A format 13 cmap ("many-to-one") maps all of Unicode to the one glyph in a few bytes.

Run with Debian's python3-fonttools:  /usr/bin/python3 scripts/last-resort-font.py
"""
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

UNITS = 1000
WIDTH = 600
FAMILY = "Imprint Last Resort"


def box(outer, inner):
    pen = TTGlyphPen(None)
    for (left, bottom, right, top), clockwise in ((outer, True), (inner, False)):
        corners = [(left, bottom), (left, top), (right, top), (right, bottom)]
        if not clockwise:
            corners.reverse()
        pen.moveTo(corners[0])
        for corner in corners[1:]:
            pen.lineTo(corner)
        pen.closePath()
    return pen.glyph()


def main():
    builder = FontBuilder(UNITS, isTTF=True)
    builder.setupGlyphOrder([".notdef", "box"])
    # A cmap is set up below by hand; the builder's own would write one entry per code point.
    builder.setupCharacterMap({})
    glyph = box((60, -120, 540, 720), (120, -60, 480, 660))
    builder.setupGlyf({".notdef": glyph, "box": glyph})
    builder.setupHorizontalMetrics({".notdef": (WIDTH, 60), "box": (WIDTH, 60)})
    builder.setupHorizontalHeader(ascent=880, descent=-220)
    builder.setupNameTable({"familyName": FAMILY, "styleName": "Regular", "uniqueFontIdentifier": "Imprint Last Resort 1", "version": "Version 1.000"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-220, usWinAscent=880, usWinDescent=220)
    builder.setupPost()
    builder.setupHead(unitsPerEm=UNITS, created=0, modified=0)

    table = CmapSubtable.newSubtable(13)
    table.platformID, table.platEncID, table.language = 3, 10, 0
    table.cmap = {point: "box" for point in range(0x20, 0x110000) if not 0xD800 <= point <= 0xDFFF}
    builder.font["cmap"].tables = [table]

    target = Path(__file__).resolve().parent.parent / "styles" / "fonts" / "imprint-last-resort.ttf"
    builder.save(target)
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
