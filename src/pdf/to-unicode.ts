/**
 * What the glyphs of a shown string read as, from the font's ToUnicode CMap (ISO 32000-1, 9.10.3).
 * The soft-hyphen pass asks it one thing: is the glyph under a soft hyphen's ActualText a blank
 * (a soft hyphen where no line broke, which can go) or a drawn hyphen (which must stay)?
 * It reads the codes of the fonts Chromium writes: Type0 fonts in Identity-H or Identity-V (two
 * bytes a code) and simple fonts (one byte). Other encodings split codes by a CMap's code space;
 * for them it gives no reader, and the pass keeps their glyphs.
 */
import { PDFDict, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import type { Operand } from './content-lexer.ts';
import { parseContentStream } from './content-stream.ts';

/** The text a shown string's glyphs map to; undefined when one of them maps to nothing. */
export type GlyphReader = (bytes: Uint8Array) => string | undefined;

/** A reader for the font's glyphs, or undefined when its codes or its ToUnicode cannot be read. */
export function glyphReader(font: PDFDict): GlyphReader | undefined {
  const toUnicode = font.lookup(PDFName.of('ToUnicode'));
  if (!(toUnicode instanceof PDFRawStream)) return undefined;
  const subtype = font.lookup(PDFName.of('Subtype'));
  const encoding = font.lookup(PDFName.of('Encoding'));
  const composite = subtype instanceof PDFName && subtype.decodeText() === 'Type0';
  if (composite && !(encoding instanceof PDFName && /^Identity-[HV]$/.test(encoding.decodeText()))) return undefined;
  const width = composite ? 2 : 1;
  let map: Map<number, string>;
  try {
    map = readToUnicode(decodePDFRawStream(toUnicode).decode());
  } catch {
    return undefined;
  }
  return (bytes) => {
    if (bytes.length % width !== 0) return undefined;
    let text = '';
    for (let index = 0; index < bytes.length; index += width) {
      const mapped = map.get(width === 2 ? (bytes[index]! << 8) | bytes[index + 1]! : bytes[index]!);
      // Chromium maps a ligature's glyph to U+0000 and gives its text in an ActualText instead.
      if (mapped === undefined || mapped === '' || mapped === '\u0000') return undefined;
      text += mapped;
    }
    return text;
  };
}

/** Ranges longer than this are not expanded: no font has them, and a damaged CMap should not cost a second. */
const MAX_RANGE = 0x10000;

/** The bfchar and bfrange mappings of a ToUnicode CMap, by code. */
export function readToUnicode(bytes: Uint8Array): Map<number, string> {
  const map = new Map<number, string>();
  for (const { operator, operands } of parseContentStream(bytes)) {
    if (operator === 'endbfchar') {
      for (let index = 0; index + 1 < operands.length; index += 2) {
        const code = operands[index];
        const target = operands[index + 1];
        if (code?.type === 'string' && target?.type === 'string') map.set(codeOf(code.bytes), utf16(target.bytes));
      }
    } else if (operator === 'endbfrange') {
      for (let index = 0; index + 2 < operands.length; index += 3) {
        const [low, high, target] = operands.slice(index, index + 3) as [Operand, Operand, Operand];
        if (low.type !== 'string' || high.type !== 'string') continue;
        const first = codeOf(low.bytes);
        const last = codeOf(high.bytes);
        if (last < first || last - first >= MAX_RANGE) continue;
        for (let code = first; code <= last; code++) {
          const text = rangeTarget(target, code - first);
          if (text !== undefined) map.set(code, text);
        }
      }
    }
  }
  return map;
}

/** The text the `offset`-th code of a bfrange maps to: a string whose last unit counts up, or the array's item. */
function rangeTarget(target: Operand, offset: number): string | undefined {
  if (target.type === 'array') {
    const item = target.items[offset];
    return item?.type === 'string' ? utf16(item.bytes) : undefined;
  }
  if (target.type !== 'string' || target.bytes.length < 2) return undefined;
  const text = utf16(target.bytes);
  return text.slice(0, -1) + String.fromCharCode(text.charCodeAt(text.length - 1) + offset);
}

function codeOf(bytes: Uint8Array): number {
  return bytes.reduce((code, byte) => code * 256 + byte, 0);
}

function utf16(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index + 1 < bytes.length; index += 2) text += String.fromCharCode((bytes[index]! << 8) | bytes[index + 1]!);
  return text;
}
