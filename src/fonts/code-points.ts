/**
 * Code points and ranges of them: the text's characters, and the unicode-range descriptors that
 * say which characters a subset file serves.
 */

/** An inclusive range of code points. */
export interface CodePointRange {
  first: number;
  last: number;
}

/**
 * Characters that need no glyph of their own: controls, spaces, format characters (joiners,
 * soft hyphens, bidi marks) and variation selectors.
 */
const NEEDS_NO_GLYPH = /^[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;

/** The distinct code points of a text, ascending. */
export function codePointsOf(text: string): number[] {
  const points = new Set<number>();
  for (const character of text) points.add(character.codePointAt(0) ?? 0);
  return [...points].sort((a, b) => a - b);
}

/** Whether a code point is printed with a glyph, so that some face has to provide one. */
export function needsGlyph(point: number): boolean {
  return !NEEDS_NO_GLYPH.test(String.fromCodePoint(point));
}

/** Whether a code point lies in one of the ranges. */
export function inRanges(point: number, ranges: readonly CodePointRange[]): boolean {
  return ranges.some(({ first, last }) => point >= first && point <= last);
}

/** Code points gathered into runs of consecutive ones. */
export function rangesOf(points: ReadonlySet<number>): CodePointRange[] {
  const ranges: CodePointRange[] = [];
  for (const point of [...points].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && point === last.last + 1) last.last = point;
    else ranges.push({ first: point, last: point });
  }
  return ranges;
}

/** Code point ranges → `U+0020-007E,U+00A0`. */
export function formatUnicodeRange(ranges: readonly CodePointRange[]): string {
  const hex = (point: number) => point.toString(16).toUpperCase().padStart(4, '0');
  return ranges.map(({ first, last }) => (first === last ? `U+${hex(first)}` : `U+${hex(first)}-${hex(last)}`)).join(',');
}

/** `U+0000-00FF,U+0131,U+4??` → code point ranges. */
export function parseUnicodeRange(value: string): CodePointRange[] {
  return value.split(',').map((item) => {
    const match = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(item);
    if (!match?.[1]) throw new Error(`Unreadable unicode-range item: ${item}`);
    const start = match[1];
    const end = match[2];
    if (start.includes('?')) {
      return { first: parseInt(start.replaceAll('?', '0'), 16), last: parseInt(start.replaceAll('?', 'F'), 16) };
    }
    const first = parseInt(start, 16);
    return { first, last: end ? parseInt(end, 16) : first };
  });
}
