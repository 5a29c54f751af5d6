/**
 * The standalone HTML edition: the body tree wrapped with the title block, the colophon, the
 * metadata and the style sheets (inlined, fonts included). Chromium prints exactly this page.
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { metadataElements } from '../attribution/html-metadata.ts';
import { colophon } from '../attribution/title-and-colophon.ts';
import { typesetText } from '../attribution/typeset.ts';
import { selectFonts } from '../fonts/select.ts';
import { codeText, collectHeadings, plainText, type Heading } from '../manuscript/headings.ts';
import type { Chapter, CreditedChapter, EditionImages } from '../model.ts';
import type { Layout } from '../options/build-options.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import { bookContent, handoutContent } from './book-layout.ts';
import { fillPageReferences } from './page-references.ts';
import { readStyle, standaloneDocument, stringifyHtml } from './document.ts';
import { pageCss, textBlockWidthPt, type ChapterRunningHead, type PageSize } from './page-style.ts';
import { inlineImages, printedBody } from './printed-body.ts';
import { fitRunningHead } from './running-head.ts';

/** How the page is laid out when printed. */
export interface PageOptions {
  size: PageSize;
  layout: Layout;
  /** Page numbers for the contents list, by heading id, once a first print has found them. */
  tocPages?: ReadonlyMap<string, number>;
  /** A script for the live preview (never in an edition). */
  previewScript?: string;
  /** The user's style sheet (`--style`), last, so it wins. */
  userCss?: string;
  /**
   * Soft hyphens for the page Chromium prints: it has no hyphenation dictionaries here. The HTML
   * edition leaves hyphenation to the reader's browser (`hyphens: auto`), so its text stays whole.
   */
  hyphenate?: boolean;
}

/** The class of the printed page's body when its text carries soft hyphens. */
export const HYPHENATED_CLASS = 'hyphenated';

/** The rendered page and what later stages need to know about it. */
export interface RenderedPage {
  html: string;
  /** Every heading of the page, in order (title, contents, text, colophon). */
  headings: Heading[];
  /** Ids of the headings the contents list points to; empty when there is no contents list. */
  tocIds: string[];
  /** Font packages the text needs but that are not installed. */
  missingFontPackages: string[];
  /** Code points no bundled face has a glyph for. */
  uncoveredCodePoints: number[];
}

/** What the page is made of. */
export interface PageContent {
  matter: FrontMatter;
  /** The article's text, or a book's chapter sections. */
  body: ElementContent[];
  /** A book's chapters, for the colophon's credits and the running heads; empty for an article. */
  chapters: readonly (CreditedChapter & Partial<Pick<Chapter, 'id'>>)[];
  /** Images by their `src`, inlined so the page stands alone. */
  images: EditionImages;
  imprintVersion: string;
}

/** The complete HTML document for one manuscript. */
export async function renderHtml(content: PageContent, page: PageOptions): Promise<RenderedPage> {
  const { matter, chapters, images, imprintVersion } = content;
  const body = inlineImages(page.hyphenate ? printedBody(content.body, matter, page.size) : content.body, images);
  const { content: laidOut, tocIds: contentsIds } = page.layout === 'book' ? bookContent(matter, body, page.tocPages) : handoutContent(matter, body);
  // Only the printed page has pages to name; the HTML edition keeps each target's name.
  const tocIds = page.hyphenate ? [...new Set([...contentsIds, ...fillPageReferences(laidOut, page.tocPages, matter.lang)])] : contentsIds;
  const article = h('article', [...laidOut, colophon(matter, imprintVersion, chapters)]);
  const heads = await runningHeads(matter, chapters, page.size);
  const headText = [heads.book, ...heads.chapters.map((chapter) => chapter.head)].join(' ');
  const [fonts, base, print] = await Promise.all([
    selectFonts({ text: `${plainText(article)} ${headText}`, codeText: codeText(article), lang: matter.lang }),
    readStyle('base.css'),
    readStyle('print.css'),
  ]);
  const style = [
    fonts.css,
    base,
    print,
    `:root { --text-font: ${fonts.fontFamily}; --code-font: ${fonts.codeFontFamily}; }`,
    pageCss({ size: page.size, runningHead: heads.book, layout: page.layout, fontFamily: fonts.fontFamily, chapters: heads.chapters }),
    page.userCss ?? '',
  ].join('\n');
  const document = standaloneDocument({
    lang: matter.lang,
    title: matter.title,
    head: [h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), ...metadataElements(matter, imprintVersion)],
    css: style,
    body: h('body', { className: [`layout-${page.layout}`, ...(page.hyphenate ? [HYPHENATED_CLASS] : [])] }, [article, ...(page.previewScript ? [h('script', page.previewScript)] : [])]),
  });
  return { html: stringifyHtml(document), headings: collectHeadings(article), tocIds, missingFontPackages: fonts.missingPackages, uncoveredCodePoints: fonts.uncovered };
}

/** The book's running head and each chapter's, fitted to the text block. */
async function runningHeads(matter: FrontMatter, chapters: PageContent['chapters'], size: PageSize): Promise<{ book: string; chapters: ChapterRunningHead[] }> {
  const width = textBlockWidthPt(size);
  const book = await fitRunningHead(typesetText(matter.short_title ?? matter.title), width);
  const named = chapters.flatMap((chapter) => (chapter.id ? [{ id: chapter.id, title: chapter.matter?.short_title ?? chapter.title }] : []));
  return { book, chapters: await Promise.all(named.map(async ({ id, title }) => ({ id, head: await fitRunningHead(typesetText(title), width) }))) };
}
