/**
 * The edits that take the soft hyphens out of one content stream's text, leaving what it draws as
 * it was. Chromium draws a soft hyphen as the font's blank glyph with no advance, inside
 * `/Span <</ActualText <feff00ad>>> BDC … EMC`; where the line broke there it draws the hyphen
 * after the line, outside the span, as a glyph that ToUnicode maps to U+002D. Where HarfBuzz made
 * a ligature across a soft hyphen ("of­fi­cial"), the ligature's ActualText holds it (`f­fi`) and the
 * blank glyph is drawn inside that span. The rules:
 * - a soft hyphen leaves the ActualText (`f­fi` reads `ffi`, `­` reads nothing);
 * - a blank glyph in such a span is deleted when the next glyph is placed afresh (Td, Tm, T*, ET),
 *   so that its advance never counted: readers that skip ActualText (mupdf) then read "leading"
 *   rather than "lead ing";
 * - a span left with no glyph and no property but its ActualText goes with its marks: nothing of
 *   the soft hyphen is left. Marks with more (an MCID) stay, so the structure tree holds;
 * - glyphs that must stay read as what they draw: a hyphen reads `-`, a blank nothing.
 * Glyphs outside an ActualText are left alone: Chromium maps none of them to U+00AD.
 */
import { isWhitespace } from './content-bytes.ts';
import type { Operand } from './content-lexer.ts';
import type { ContentEdit, Operation } from './content-stream.ts';
import type { GlyphReader } from './to-unicode.ts';

/** The edits for one stream, and what they take out. */
export interface SoftHyphenEdits {
  edits: ContentEdit[];
  /** Soft hyphens taken out of ActualText. */
  removed: number;
  /** Blank glyphs deleted. */
  glyphsDeleted: number;
}

/** The operators whose operands the rules read. */
export const OPERANDS_READ: ReadonlySet<string> = new Set(['BDC', 'Tf', 'Tr', 'Tj', 'TJ', "'", '"']);

/** Edits for `operations`, read from `bytes`; `fontReader` gives the glyph reader of a font resource by name. */
export function softHyphenEdits(bytes: Uint8Array, operations: Operation[], fontReader: (name: string) => GlyphReader | undefined): SoftHyphenEdits {
  const result: SoftHyphenEdits = { edits: [], removed: 0, glyphsDeleted: 0 };
  // Each open mark: a soft-hyphen span, null for another ActualText, undefined for marks without one.
  const marks: Array<Span | null | undefined> = [];
  // The open ActualText marks: a glyph belongs to the innermost.
  const texts: Array<Span | null> = [];
  const saved: TextState[] = [];
  let state: TextState = { font: undefined, clips: false };
  for (let index = 0; index < operations.length; index++) {
    const { operator, operands } = operations[index]!;
    if (operator === 'BDC' || operator === 'BMC') {
      const mark = actualTextMark(index, operands);
      marks.push(mark);
      if (mark !== undefined) texts.push(mark);
    } else if (operator === 'EMC') {
      const mark = marks.pop();
      if (mark !== undefined) texts.pop();
      if (mark) settle(mark, index, bytes, operations, result);
    } else if (operator === 'q') {
      saved.push(state);
    } else if (operator === 'Q') {
      state = saved.pop() ?? state;
    } else if (operator === 'Tf' && operands[0]?.type === 'name') {
      state = { ...state, font: fontReader(operands[0].value) };
    } else if (operator === 'Tr' && operands[0]?.type === 'number') {
      // A glyph drawn to clip adds to the clipping path: taking one away is not worth the doubt.
      state = { ...state, clips: operands[0].value >= 4 };
    } else if (SHOWING.has(operator)) {
      // ' and " move to the next line as well: they stay, and so do glyphs that cannot be read.
      const glyphs = state.font && !state.clips && (operator === 'Tj' || operator === 'TJ') ? shownText(operands, state.font) : undefined;
      texts.at(-1)?.shows.push({ index, glyphs });
    }
  }
  return result;
}

interface TextState {
  font: GlyphReader | undefined;
  clips: boolean;
}

/** A marked-content sequence whose ActualText holds a soft hyphen, as it is read. */
interface Span {
  begin: number;
  actualText: Extract<Operand, { type: 'string' }>;
  text: TextString;
  /** Its marks carry nothing but the ActualText (no MCID): they can go. */
  bare: boolean;
  /** The glyphs shown inside; `glyphs` is undefined where they cannot be read or may not be deleted. */
  shows: Array<{ index: number; glyphs: string | undefined }>;
}

/** The span a BDC opens when its ActualText holds a soft hyphen; null for another ActualText; else undefined. */
function actualTextMark(begin: number, operands: Operand[]): Span | null | undefined {
  const [tag, properties] = operands;
  if (properties?.type !== 'dict') return undefined;
  const actualText = properties.entries.get('ActualText');
  if (actualText?.type !== 'string') return undefined;
  const text = decodeTextString(actualText.bytes);
  if (!text.chars.includes(SOFT_HYPHEN)) return null;
  return { begin, actualText, text, bare: tag?.type === 'name' && properties.entries.size === 1, shows: [] };
}

