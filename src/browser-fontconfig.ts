/**
 * The fontconfig Chromium runs under: no font of the machine and fixed rendering settings.
 * Every face a page uses is a bundled web font; where none has a glyph (which the build reports
 * before printing) Imprint's last-resort face prints a box, never a font of the machine. The
 * machine's hinting or subpixel settings would move glyphs too: with this file, the same Imprint,
 * Node and Chromium print the same bytes whatever fonts and settings the machine has.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element } from 'xast';
import { x } from 'xastscript';
import { toXml } from 'xast-util-to-xml';

/** Imprint's last-resort face: a box for every code point (made by scripts/last-resort-font.py). */
const LAST_RESORT_FACE = fileURLToPath(new URL('../styles/fonts/imprint-last-resort.ttf', import.meta.url));

/** Rendering settings for every font, whatever the machine's fontconfig would say. */
const RENDERING: ReadonlyArray<[name: string, kind: 'bool' | 'const', value: string]> = [
  ['antialias', 'bool', 'true'],
  ['hinting', 'bool', 'false'],
  ['hintstyle', 'const', 'hintnone'],
  ['autohint', 'bool', 'false'],
  ['rgba', 'const', 'none'],
  ['lcdfilter', 'const', 'lcdnone'],
  ['embeddedbitmap', 'bool', 'false'],
];

/** The configuration, as XML: a font folder that stays empty and a cache inside `folder`. */
export function fontconfigXml(folder: string): string {
  const settings: Element[] = RENDERING.map(([name, kind, value]) => x('edit', { name, mode: 'assign' }, x(kind, value)));
  return toXml([
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    { type: 'doctype', name: 'fontconfig', system: 'urn:fontconfig:fonts.dtd' },
    x('fontconfig', [
      x('dir', path.join(folder, 'fonts')),
      x('cachedir', path.join(folder, 'cache')),
      x('match', { target: 'font' }, settings),
    ]),
  ]);
}

/**
 * Writes the configuration into `folder` (a browser profile); returns the file for `FONTCONFIG_FILE`.
 * Its font folder holds Imprint's last-resort face, linked: Chromium ends when fontconfig has no
 * font for a character, even one a web font draws, as it lays out text before the web font loads.
 */
export async function writeFontconfig(folder: string): Promise<string> {
  await mkdir(path.join(folder, 'fonts'), { recursive: true });
  await symlink(LAST_RESORT_FACE, path.join(folder, 'fonts', path.basename(LAST_RESORT_FACE)));
  const file = path.join(folder, 'fonts.conf');
  await writeFile(file, fontconfigXml(folder));
  return file;
}
