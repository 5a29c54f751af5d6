/**
 * The printed page: size, margins, running head and page numbers, generated per build because
 * they depend on the paper and the title. Chromium draws `@page` margin boxes but prints nothing
 * for `string()`, so the title goes into the rule itself, as an escaped CSS string.
 */
import type { Layout, Paper } from './config.ts';

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

/** Escapes text for a double-quoted CSS string that also sits inside an HTML `<style>` element. */
export function cssString(text: string): string {
  const escaped = text.replace(/[\\"<>\n\r\f]/g, (character) => `\\${character.codePointAt(0)!.toString(16)} `);
  return `"${escaped}"`;
}

/** The `@page` rules for one print: size, margins, running head (not on the first page) and "Page N of M". */
export function pageCss(options: { size: PageSize; runningHead: string; layout: Layout }): string {
  const { size, margin, fontSize } = pageGeometry(options.size);
  const furniture = `font-family: 'Source Serif 4', serif; font-size: 8.5pt; color: #555;`;
  return `@page {
  size: ${size};
  margin: ${margin};
  @top-center { content: ${cssString(options.runningHead)}; font-style: italic; ${furniture} }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); ${furniture} }
}
@page :first {
  @top-center { content: none; }
${options.layout === 'book' ? '  @bottom-center { content: none; }\n' : ''}}
@media print {
  html { font-size: ${fontSize}; }
}
`;
}
