/**
 * rehypeAbsoluteLinks: a page's relative links (`/archive/2019/closure`) lead somewhere only on
 * its own site, so they are made absolute against the page's address when the page or the user
 * gives one; without one they stay as written, and a warning says the build will print them as
 * plain text. Links within the page (`#section`) stay too.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { shorten, warn, type ArticleContext } from './html-context.ts';
import { resolveUrl } from './html-page.ts';


const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/** Resolves every relative `href` against the page's address, or warns that it cannot. */
export default function rehypeAbsoluteLinks(context: ArticleContext) {
  return (tree: Root): void => {
    const base = context.places.linkBase;
    const unresolved: string[] = [];
    visit(tree, 'element', (node: Element) => {
      const href = node.tagName === 'a' ? String(node.properties.href ?? '').trim() : '';
      if (href === '' || href.startsWith('#') || SCHEME.test(href)) return;
      const absolute = base ? resolveUrl(href, base) : undefined;
      if (absolute) node.properties.href = absolute;
      else unresolved.push(href);
    });
    if (unresolved.length === 0) return;
    const count = unresolved.length === 1 ? 'A link is' : `${unresolved.length} links are`;
    warn(context, `${count} relative to a site the page does not name (the first: ${shorten(unresolved[0]!, 60)}): the build prints them as plain text. Import the page from its address, or save it with its address (Chrome notes it), to keep them.`);
  };
}
