/**
 * The tokens of a PDF content stream (ISO 32000-1, 7.2) and the values they make: the lexer the
 * content stream reader (content-stream.ts) is built on.
 */
import { BYTE_CLASS, hexDigit, isRegular, isWhitespace, latin1, readNumber, shortWord } from './content-bytes.ts';

/** A value an operation takes, with the byte range it was read from. */
export type Operand =
  | { type: 'number'; value: number; start: number; end: number }
  | { type: 'name'; value: string; start: number; end: number }
  | { type: 'string'; bytes: Uint8Array; start: number; end: number }
  | { type: 'keyword'; value: 'true' | 'false' | 'null'; start: number; end: number }
  | { type: 'array'; items: Operand[]; start: number; end: number }
  | { type: 'dict'; entries: Map<string, Operand>; start: number; end: number };

/** Content that does not follow the lexical rules. */
export class ContentSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'ContentSyntaxError';
  }
}

/** A token: a value, an operator, or the bracket that opens or closes an array or a dictionary. */
export type Token =
  | Operand
  | { type: 'operator'; value: string; start: number; end: number }
  | { type: 'open'; value: '[' | '<<'; start: number; end: number }
  | { type: 'close'; value: ']' | '>>'; start: number; end: number };

/** A complete value starting at `token`, reading the rest of an array or dictionary. */
export function readValue(lexer: Lexer, token: Token): Operand {
  if (token.type === 'operator' || token.type === 'close') throw new ContentSyntaxError(`Unexpected "${token.value}"`, token.start);
  if (token.type !== 'open') return token;
  const close = token.value === '[' ? ']' : '>>';
  const items: Operand[] = [];
  for (let next = lexer.next(); next; next = lexer.next()) {
    if (next.type !== 'close') {
      items.push(readValue(lexer, next));
      continue;
    }
    if (next.value !== close) throw new ContentSyntaxError(`"${next.value}" closes "${token.value}"`, next.start);
    const range = { start: token.start, end: next.end };
    if (close === ']') return { type: 'array', items, ...range };
    if (items.length % 2 !== 0) throw new ContentSyntaxError('Dictionary with a key and no value', token.start);
    const entries = new Map<string, Operand>();
    for (let index = 0; index < items.length; index += 2) {
      const key = items[index]!;
      if (key.type !== 'name') throw new ContentSyntaxError('Dictionary key that is not a name', key.start);
      entries.set(key.value, items[index + 1]!);
    }
    return { type: 'dict', entries, ...range };
  }
  throw new ContentSyntaxError(`Unclosed "${token.value}"`, token.start);
}

/** Reads a stream's tokens one at a time. */
export class Lexer {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** The next token, past whitespace and comments; undefined at the end of the stream. */
  next(): Token | undefined {
    const bytes = this.bytes;
    for (;;) {
      while (this.position < bytes.length && BYTE_CLASS[bytes[this.position]!] === 1) this.position++;
      if (bytes[this.position] !== 0x25) break; // a comment runs to the end of the line
      while (this.position < bytes.length && bytes[this.position] !== 0x0a && bytes[this.position] !== 0x0d) this.position++;
    }
    if (this.position >= bytes.length) return undefined;
    const start = this.position;
    switch (bytes[start]) {
      case 0x28: // (
        return this.literalString(start);
      case 0x3c: // <
        if (bytes[start + 1] !== 0x3c) return this.hexString(start);
        return { type: 'open', value: '<<', start, end: (this.position += 2) };
      case 0x3e: // >
        if (bytes[start + 1] !== 0x3e) throw new ContentSyntaxError('Lone ">"', start);
        return { type: 'close', value: '>>', start, end: (this.position += 2) };
      case 0x5b: // [
        return { type: 'open', value: '[', start, end: ++this.position };
      case 0x5d: // ]
        return { type: 'close', value: ']', start, end: ++this.position };
      case 0x2f: // /
        return this.name(start);
      case 0x29: // )
      case 0x7b: // { and } belong to PostScript functions, never to content or ToUnicode
      case 0x7d:
        throw new ContentSyntaxError(`Unexpected "${String.fromCharCode(bytes[start]!)}"`, start);
    }
    while (this.position < bytes.length && BYTE_CLASS[bytes[this.position]!] === 0) this.position++;
    const end = this.position;
    const value = readNumber(bytes, start, end);
    if (value !== undefined) return { type: 'number', value, start, end };
    const word = end - start <= 3 ? shortWord(bytes, start, end) : latin1(bytes, start, end);
    if (word === 'true' || word === 'false' || word === 'null') return { type: 'keyword', value: word, start, end };
    return { type: 'operator', value: word, start, end };
  }

