/**
 * The EPUB's navigation: the navigation document (EPUB 3) and the NCX (for EPUB 2 reading
 * systems), both listing every heading to three levels, nested by chapter and section.
 * epub-gen-memory's own templates list chapters only, flat, so Imprint hands it templates whose
 * lists are hast and xast trees serialized here.
 */
import type { Element as HastElement } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Element as XastElement } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';
import type { TextChapter } from './epub-content.ts';

/** The navigation lists this many levels, counted from the text's top-level headings. */
const NAV_DEPTH = 3;

/** One entry of the navigation, with the entries under it. */
export interface NavEntry {
  label: string;
  href: string;
  children: NavEntry[];
}

/** The entries for the text's chapters and headings, then the given extra documents (the colophon). */
export function navigationEntries(chapters: TextChapter[], extra: Array<{ label: string; href: string }>): NavEntry[] {
  const ranks = chapters.flatMap((chapter) => chapter.headings.map((heading) => heading.rank));
  const topRank = ranks.length > 0 ? Math.min(...ranks) : 1;
  const flat: Array<{ entry: NavEntry; rank: number }> = [];
  for (const chapter of chapters) {
    const first = chapter.content.find((node) => node.type === 'element');
    const opensWithHeading = first?.type === 'element' && /^h[1-6]$/.test(first.tagName);
    if (!opensWithHeading) flat.push({ entry: { label: chapter.title, href: chapter.filename, children: [] }, rank: topRank });
    for (const heading of chapter.headings) {
      if (!heading.id || heading.rank >= topRank + NAV_DEPTH || heading.text === '') continue;
      flat.push({ entry: { label: heading.text, href: `${chapter.filename}#${heading.id}`, children: [] }, rank: heading.rank });
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

/** The nested `<ol>` of the navigation document, as XHTML. */
export function navList(entries: NavEntry[]): string {
  const list = (items: NavEntry[]): HastElement =>
    h(
      'ol',
      items.map((item) => h('li', [h('a', { href: item.href }, item.label), ...(item.children.length > 0 ? [list(item.children)] : [])])),
    );
  return toHtml(list(entries), { space: 'html', closeSelfClosing: true });
}

/** The NCX `navMap`, as XML, and its depth. */
export function ncxNavMap(entries: NavEntry[]): { navMap: string; depth: number } {
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
  return { navMap: toXml(x('navMap', points(entries, 1))), depth };
}

/** The navigation document template (EJS, epub-gen-memory's template language). */
export const NAV_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="<%= lang %>" lang="<%= lang %>">
<head>
  <meta charset="UTF-8"/>
  <title><%= tocTitle %></title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  <nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="contents-title">
    <h1 id="contents-title"><%= tocTitle %></h1>
<%- navList %>
  </nav>
  <nav epub:type="landmarks" id="landmarks" hidden="hidden" aria-label="Landmarks">
    <ol>
      <li><a epub:type="toc" href="toc.xhtml">Contents</a></li>
      <li><a epub:type="bodymatter" href="<%= bodymatterHref %>">Text</a></li>
    </ol>
  </nav>
</body>
</html>
`;

/** The NCX template. */
export const NCX_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="<%= lang %>">
  <head>
    <meta name="dtb:uid" content="<%= id %>"/>
    <meta name="dtb:depth" content="<%= ncxDepth %>"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text><%= title %></text></docTitle>
  <docAuthor><text><%= author.join(', ') %></text></docAuthor>
<%- navMap %>
</ncx>
`;
