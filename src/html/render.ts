/**
 * The standalone HTML edition: the body tree wrapped with the title block, the colophon, the
 * metadata and the style sheets (inlined, fonts included). Chromium prints exactly this page.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { FrontMatter, Layout } from '../options/front-matter.ts';
import { selectFonts, textWidth } from '../fonts/fonts.ts';
import { codeText, collectHeadings, plainText, type Heading } from '../manuscript/headings.ts';
import { metadataElements } from '../attribution/html-metadata.ts';
import { codeColumns, pageCss, RUNNING_HEAD_SIZE_PT, textBlockWidthPt, type PageSize } from './page-style.ts';
import rehypeCodeOverflow from '../plugins/rehype-code-overflow.ts';
import rehypeHyphenate from '../plugins/rehype-hyphenate.ts';
import rehypeTableFigure from '../plugins/rehype-table-figure.ts';
import type { EditionImage } from '../plugins/rehype-images.ts';
import { colophon, titleBlock, type CreditedChapter } from '../attribution/title-and-colophon.ts';
import { typesetText } from '../attribution/typeset.ts';
import { fragmentHref } from '../conformance/uri.ts';
import { packageFile } from '../package-root.ts';

const STYLES = packageFile('styles');

/** A contents list appears in the book layout once the text has this many headings. */
const TOC_MIN_HEADINGS = 3;
/** The contents list goes this many levels below the top-level headings. */
const TOC_DEPTH = 2;

/** Reads a style sheet shipped in `styles/`. */
export function readStyle(name: string): Promise<string> {
  return readFile(path.join(STYLES, name), 'utf8');
}

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
  chapters: readonly (CreditedChapter & { id?: string })[];
  /** Images by their `src`, inlined so the page stands alone. */
  images: Readonly<Record<string, EditionImage>>;
  imprintVersion: string;
}

/** The complete HTML document for one manuscript. */
export async function renderHtml(
  { matter, body: manuscriptBody, chapters, images, imprintVersion }: PageContent,
  page: PageOptions,
): Promise<RenderedPage> {
  const body = inlineImages(page.hyphenate ? printedBody(manuscriptBody, matter, page.size) : manuscriptBody, images);
  const { content, tocIds } = page.layout === 'book' ? bookContent(matter, body, page.tocPages) : handoutContent(matter, body);
  const article = h('article', [...content, colophon(matter, imprintVersion, chapters)]);
  const headWidth = textBlockWidthPt(page.size);
  const runningHead = await fitRunningHead(typesetText(matter.short_title ?? matter.title), headWidth);
  const chapterHeads = await Promise.all(
    chapters.flatMap((chapter) => (chapter.id ? [{ id: chapter.id, title: chapter.matter?.short_title ?? chapter.title }] : [])).map(async ({ id, title }) => ({
      id,
      head: await fitRunningHead(typesetText(title), headWidth),
    })),
  );
  const headText = [runningHead, ...chapterHeads.map((chapter) => chapter.head)].join(' ');
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
    pageCss({
      size: page.size,
      runningHead,
      layout: page.layout,
      fontFamily: fonts.fontFamily,
      chapters: chapterHeads,
    }),
    page.userCss ?? '',
  ].join('\n');
  const document = standaloneDocument({
    lang: matter.lang,
    title: matter.title,
    head: [h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), ...metadataElements(matter, imprintVersion)],
    css: style,
    body: h('body', { className: [`layout-${page.layout}`, ...(page.hyphenate ? [HYPHENATED_CLASS] : [])] }, [article, ...(page.previewScript ? [h('script', page.previewScript)] : [])]),
  });
  return { html: toHtml(document), headings: collectHeadings(article), tocIds, missingFontPackages: fonts.missingPackages, uncoveredCodePoints: fonts.uncovered };
}

/**
 * A running head that fits on one line of the text block: cut at a word, with an ellipsis, when
 * the title is too long (a `short_title` in the front matter says it better).
 */
