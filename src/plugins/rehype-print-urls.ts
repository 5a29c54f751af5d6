/**
 * rehypePrintUrls: marks external links whose text does not show their address, so that the print
 * style sheet can print the URL after the text: a reader of the paper copy cannot click.
 */
import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** The class the print style sheet keys on. */
export const PRINT_URL_CLASS = 'print-url';

/** Adds the class to `http(s)`/`mailto` links whose visible text differs from the address. */
export default function rehypePrintUrls() {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'a') return;
      const href = node.properties.href;
      if (typeof href !== 'string' || !/^(https?:|mailto:)/i.test(href)) return;
      const shown = toString(node).trim();
      const bare = href.replace(/^(https?:\/\/|mailto:)/i, '').replace(/\/$/, '');
      if (shown === href || shown.replace(/\/$/, '') === bare) return;
      const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
      if (!classes.includes(PRINT_URL_CLASS)) node.properties.className = [...classes, PRINT_URL_CLASS];
    });
  };
}
