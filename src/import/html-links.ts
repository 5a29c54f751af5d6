/**
 * rehypeAbsoluteLinks: a page's relative links (`/archive/2019/closure`) lead somewhere only on
 * its own site, so they are made absolute against the page's address when the page or the user
 * gives one; without one they stay as written. Links within the page (`#section`) stay too.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { resolveUrl } from './html-page.ts';

/** Options of {@link rehypeAbsoluteLinks}. */
export interface Options {
  /** The absolute http(s) address of the page; none leaves links as written. */
  base?: string;
}

const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/** Resolves every relative `href` against `base`. */
export default function rehypeAbsoluteLinks({ base }: Options) {
  return (tree: Root): void => {
    if (!base) return;
    visit(tree, 'element', (node: Element) => {
      const href = node.tagName === 'a' ? String(node.properties.href ?? '').trim() : '';
      if (href === '' || href.startsWith('#') || SCHEME.test(href)) return;
      const absolute = resolveUrl(href, base);
      if (absolute) node.properties.href = absolute;
    });
  };
}
