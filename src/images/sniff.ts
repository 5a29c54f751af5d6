/**
 * Names an image's type from its bytes, not from its file name or a declared MIME type: an EPUB
 * declares every image's media type in its package, and a reading system that is told image/jpeg
 * for a PNG may show nothing. Raster types come from their magic numbers (`file-type`); SVG has
 * none, being text, so it is recognised as XML whose root element is `svg`.
 */
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { bomEncoding } from './svg-text.ts';

/** The image types every EPUB 3 reading system supports (the core media types). */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml';

/** file-type's MIME types for the core raster types; APNG is a PNG to an EPUB. */
const RASTER: Readonly<Record<string, ImageMediaType>> = {
  'image/png': 'image/png',
  'image/apng': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
};

/** How much of a file is read to find an SVG's root element: prologs are short. */
const PROLOG_LIMIT = 64 * 1024;

/** The core media type of `bytes`, or undefined when they are none of them. */
export async function sniffImageType(bytes: Uint8Array): Promise<ImageMediaType | undefined> {
  const type = await fileTypeFromBuffer(bytes);
  if (type && RASTER[type.mime]) return RASTER[type.mime];
  return looksLikeSvg(bytes) ? 'image/svg+xml' : undefined;
}

/** The magic numbers of the rasters an SVG may embed, for {@link hasRasterSignature}. */
const SIGNATURES: Readonly<Record<string, readonly (readonly number[])[]>> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [
    [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], // GIF87a
    [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], // GIF89a
  ],
};

/**
 * True when `bytes` start with the magic number of `type`, a PNG, JPEG or GIF. This is the
 * synchronous check for code that cannot wait for {@link sniffImageType} (SVGO's plugins run
 * synchronously): it answers only "is this the raster it says it is", never names a type.
 */
export function hasRasterSignature(bytes: Uint8Array, type: string): boolean {
  return (SIGNATURES[type] ?? []).some((signature) => signature.every((byte, index) => bytes[index] === byte));
}

/**
 * True when the text starts, after an optional byte order mark, white space, the XML
 * declaration, comments, processing instructions and a DOCTYPE, with an element named `svg`
 * (`<svg` or a prefixed `<x:svg`). This names the type and no more: it does not prove the
 * document well formed nor check the namespace, which `sanitizeSvg` does when it parses it.
 */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  const text = decodeStart(bytes.subarray(0, PROLOG_LIMIT));
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (text.startsWith('<?', at)) at = after(text, '?>', at);
    else if (text.startsWith('<!--', at)) at = after(text, '-->', at);
    else if (text.startsWith('<!DOCTYPE', at)) at = afterDoctype(text, at);
    else break;
    if (at < 0) return false;
  }
  return /^<(?:[A-Za-z_][\w.-]*:)?svg[\s/>]/.test(text.slice(at, at + 64));
}

function decodeStart(bytes: Uint8Array): string {
  return new TextDecoder(bomEncoding(bytes) ?? 'utf-8').decode(bytes); // drops the BOM
}

/** The index just past the next `end` from `at`, or -1. */
function after(text: string, end: string, at: number): number {
  const found = text.indexOf(end, at);
  return found < 0 ? -1 : found + end.length;
}

/** The index just past a DOCTYPE's closing `>`, past quoted ids and the `[...]` internal subset. */
function afterDoctype(text: string, at: number): number {
  let quote = '';
  let depth = 0;
  for (let i = at + '<!DOCTYPE'.length; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if (text.startsWith('<!--', i)) {
      i = after(text, '-->', i) - 1;
      if (i < 0) return -1;
    } else if (text.startsWith('<?', i)) {
      i = after(text, '?>', i) - 1;
      if (i < 0) return -1;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[') depth++;
    else if (char === ']') depth--;
    else if (char === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** Whether a raster image's width and height can be read: magic bytes alone do not make a picture, a cut-off file has them too. */
export function hasReadableSize(data: Uint8Array): boolean {
  try {
    const { width, height } = imageSize(data);
    return (width ?? 0) > 0 && (height ?? 0) > 0;
  } catch {
    return false;
  }
}
