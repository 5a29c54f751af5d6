/**
 * The fontconfig Chromium runs under: no font of the machine and fixed rendering settings.
 * Every face a page's text uses is a bundled web font; where none has a glyph (which the build
 * reports before printing) Imprint's last-resort face prints a box, never a font of the machine.
 * Text no style sheet reaches (an SVG picture is drawn as an image, in a document of its own) asks
 * fontconfig for its `font-family`: bundled faces with the metrics of Times, Arial and Courier
 * answer, by the names tools write (see fonts/picture-faces.ts). The machine's hinting or
 * subpixel settings would move glyphs too: with this file, the same Imprint, Node and Chromium
 * print the same bytes whatever fonts and settings the machine has.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import decompressWoff2 from 'wawoff2/decompress.js';
import type { Element } from 'xast';
import { x } from 'xastscript';
import { toXml } from 'xast-util-to-xml';
import { pictureFaces } from '../fonts/picture-faces.ts';
import { packageFile } from '../paths.ts';

/** Imprint's last-resort face: a box for every code point (made by scripts/last-resort-font.py). */
const LAST_RESORT_FACE = packageFile('styles', 'fonts', 'imprint-last-resort.ttf');

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

/** Family names tools write, by the kind of face that stands in for them. */
const FAMILY_NAMES = {
  serif: ['serif', 'Times', 'Times New Roman', 'TimesNewRomanPSMT', 'Liberation Serif', 'DejaVu Serif', 'Georgia'],
  sansSerif: ['sans-serif', 'Helvetica', 'Arial', 'ArialMT', 'Helvetica Neue', 'Liberation Sans', 'DejaVu Sans', 'Verdana'],
  monospace: ['monospace', 'Courier', 'Courier New', 'CourierNewPSMT', 'Liberation Mono', 'DejaVu Sans Mono', 'Menlo', 'Monaco', 'Consolas'],
} as const;

/** The configuration, as XML: the font folder and a cache inside `folder`. */
export function fontconfigXml(folder: string, families: Record<keyof typeof FAMILY_NAMES, string>): string {
  const settings: Element[] = RENDERING.map(([name, kind, value]) => x('edit', { name, mode: 'assign' }, x(kind, value)));
  const aliases = (Object.keys(FAMILY_NAMES) as Array<keyof typeof FAMILY_NAMES>).flatMap((kind) =>
    FAMILY_NAMES[kind].map((name) => x('alias', { binding: 'same' }, [x('family', name), x('prefer', [x('family', families[kind])])])),
  );
  return toXml([
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    { type: 'doctype', name: 'fontconfig', system: 'urn:fontconfig:fonts.dtd' },
    x('fontconfig', [
      x('dir', path.join(folder, 'fonts')),
      x('cachedir', path.join(folder, 'cache')),
      ...aliases,
      // Any other family (the font of the tool that drew a picture, say): the sans-serif face, as
      // fontconfig's own default would give.
      x('match', { target: 'pattern' }, x('edit', { name: 'family', mode: 'append_last' }, x('string', families.sansSerif))),
      x('match', { target: 'font' }, settings),
    ]),
  ]);
}

const trueTypeCache = new Map<string, Uint8Array>();

/**
 * The font inside a bundled WOFF2 file, decompressed once per process: fontconfig finds a WOFF or
 * WOFF2 face, but the FreeType inside Chromium draws no glyph of one. The decoder returns a view
 * of its own memory, which its next call overwrites: it is copied before anything else runs, and
 * callers take one file at a time.
 */
async function trueTypeOf(file: string): Promise<Uint8Array> {
  let font = trueTypeCache.get(file);
  if (!font) {
    font = (await decompressWoff2(await readFile(file))).slice();
    trueTypeCache.set(file, font);
  }
  return font;
}

/**
 * Writes the configuration into `folder` (a browser profile); returns the file for `FONTCONFIG_FILE`.
 * Its font folder holds the picture faces, and Imprint's last-resort face: Chromium ends when
 * fontconfig has no font for a character, even one a web font draws, as it lays out text before
 * the web font loads.
 */
export async function writeFontconfig(folder: string): Promise<string> {
  const fonts = path.join(folder, 'fonts');
  await mkdir(fonts, { recursive: true });
  const faces = await pictureFaces();
  await symlink(LAST_RESORT_FACE, path.join(fonts, path.basename(LAST_RESORT_FACE)));
  for (const face of faces.files) await writeFile(path.join(fonts, path.basename(face).replace(/\.woff2$/, '.ttf')), await trueTypeOf(face));
  const file = path.join(folder, 'fonts.conf');
  await writeFile(file, fontconfigXml(folder, faces.families));
  return file;
}
