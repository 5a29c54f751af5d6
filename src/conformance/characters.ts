/**
 * Characters no edition can carry. XML 1.0 forbids the C0 controls but tab, line feed and
 * carriage return, U+FFFE, U+FFFF and lone surrogates: one of them makes an EPUB document
 * ill-formed (EPUBCheck RSC-016, a fatal error). HTML's parser also reports DEL, the C1 controls
 * and the noncharacters. Pasted web text and PDFs bring all of them.
 */

/** U+nFFFE and U+nFFFF of every plane. */
const PLANE_NONCHARACTERS = Array.from({ length: 17 }, (_, plane) => {
  const base = plane * 0x10000;
  return `\\u{${(base + 0xfffe).toString(16)}}\\u{${(base + 0xffff).toString(16)}}`;
}).join('');

/** One character no edition can carry; `\p{Cs}` with the `u` flag matches lone surrogates only. */
export const UNCARRIABLE = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF${PLANE_NONCHARACTERS}\\p{Cs}]`, 'u');
const UNCARRIABLE_ALL = new RegExp(UNCARRIABLE.source, 'gu');

/** Controls that separate words (CommonMark counts form feed as whitespace): they become a space. */
const SEPARATORS = new Set([0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x1f, 0x85]);

/** How a character is replaced: in running text, by nothing or a space; in code, by a visible stand-in. */
export type Context = 'text' | 'code';

/** The text with every uncarriable character replaced; `count` says how many there were. */
export function replaceUncarriable(value: string, context: Context): { value: string; count: number } {
  let count = 0;
  const replaced = value.replace(UNCARRIABLE_ALL, (character) => {
    count += 1;
    return replacement(character, context);
  });
  return { value: count === 0 ? value : replaced, count };
}

function replacement(character: string, context: Context): string {
  const code = character.codePointAt(0)!;
  if (context === 'code') {
    // Control Pictures (U+2400–U+2421) show which control it was; the rest show as U+FFFD.
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  }
  return SEPARATORS.has(code) ? ' ' : '';
}

/** "U+000C" for a character. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The offset and character of the first uncarriable character in `text` from `start` to `end`, if any. */
export function firstUncarriable(text: string, start = 0, end = text.length): { offset: number; character: string } | undefined {
  const match = UNCARRIABLE.exec(text.slice(start, end));
  return match ? { offset: start + match.index, character: match[0] } : undefined;
}
