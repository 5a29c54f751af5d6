/**
 * The two layouts of the page: a handout (the title block, then the text) and a book (a title
 * page, a numbered contents list when the text has enough headings, chapters on new pages).
 */
import type { Element, ElementContent } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { titleBlock } from '../attribution/title-and-colophon.ts';
import { fragmentHref } from '../conformance/uri.ts';
import { collectHeadings, plainText, type Heading } from '../manuscript/headings.ts';
import { PAGE_IDS } from '../model.ts';
import type { FrontMatter } from '../options/front-matter.ts';

/** A contents list appears in the book layout once the text has this many headings. */
const TOC_MIN_HEADINGS = 3;
/** The contents list goes this many levels below the top-level headings. */
const TOC_DEPTH = 2;

/** The page's content and the ids of the headings its contents list points to. */
export interface LaidOut {
  content: Element[];
  tocIds: string[];
}

/** The title block, then the text. */
export function handoutContent(matter: FrontMatter, body: ElementContent[]): LaidOut {
  return { content: [titleBlock(matter), h('div.text', body)], tocIds: [] as string[] };
}

/** A title page, the contents list, and the text with its chapters marked to start new pages. */
export function bookContent(matter: FrontMatter, body: ElementContent[], tocPages: ReadonlyMap<string, number> | undefined): LaidOut {
  // The EPUB renders the same body: mark chapters on a copy.
  const text = h('div.text', structuredClone(body));
  const headings = collectHeadings(text).filter((heading) => heading.id !== undefined);
  const topRank = Math.min(...headings.map((heading) => heading.rank));
  markChapterStarts(text, topRank);
  const listed = headings.filter((heading) => heading.rank <= topRank + TOC_DEPTH);
  const content: Element[] = [h('section.title-page', [titleBlock(matter)])];
  if (headings.length >= TOC_MIN_HEADINGS) content.push(contents(listed, topRank, tocPages));
  const lists = (matter.lists ?? []).map((kind) => listOf(kind, text, tocPages)).filter((list) => list !== undefined);
  content.push(...lists.map(({ element }) => element), text);
  const tocIds = [...(headings.length >= TOC_MIN_HEADINGS ? listed.map((heading) => heading.id!) : []), ...lists.flatMap(({ ids }) => ids)];
  return { content, tocIds };
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

/** The numbered figures (or tables) of the text, listed with their pages like the contents; none when it has none. */
function listOf(kind: 'figures' | 'tables', text: Element, pages: ReadonlyMap<string, number> | undefined): { element: Element; ids: string[] } | undefined {
  const entries: Array<{ id: string; caption: string }> = [];
  visit(text, 'element', (node: Element, _index, parent) => {
    const id = node.properties.id;
    const captioned = kind === 'figures' ? node.tagName === 'figure' && typeof id === 'string' && id.startsWith('fig-') : node.tagName === 'table' && typeof id === 'string' && id.startsWith('tbl-');
    if (!captioned) return;
    // On the printed page a table's caption has moved into the figure around it (rehype-table-figure).
    const holder = kind === 'tables' && parent?.type === 'element' && parent.tagName === 'figure' ? parent : node;
    const caption = holder.children.find((child): child is Element => child.type === 'element' && ['figcaption', 'caption'].includes(child.tagName));
    entries.push({ id: id as string, caption: caption ? plainText(caption) : '' });
  });
  if (entries.length === 0) return undefined;
  const titleId = kind === 'figures' ? PAGE_IDS.figuresTitle : PAGE_IDS.tablesTitle;
  const element = h(`nav.toc.list-of-${kind}`, { ariaLabelledBy: titleId }, [
    h('h2', { id: titleId }, kind === 'figures' ? 'Figures' : 'Tables'),
    h(
      'ol',
      entries.map(({ id, caption }) => h('li.toc-depth-0', [h('a.toc-title', { href: fragmentHref(id) }, caption), h('span.toc-page', String(pages?.get(id) ?? ''))])),
    ),
  ]);
  return { element, ids: entries.map(({ id }) => id) };
}

function contents(headings: Heading[], topRank: number, pages: ReadonlyMap<string, number> | undefined): Element {
  return h('nav.toc', { role: 'doc-toc', ariaLabelledBy: PAGE_IDS.contentsTitle }, [
    h('h2', { id: PAGE_IDS.contentsTitle }, 'Contents'),
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
