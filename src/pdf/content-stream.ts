/**
 * A reader for PDF content streams (ISO 32000-1, 7.2 lexical conventions and 7.8.2), for passes
 * that edit a stream in place: it turns the bytes into operations, each with its operands and the
 * byte range it spans, and `spliceContent` replaces ranges and leaves every other byte as it was.
 * It reads comments, literal strings (nested parentheses, escapes, octal codes, line
 * continuations), hex strings, names with `#xx` escapes, arrays, dictionaries and inline images
 * (`BI … ID data EI`). ToUnicode CMaps use the same tokens, so their reader uses it too.
 * Bytes it cannot read throw ContentSyntaxError, so that a caller can leave such a stream alone.
 * The tokens are read in content-lexer.ts (which has Operand and ContentSyntaxError), their bytes
 * in content-bytes.ts.
 */
import { isRegular } from './content-bytes.ts';
import { Lexer, readValue, type Operand } from './content-lexer.ts';

/** An operator with the operands before it; `start`..`end` runs from the first operand to the operator's last byte. */
export interface Operation {
  operator: string;
  operands: Operand[];
  start: number;
  end: number;
}

/** How to read a stream. */
export interface ParseOptions {
  /**
   * The operators whose operands the caller reads; the others come with an empty operand list
   * (their ranges still start at their first operand). A page is mostly numbers that nobody
   * reads: not keeping them halves the time the reader takes.
   */
  operandsFor?: ReadonlySet<string>;
}

/** Reads a content stream (or any stream of PDF tokens, such as a CMap) into its operations. */
export function parseContentStream(bytes: Uint8Array, options: ParseOptions = {}): Operation[] {
  const keep = options.operandsFor;
  const lexer = new Lexer(bytes);
  const operations: Operation[] = [];
  let operands: Operand[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) {
    if (token.type !== 'operator') {
      operands.push(readValue(lexer, token));
      continue;
    }
    const start = operands[0]?.start ?? token.start;
    const end = token.value === 'BI' ? lexer.skipInlineImage(token.end) : token.end;
    if (!keep || keep.has(token.value)) {
      operations.push({ operator: token.value, operands, start, end });
      operands = [];
    } else {
      operations.push({ operator: token.value, operands: NO_OPERANDS, start, end });
      operands.length = 0;
    }
  }
  // Operands with no operator after them draw nothing: they are left as they are.
  return operations;
}

const NO_OPERANDS: Operand[] = Object.freeze([]) as unknown as Operand[];

/** Replace `start`..`end` of the stream with `text` (Latin-1); an insertion where they are equal. */
export interface ContentEdit {
  start: number;
  end: number;
  text: string;
}

/** The stream with the edits made; a space is put back where an edit would run two tokens into one. */
export function spliceContent(bytes: Uint8Array, edits: readonly ContentEdit[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let position = 0;
  let last: number | undefined;
  const push = (part: Uint8Array) => {
    if (part.length === 0) return;
    if (isRegular(last) && isRegular(part[0])) parts.push(SPACE);
    parts.push(part);
    last = part[part.length - 1];
  };
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (edit.start < position) throw new Error(`Overlapping content stream edits at byte ${edit.start}`);
    push(bytes.subarray(position, edit.start));
    push(Buffer.from(edit.text, 'latin1'));
    position = edit.end;
  }
  push(bytes.subarray(position));
  return Buffer.concat(parts);
}

const SPACE = Uint8Array.of(0x20);
