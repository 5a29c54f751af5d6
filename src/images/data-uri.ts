/**
 * Decodes a `data:` URL the way a browser does (WHATWG Fetch's data: URL processor, through the
 * `data-urls` package), so the bytes Imprint checks are the bytes a reading system would show.
 * It says what the URL declares and carries; whether those bytes are an image, and the right
 * one, is the caller's question (see `sniff.ts`): a URL that says image/jpeg may carry a PNG.
 */
import { createRequire } from 'node:module';

/** The part of `data-urls`' answer used here (the package ships no type declarations). */
interface ParsedDataUrl {
  /** A whatwg-mimetype `MIMEType`; `essence` is `type/subtype` without parameters. */
  mimeType: { essence: string };
  body: Uint8Array;
}

// data-urls is CommonJS without types: load it through `require` and state the one call used.
const parseDataUrl = createRequire(import.meta.url)('data-urls') as (input: string) => ParsedDataUrl | null;

/** Why a `data:` URL gave no bytes. */
export type DataUriProblem = 'not-a-data-url' | 'unparseable' | 'broken-base64' | 'empty';

/** The bytes of a `data:` URL and the type it declares, or why there are none. */
export type DataUriResult =
  | { ok: true; bytes: Uint8Array; declaredType: string }
  | { ok: false; problem: DataUriProblem; message: string };

/**
 * Decodes `url`. Never throws: a broken URL is something to report at the image's place.
 * `declaredType` is the MIME type's essence in lower case (`image/png`); a URL that declares
 * none, or an invalid one, declares `text/plain`, as the standard says.
 */
export function decodeDataUri(url: string): DataUriResult {
  const parsed = parseDataUrl(url);
  if (parsed) {
    if (parsed.body.length === 0) return broken('empty', 'The data: URL carries no bytes');
    return { ok: true, bytes: parsed.body, declaredType: parsed.mimeType.essence };
  }
  // data-urls answers null for every failure; the URL itself tells which one it was.
  if (!URL.canParse(url)) return broken('unparseable', 'This is not a URL that can be parsed');
  if (new URL(url).protocol !== 'data:') return broken('not-a-data-url', 'This URL is not a data: URL');
  if (!url.includes(',')) return broken('unparseable', 'The data: URL has no comma between its type and its data');
  return broken('broken-base64', 'The data: URL says base64 but its data is not valid base64');
}

function broken(problem: DataUriProblem, message: string): DataUriResult {
  return { ok: false, problem, message };
}
