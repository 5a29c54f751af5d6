/**
 * The bytes of PDF tokens (ISO 32000-1, 7.2): which bytes are whitespace, delimiters or regular,
 * and the reading of a regular token's bytes as a number or a word. The content stream reader's
 * hot path (see content-stream.ts): read by hand, by byte.
 */

/** Byte classes (7.2.2, 7.2.3): 1 whitespace, 2 delimiter, 0 regular. */
export const BYTE_CLASS = new Uint8Array(256);
for (const byte of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) BYTE_CLASS[byte] = 1;
for (const char of '()<>[]{}/%') BYTE_CLASS[char.charCodeAt(0)] = 2;

/** True for a whitespace byte: tokens are separated by them. */
export function isWhitespace(byte: number | undefined): boolean {
  return byte !== undefined && BYTE_CLASS[byte] === 1;
}

/** True for a byte that is neither whitespace nor a delimiter: two such bytes side by side run into one token. */
export function isRegular(byte: number | undefined): boolean {
  return byte !== undefined && BYTE_CLASS[byte] === 0;
}

/**
 * The number `start`..`end` spells (`[+-]?` digits with at most one `.`), or undefined when it is
 * none. Read by hand: content streams are mostly numbers, and this is the reader's hot path. A
 * quotient of two exact integers rounds as Number() does; longer numbers are left to Number().
 */
export function readNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  let index = start;
  const sign = bytes[index] === 0x2d ? -1 : 1;
  if (bytes[index] === 0x2d || bytes[index] === 0x2b) index++;
  let value = 0;
  let scale = 0; // 0 before the decimal point, then 10 to the number of digits after it
  let digits = 0;
  for (; index < end; index++) {
    const digit = bytes[index]! - 0x30;
    if (digit === 0x2e - 0x30 && scale === 0) {
      scale = 1;
      continue;
    }
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
    scale *= 10;
    digits++;
  }
  if (digits === 0) return undefined;
  if (digits > 15) return Number(latin1(bytes, start, end));
  return (sign * value) / (scale || 1);
}

/** The value of a hex digit byte, or -1 for any other byte. */
export function hexDigit(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** Operators of up to three bytes, by their bytes: a page's hundred thousand Td and Tj become a few strings. */
const SHORT_WORDS = new Map<number, string>();

/** An operator's text, from the bytes `start`..`end` (at most three), made once for each operator. */
export function shortWord(bytes: Uint8Array, start: number, end: number): string {
  let key = end - start;
  for (let index = start; index < end; index++) key = key * 256 + bytes[index]!;
  let word = SHORT_WORDS.get(key);
  if (word === undefined) SHORT_WORDS.set(key, (word = latin1(bytes, start, end)));
  return word;
}

/** The bytes `start`..`end` as Latin-1 text. */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let index = start; index < end; index++) text += String.fromCharCode(bytes[index]!);
  return text;
}
