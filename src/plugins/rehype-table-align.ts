/**
 * rehypeTableAlign: GFM column alignment arrives as the `align` attribute, which HTML5 (and so
 * EPUB's XHTML) no longer allows; the same alignment as a style is valid everywhere.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Moves `align` on table cells into `style="text-align: …"`. */
export default function rehypeTableAlign() {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'td' && node.tagName !== 'th') return;
      const align = node.properties.align;
      if (align === undefined) return;
      delete node.properties.align;
      if (typeof align === 'string' && /^(left|right|center|justify)$/.test(align)) {
        node.properties.style = `text-align: ${align}`;
      }
    });
  };
}
