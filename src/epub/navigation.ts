/**
 * The EPUB's navigation: the navigation document (EPUB 3) and the NCX (for EPUB 2 reading
 * systems), both listing every heading to three levels, nested by chapter and section.
 */
import type { Element as HastElement } from 'hast';
import { h } from 'hastscript';
import type { Element as XastElement, Root as XastRoot } from 'xast';
import { x } from 'xastscript';
import { fragmentHref } from '../conformance/uri.ts';
import { PAGE_IDS } from '../model.ts';
import type { TextDocument } from './content.ts';

/** The navigation lists this many levels, counted from the text's top-level headings. */
const NAV_DEPTH = 3;

/** One entry of the navigation, with the entries under it. */
export interface NavEntry {
  label: string;
  href: string;
  children: NavEntry[];
}

/** The entries for the text's chapters and headings, then the given extra documents (the colophon). */
export function navigationEntries(chapters: TextDocument[], extra: Array<{ label: string; href: string }>): NavEntry[] {
  const ranks = chapters.flatMap((chapter) => chapter.headings.map((heading) => heading.rank));
  const topRank = ranks.length > 0 ? Math.min(...ranks) : 1;
  const flat: Array<{ entry: NavEntry; rank: number }> = [];
  for (const chapter of chapters) {
    const first = chapter.content.find((node) => node.type === 'element');
    const opensWithHeading = first?.type === 'element' && /^h[1-6]$/.test(first.tagName);
    if (!opensWithHeading) flat.push({ entry: { label: chapter.title, href: chapter.filename, children: [] }, rank: topRank });
    for (const heading of chapter.headings) {
      if (!heading.id || heading.rank >= topRank + NAV_DEPTH || heading.text === '') continue;
      flat.push({ entry: { label: heading.text, href: `${chapter.filename}${fragmentHref(heading.id)}`, children: [] }, rank: heading.rank });
    }
  }
  const roots: NavEntry[] = [];
  const stack: Array<{ entry: NavEntry; rank: number }> = [];
  for (const item of flat) {
    while (stack.length > 0 && stack.at(-1)!.rank >= item.rank) stack.pop();
    (stack.at(-1)?.entry.children ?? roots).push(item.entry);
    stack.push(item);
  }
  return [...roots, ...extra.map((document) => ({ ...document, children: [] }))];
}

/** The navigation document's body: the contents, nested, and the landmarks. */
export function navigationBody(entries: NavEntry[], labels: { contents: string; text: string }, bodymatterHref: string): HastElement[] {
  const list = (items: NavEntry[]): HastElement =>
    h(
      'ol',
      items.map((item) => h('li', [h('a', { href: item.href }, item.label), ...(item.children.length > 0 ? [list(item.children)] : [])])),
    );
  return [
    h('nav', { 'epub:type': 'toc', id: PAGE_IDS.toc, role: 'doc-toc', ariaLabelledBy: PAGE_IDS.contentsTitle }, [h('h1', { id: PAGE_IDS.contentsTitle }, labels.contents), list(entries)]),
    h('nav', { 'epub:type': 'landmarks', id: PAGE_IDS.landmarks, hidden: true, ariaLabel: 'Landmarks' }, [
      h('ol', [
        h('li', [h('a', { 'epub:type': 'toc', href: 'toc.xhtml' }, labels.contents)]),
        h('li', [h('a', { 'epub:type': 'bodymatter', href: bodymatterHref }, labels.text)]),
      ]),
    ]),
  ];
}

/** The NCX, for EPUB 2 reading systems: the same entries as a `navMap`. */
export function ncxDocument(entries: NavEntry[], book: { identifier: string; title: string; authors: readonly string[]; lang: string }): XastRoot {
  let order = 0;
  let depth = 0;
  const points = (items: NavEntry[], level: number): XastElement[] =>
    items.map((item) => {
      order += 1;
      depth = Math.max(depth, level);
      return x('navPoint', { id: `navpoint-${order}`, playOrder: String(order) }, [
        x('navLabel', [x('text', item.label)]),
        x('content', { src: item.href }),
        ...points(item.children, level + 1),
      ]);
    });
  const navMap = x('navMap', points(entries, 1));
  return {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      x('ncx', { xmlns: 'http://www.daisy.org/z3986/2005/ncx/', version: '2005-1', 'xml:lang': book.lang }, [
        x('head', [
          x('meta', { name: 'dtb:uid', content: book.identifier }),
          x('meta', { name: 'dtb:depth', content: String(depth) }),
          x('meta', { name: 'dtb:totalPageCount', content: '0' }),
          x('meta', { name: 'dtb:maxPageNumber', content: '0' }),
        ]),
        x('docTitle', [x('text', book.title)]),
        x('docAuthor', [x('text', book.authors.join(', '))]),
        navMap,
      ]),
    ],
  };
}
