/**
 * A capture's bytes as text, decoded as the capture says it is encoded and refused when it is not:
 * a byte order mark first, then (for a page) the charset its server or its `<meta>` declares, else
 * UTF-8. GB18030, GBK, Big5, Shift-JIS and the other WHATWG encodings are decoded by Node's own
 * TextDecoder; a capture that is not valid in its declared encoding is an ImportProblem, never
 * text with replacement characters. One exception, said in a warning: a page whose `<meta>` names
 * a legacy encoding but whose bytes are valid UTF-8 was saved again as UTF-8 by an editor that left
 * the old declaration in, and is read as UTF-8 (legacy text is almost never valid UTF-8 by chance).
 */
import { ImportProblem } from './problems.ts';

/** How many non-ASCII bytes make valid UTF-8 proof of UTF-8 against a page's legacy `<meta charset>`. */
const MIN_NON_ASCII_FOR_UTF8 = 48;

/** Captures larger than this are refused before anything is parsed. */
export const MAX_CAPTURE_BYTES = 20 * 1024 * 1024;

/** A capture's text, and what the reader of the report should know about its encoding. */
export interface DecodedCapture {
  text: string;
  warning?: string;
}

/** The text of a capture; `kind` says whether a `<meta charset>` may name its encoding. */
export function decodeCapture(bytes: Uint8Array, kind: 'html' | 'text', declared?: string): DecodedCapture {
  if (bytes.byteLength > MAX_CAPTURE_BYTES) {
    throw new ImportProblem(`The capture is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; Imprint imports captures up to ${MAX_CAPTURE_BYTES / 1024 / 1024} MB`);
  }
  const bom = byteOrderMark(bytes);
  const inMeta = bom ?? declared ? undefined : kind === 'html' ? metaCharset(bytes) : undefined;
  const label = bom ?? declared ?? inMeta ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new ImportProblem(`The capture declares the encoding "${label}", which Imprint does not know`);
  }
  if (decoder.encoding !== 'utf-16le' && decoder.encoding !== 'utf-16be' && bytes.includes(0)) {
    throw new ImportProblem(`This is binary data, not a web page or text (a NUL byte at byte ${bytes.indexOf(0)})`);
  }
  const resaved = inMeta && decoder.encoding !== 'utf-8' ? resavedAsUtf8(bytes) : undefined;
  if (resaved !== undefined) {
    const name = decoder.encoding.toUpperCase();
    return checked({ text: resaved, warning: `The page's <meta charset> says ${name}, but its bytes are valid UTF-8 (it was saved again as UTF-8 with the old declaration left in): it is read as UTF-8` });
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const named = bom ? 'its byte order mark says' : declared ? 'its server declares' : label === 'utf-8' ? 'is expected when nothing else is declared' : 'its <meta charset> declares';
    throw new ImportProblem(`The capture is not valid ${decoder.encoding.toUpperCase()}, as ${named}: save it again in its own encoding, or as UTF-8`);
  }
  return checked({ text });
}

function checked(decoded: DecodedCapture): DecodedCapture {
  if (decoded.text.trim() === '') throw new ImportProblem('The capture is empty');
  return decoded;
}

/**
 * The text of `bytes` when they are valid UTF-8 with enough non-ASCII bytes that no legacy text
 * would be valid UTF-8 by chance (two GBK characters can be, as Notepad's 联通 showed; dozens cannot).
 */
function resavedAsUtf8(bytes: Uint8Array): string | undefined {
  let nonAscii = 0;
  for (const byte of bytes) if (byte >= 0x80) nonAscii++;
  if (nonAscii < MIN_NON_ASCII_FOR_UTF8) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function byteOrderMark(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * The charset a page's `<meta charset>` or `<meta http-equiv="Content-Type">` names within its
 * first 1024 bytes, where the HTML standard's prescan looks for it.
 */
export function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return direct?.[1]?.toLowerCase();
}

/** The charset of an HTTP Content-Type header, when it names one. */
export function headerCharset(contentType: string | null): string | undefined {
  return /charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}
