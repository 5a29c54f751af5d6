/**
 * The printed page: size, margins, running head and page numbers, generated per build because
 * they depend on the paper and the title. Chromium draws `@page` margin boxes but prints nothing
 * for `string()`, so the title goes into the rule itself, as an escaped CSS string.
 */
import type { Layout, Paper } from '../options/build-options.ts';

/** A page size Chromium prints on, with the margins and text size that suit it. */
export interface PageGeometry {
  /** The CSS `size` value. */
  size: string;
  /** The CSS `margin` value: top, right, bottom, left. */
  margin: string;
  /** The base text size in print. */
  fontSize: string;
}

/** Pages a PDF can be printed on: the papers, and the half-sheets a booklet is made of. */
export type PageSize = Paper | 'half-letter';

const GEOMETRY: Record<PageSize, PageGeometry> = {
  a4: { size: '210mm 297mm', margin: '22mm 22mm 24mm 22mm', fontSize: '10.5pt' },
  letter: { size: '8.5in 11in', margin: '0.85in 0.9in 0.95in 0.9in', fontSize: '10.5pt' },
  a5: { size: '148mm 210mm', margin: '16mm 15mm 18mm 15mm', fontSize: '9.5pt' },
  'half-letter': { size: '5.5in 8.5in', margin: '0.6in 0.55in 0.7in 0.55in', fontSize: '9.5pt' },
};

/** The page a booklet's pages are printed on: half of the sheet it is imposed on. */
export const BOOKLET_PAGE = { a4: 'a5', letter: 'half-letter' } as const satisfies Record<string, PageSize>;

/** The geometry of a page size. */
export function pageGeometry(size: PageSize): PageGeometry {
  return GEOMETRY[size];
}

/** The running heads' size, in points (the style of the page's furniture). */
export const RUNNING_HEAD_SIZE_PT = 8.5;

const POINTS_PER_UNIT: Record<string, number> = { mm: 72 / 25.4, in: 72, pt: 1 };

/** The text block: the page inside its margins, in points. */
export function textBlockPt(size: PageSize): { width: number; height: number } {
  const { size: paper, margin } = GEOMETRY[size];
  const points = (length: string) => {
    const [, number = '0', unit = 'pt'] = /^([\d.]+)(mm|in|pt)$/.exec(length) ?? [];
    return Number(number) * POINTS_PER_UNIT[unit]!;
  };
  const [paperWidth = '0', paperHeight = '0'] = paper.split(' ');
  const [top = '0', right = '0', bottom = '0', left = '0'] = margin.split(' ');
  return { width: points(paperWidth) - points(right) - points(left), height: points(paperHeight) - points(top) - points(bottom) };
}

/** The width between the left and right margins, in points. */
export function textBlockWidthPt(size: PageSize): number {
  return textBlockPt(size).width;
}

/**
 * The text block in CSS pixels, as the page-foot footnotes lay pages out: the full width (lines
 * must break as they print) and a height a pixel short of the page's, so that rounding never
 * lets a page's box spill onto another page.
 */
export function textBlockPx(size: PageSize): { width: number; height: number } {
  const { width, height } = textBlockPt(size);
  return { width: (width * 96) / 72, height: Math.floor((height * 96) / 72) - 1 };
}

/** The size of code in print, relative to the text (print.css sets `pre` at this). */
export const CODE_SIZE_EM = 0.88;
/** Source Code Pro's advance, in ems: every character of the code face is this wide. */
export const CODE_ADVANCE_EM = 0.6;

/** How many characters of code fit across the text block. */
export function codeColumns(size: PageSize): number {
  const fontSizePt = Number.parseFloat(GEOMETRY[size].fontSize);
  return Math.floor(textBlockWidthPt(size) / (fontSizePt * CODE_SIZE_EM * CODE_ADVANCE_EM));
}

/** Escapes text for a double-quoted CSS string that also sits inside an HTML `<style>` element. */
export function cssString(text: string): string {
  const escaped = text.replace(/[\\"<>\n\r\f]/g, (character) => `\\${character.codePointAt(0)!.toString(16)} `);
  return `"${escaped}"`;
}

/** A chapter's own running head: the section it names and the text it shows. */
export interface ChapterRunningHead {
  /** The id of the chapter's section. */
  id: string;
  head: string;
}

/**
 * The `@page` rules for one print: size, margins, running head (not on the first page) and "Page N
 * of M". In a book each chapter's pages are a named page whose running head is the chapter's.
 */
export function pageCss(options: {
  size: PageSize;
  runningHead: string;
  layout: Layout;
  /** The text's font-family list: custom properties do not reach the page's margin boxes. */
  fontFamily: string;
  chapters?: readonly ChapterRunningHead[];
}): string {
  const { size, margin, fontSize } = pageGeometry(options.size);
  const furniture = `font-family: ${options.fontFamily}; font-size: ${RUNNING_HEAD_SIZE_PT}pt; color: #555;`;
  // One line: Chromium cuts nothing in a margin box, so the heads come already fitted (see fitRunningHead).
  const head = (text: string) => `@top-center { content: ${cssString(text)}; font-style: italic; white-space: nowrap; ${furniture} }`;
  const chapters = (options.layout === 'book' ? (options.chapters ?? []) : []).map(
    (chapter, index) => `section[id=${cssString(chapter.id)}] { page: chapter-${index + 1}; }\n@page chapter-${index + 1} {\n  ${head(chapter.head)}\n}\n`,
  );
  return `@page {
  size: ${size};
  margin: ${margin};
  ${head(options.runningHead)}
  @bottom-center { content: "Page " counter(page) " of " counter(pages); ${furniture} }
}
@page :first {
  @top-center { content: none; }
${options.layout === 'book' ? '  @bottom-center { content: none; }\n' : ''}}
${chapters.join('')}@media print {
  html { font-size: ${fontSize}; }
}
`;
}