  private literalString(start: number): Token {
    const bytes = this.bytes;
    const out: number[] = [];
    let depth = 1;
    let index = start + 1;
    while (index < bytes.length) {
      const byte = bytes[index++]!;
      if (byte === 0x5c && index < bytes.length) {
        const escaped = bytes[index++]!;
        const simple = ESCAPES[escaped];
        if (simple !== undefined) out.push(simple);
        else if (escaped === 0x0d) {
          if (bytes[index] === 0x0a) index++; // a backslash before an end of line continues the string
        } else if (escaped >= 0x30 && escaped <= 0x37) {
          // \d, \dd or \ddd in octal; overflow past a byte is ignored.
          let value = escaped - 0x30;
          for (let digits = 1; digits < 3 && bytes[index]! >= 0x30 && bytes[index]! <= 0x37; digits++) value = value * 8 + bytes[index++]! - 0x30;
          out.push(value & 0xff);
        } else if (escaped !== 0x0a) {
          out.push(escaped); // \( \) \\ stand for themselves, and the backslash before any other byte is ignored
        }
      } else if (byte === 0x0d) {
        if (bytes[index] === 0x0a) index++; // an end of line in a string, whatever its bytes, reads as one line feed
        out.push(0x0a);
      } else if (byte === 0x29 && --depth === 0) {
        this.position = index;
        return { type: 'string', bytes: Uint8Array.from(out), start, end: index };
      } else {
        if (byte === 0x28) depth++;
        out.push(byte);
      }
    }
    throw new ContentSyntaxError('Unterminated literal string', start);
  }

  private hexString(start: number): Token {
    const bytes = this.bytes;
    const close = bytes.indexOf(0x3e, start + 1);
    if (close < 0) throw new ContentSyntaxError('Unterminated hex string', start);
    let digits = 0;
    for (let index = start + 1; index < close; index++) {
      if (BYTE_CLASS[bytes[index]!] === 1) continue;
      if (hexDigit(bytes[index]) < 0) throw new ContentSyntaxError('Hex string with a byte that is not a hex digit', index);
      digits++;
    }
    // An odd last digit is followed by an implied 0.
    const out = new Uint8Array((digits + 1) >> 1);
    for (let index = start + 1, digit = 0; index < close; index++) {
      if (BYTE_CLASS[bytes[index]!] === 1) continue;
      out[digit >> 1]! |= hexDigit(bytes[index]) << (digit % 2 === 0 ? 4 : 0);
      digit++;
    }
    this.position = close + 1;
    return { type: 'string', bytes: out, start, end: this.position };
  }

  private name(start: number): Token {
    const bytes = this.bytes;
    let index = start + 1;
    let value = '';
    while (index < bytes.length && BYTE_CLASS[bytes[index]!] === 0) {
      const high = bytes[index] === 0x23 ? hexDigit(bytes[index + 1]) : -1;
      const low = high >= 0 ? hexDigit(bytes[index + 2]) : -1;
      value += String.fromCharCode(low >= 0 ? (high << 4) | low : bytes[index]!);
      index += low >= 0 ? 3 : 1;
    }
    this.position = index;
    return { type: 'name', value, start, end: index };
  }

  /**
   * Skips an inline image's dictionary and data after its `BI`; returns the offset after its `EI`.
   * The data's length is known only from /L (/Length, PDF 2.0) when it is given; without it the
   * data ends at the first `EI` between whitespace that printable content follows, as viewers read it.
   */
  skipInlineImage(afterBi: number): number {
    const bytes = this.bytes;
    const entries: Operand[] = [];
    let id: Token | undefined;
    for (let token = this.next(); token; token = this.next()) {
      if (token.type === 'operator' && token.value === 'ID') {
        id = token;
        break;
      }
      entries.push(readValue(this, token));
    }
    if (!id) throw new ContentSyntaxError('Inline image without ID', afterBi);
    const dataStart = id.end + (isWhitespace(bytes[id.end]) ? 1 : 0); // one whitespace byte separates ID from the data
    const isEi = (index: number) => bytes[index] === 0x45 && bytes[index + 1] === 0x49 && !isRegular(bytes[index + 2]);
    const lengthAt = entries.findIndex((entry, index) => index % 2 === 0 && entry.type === 'name' && (entry.value === 'L' || entry.value === 'Length'));
    const length = entries[lengthAt + 1];
    if (lengthAt >= 0 && length?.type === 'number' && Number.isInteger(length.value) && length.value >= 0) {
      let index = dataStart + length.value;
      while (isWhitespace(bytes[index])) index++;
      if (isEi(index)) return (this.position = index + 2);
    }
    for (let index = dataStart; index + 1 < bytes.length; index++) {
      if (isEi(index) && (index === dataStart || isWhitespace(bytes[index - 1])) && looksLikeContent(bytes, index + 2)) return (this.position = index + 2);
    }
    throw new ContentSyntaxError('Inline image without EI', afterBi);
  }
}

/** The byte after a backslash in a literal string, for the escapes that stand for one byte. */
const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

/** True when the bytes after a candidate `EI` are printable, as content is, rather than more image data. */
function looksLikeContent(bytes: Uint8Array, from: number): boolean {
  for (let index = from; index < Math.min(bytes.length, from + 32); index++) {
    if (BYTE_CLASS[bytes[index]!] !== 1 && (bytes[index]! < 0x20 || bytes[index]! > 0x7e)) return false;
  }
  return true;
}
