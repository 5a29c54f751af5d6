/**
 * The woff2 files themselves, each read once per process: opened with fontkit for its glyphs and
 * advances, or as base64 for inlining into a style sheet.
 */
import { readFile } from 'node:fs/promises';
import type * as Fontkit from 'fontkit';

// fontkit (with its Unicode tables, a large part of the bundle) loads on first use, not at start-up:
// a PDF build starts Chromium first and reads the fonts while it starts.
let fontkit: Promise<typeof Fontkit> | undefined;

const fontCache = new Map<string, Promise<Fontkit.Font>>();
const characterSetCache = new Map<string, Promise<Set<number>>>();
const dataCache = new Map<string, Promise<string>>();

/** A woff2 file, read once per process. */
export function openFont(file: string): Promise<Fontkit.Font> {
  let font = fontCache.get(file);
  if (!font) {
    fontkit ??= import('fontkit');
    font = Promise.all([readFile(file), fontkit]).then(([bytes, { create }]) => {
      const read = create(bytes);
      if (!('characterSet' in read)) throw new Error(`${file} is a font collection, not a font`);
      return read;
    });
    fontCache.set(file, font);
    font.catch(() => fontCache.delete(file));
  }
  return font;
}

/** The code points a woff2 file has glyphs for. */
export function characterSet(file: string): Promise<Set<number>> {
  let set = characterSetCache.get(file);
  if (!set) {
    set = openFont(file).then((font) => new Set(font.characterSet));
    characterSetCache.set(file, set);
  }
  return set;
}

/** The base64 of a woff2 file, read once per process. */
export function fontData(file: string): Promise<string> {
  let data = dataCache.get(file);
  if (!data) {
    data = readFile(file).then((bytes) => bytes.toString('base64'));
    dataCache.set(file, data);
    data.catch(() => dataCache.delete(file));
  }
  return data;
}