/** Adds the edits for a span that ends at `end`. */
function settle(span: Span, end: number, bytes: Uint8Array, operations: Operation[], result: SoftHyphenEdits): void {
  const chars = span.text.chars.replaceAll(SOFT_HYPHEN, '');
  result.removed += span.text.chars.length - chars.length;
  // A blank glyph can stand for a space only where the ActualText has one.
  const deletable = (show: Span['shows'][number]) =>
    !/\s/u.test(chars) && show.glyphs !== undefined && BLANK.test(show.glyphs) && placedAfresh(operations, show.index + 1);
  const remove = (index: number) => result.edits.push(deletion(bytes, operations[index]!));
  const kept = span.shows.filter((show) => !deletable(show));
  for (const show of span.shows) if (!kept.includes(show)) remove(show.index);
  result.glyphsDeleted += span.shows.length - kept.length;
  if (chars === '' && kept.length === 0 && span.bare) {
    remove(span.begin);
    remove(end);
    return;
  }
  const hyphen = chars === '' && kept.length > 0 && kept.every((show) => show.glyphs !== undefined && HYPHEN.test(show.glyphs));
  result.edits.push({ start: span.actualText.start, end: span.actualText.end, text: textStringSyntax({ ...span.text, chars: hyphen ? '-' : chars }) });
}

/**
 * Whether the next glyph after `from` is placed afresh before any glyph shows (or none follows),
 * so that the advance of the glyphs before does not count. Td and T* move from the line's start,
 * which no advance changes; the scan stops at the first operator that may draw.
 */
function placedAfresh(operations: Operation[], from: number): boolean {
  for (let index = from; index < operations.length; index++) {
    const operator = operations[index]!.operator;
    if (POSITIONING.has(operator)) return true;
    if (!NEUTRAL.has(operator)) return false;
  }
  return true;
}

/** Deletes an operation with its operands and the whitespace after it. */
function deletion(bytes: Uint8Array, operation: Operation): ContentEdit {
  let end = operation.end;
  while (isWhitespace(bytes[end])) end++;
  return { start: operation.start, end, text: '' };
}

function shownText(operands: Operand[], font: GlyphReader): string | undefined {
  let text = '';
  for (const operand of operands[0]?.type === 'array' ? operands[0].items : operands) {
    if (operand.type !== 'string') continue;
    const part = font(operand.bytes);
    if (part === undefined) return undefined;
    text += part;
  }
  return text;
}

const SOFT_HYPHEN = '\u00ad';
/** Characters that draw nothing. */
const BLANK = /^[\s\u200b-\u200d\u2060\ufeff]*$/u;
/** Characters a drawn hyphen stands for. */
const HYPHEN = /^[-\u2010\u2011]+$/u;

const SHOWING = new Set(['Tj', 'TJ', "'", '"']);
/** Operators after which the next glyph no longer depends on the advance of the glyphs before. */
const POSITIONING = new Set(['Td', 'TD', 'Tm', 'T*', 'BT', 'ET', "'", '"']);
/** Operators that change neither where the next glyph goes nor what is drawn. */
const NEUTRAL = new Set([
  ...['BDC', 'BMC', 'EMC', 'MP', 'DP'],
  ...['Tc', 'Tw', 'Tz', 'TL', 'Tf', 'Ts', 'Tr'],
  ...['g', 'G', 'rg', 'RG', 'k', 'K', 'cs', 'CS', 'sc', 'SC', 'scn', 'SCN'],
  ...['gs', 'w', 'J', 'j', 'M', 'd', 'ri', 'i', 'q', 'Q'],
]);

// Text strings (ISO 32000-1, 7.9.2.2): UTF-16BE or UTF-8 with a byte order mark, else
// PDFDocEncoding, read here as Latin-1, which agrees with it on U+00AD. Each is written back in
// its own encoding, so nothing but the soft hyphens changes.

interface TextString {
  encoding: 'utf16' | 'utf8' | 'pdfdoc';
  chars: string;
}

export function decodeTextString(bytes: Uint8Array): TextString {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let chars = '';
    for (let index = 2; index + 1 < bytes.length; index += 2) chars += String.fromCharCode((bytes[index]! << 8) | bytes[index + 1]!);
    return { encoding: 'utf16', chars };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf8', chars: Buffer.from(bytes.subarray(3)).toString('utf8') };
  return { encoding: 'pdfdoc', chars: Buffer.from(bytes).toString('latin1') };
}

/** The string as PDF syntax: `()` when empty, else a lower-case hex string, as Chromium writes them. */
export function textStringSyntax({ encoding, chars }: TextString): string {
  if (chars === '') return '()';
  if (encoding === 'pdfdoc') return `<${Buffer.from(chars, 'latin1').toString('hex')}>`;
  if (encoding === 'utf8') return `<efbbbf${Buffer.from(chars, 'utf8').toString('hex')}>`;
  const units = Buffer.alloc(chars.length * 2);
  for (let index = 0; index < chars.length; index++) units.writeUInt16BE(chars.charCodeAt(index), index * 2);
  return `<feff${units.toString('hex')}>`;
}