export async function fitRunningHead(title: string, widthPt: number): Promise<string> {
  const fits = async (text: string) => (await textWidth(text, { weight: 400, style: 'italic' }, RUNNING_HEAD_SIZE_PT)) <= widthPt;
  if (await fits(title)) return title;
  const words = title.split(' ');
  for (let count = words.length - 1; count > 0; count--) {
    const cut = `${words.slice(0, count).join(' ').replace(/[\s,.:;–—-]+$/u, '')}…`;
    if (await fits(cut)) return cut;
  }
  // One word too long for the line (or a text without spaces): cut between characters.
  const characters = [...title];
  for (let count = characters.length - 1; count > 0; count--) {
    const cut = `${characters.slice(0, count).join('')}…`;
    if (await fits(cut)) return cut;
  }
  return '…';
}

/** An HTML document that needs nothing beside it: its styles inside, in one `<style>` element. */
export function standaloneDocument(parts: { lang: string; title: string; head?: Element[]; css: string; body: Element }): HastRoot {
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: parts.lang }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('title', parts.title),
          ...(parts.head ?? []),
          // `</style` in a style sheet would end the element early; `\/` is the same character to CSS.
          h('style', parts.css.replace(/<\/(style)/gi, '<\\/$1')),
        ]),
        parts.body,
      ]),
    ],
  };
}

/** A copy of the body whose images are `data:` URLs. */
function inlineImages(body: ElementContent[], images: Readonly<Record<string, EditionImage>>): ElementContent[] {
  if (Object.keys(images).length === 0) return body;
  const copy = structuredClone(body);
  visit({ type: 'root', children: copy }, 'element', (node: Element) => {
    const image = typeof node.properties.src === 'string' ? images[node.properties.src] : undefined;
    if (node.tagName !== 'img' || !image) return;
    node.properties.src = `data:${image.mediaType};base64,${Buffer.from(image.data).toString('base64')}`;
  });
  return copy;
}

/**
 * A copy of the body set for the page Chromium prints: soft hyphens in its running text, long
 * code lines wrapped (or listings shrunk) to the text block, captioned tables as figures.
 */
function printedBody(body: ElementContent[], matter: FrontMatter, size: PageSize): ElementContent[] {
  const root: HastRoot = { type: 'root', children: structuredClone(body) };
  rehypeHyphenate({ lang: matter.lang })(root);
  rehypeCodeOverflow({ columns: codeColumns(size), overflow: matter.code_overflow })(root);
  rehypeTableFigure()(root);
  return root.children as ElementContent[];
}

function handoutContent(matter: FrontMatter, body: ElementContent[]) {
  return { content: [titleBlock(matter), h('div.text', body)], tocIds: [] as string[] };
}

function bookContent(matter: FrontMatter, body: ElementContent[], tocPages: ReadonlyMap<string, number> | undefined) {
  // The EPUB renders the same body: mark chapters on a copy.
  const text = h('div.text', structuredClone(body));
  const headings = collectHeadings(text).filter((heading) => heading.id !== undefined);
  const topRank = Math.min(...headings.map((heading) => heading.rank));
  markChapterStarts(text, topRank);
  const listed = headings.filter((heading) => heading.rank <= topRank + TOC_DEPTH);
  const content: Element[] = [h('section.title-page', [titleBlock(matter)])];
  if (headings.length >= TOC_MIN_HEADINGS) content.push(contents(listed, topRank, tocPages));
  content.push(text);
  return { content, tocIds: headings.length >= TOC_MIN_HEADINGS ? listed.map((heading) => heading.id!) : [] };
}

/** A book's chapter sections, or else an article's top-level headings, start new pages. */
function markChapterStarts(text: Element, topRank: number): void {
  const sections = text.children.filter(
    (node): node is Element => node.type === 'element' && node.tagName === 'section' && Array.isArray(node.properties.className) && node.properties.className.includes('chapter'),
  );
  visit(text, 'element', (node: Element) => {
    if (sections.length > 0 ? !sections.includes(node) : headingRank(node) !== topRank) return;
    const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
    node.properties.className = [...classes, 'chapter-start'];
  });
}

function contents(headings: Heading[], topRank: number, pages: ReadonlyMap<string, number> | undefined): Element {
  return h('nav.toc', { role: 'doc-toc', ariaLabelledBy: 'contents-title' }, [
    h('h2', { id: 'contents-title' }, 'Contents'),
    h(
      'ol',
      headings.map((heading) =>
        h(`li.toc-depth-${heading.rank - topRank}`, [
          h('a.toc-title', { href: fragmentHref(heading.id!) }, heading.text),
          h('span.toc-page', String(pages?.get(heading.id!) ?? '')),
        ]),
      ),
    ),
  ]);
}
