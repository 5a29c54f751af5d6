/**
 * rehypeContentModel: raw HTML with an unclosed inline tag (`<b>bold` and no `</b>`) makes an
 * HTML parser wrap whole paragraphs in that inline element. Browsers render it, but it breaks the
 * content model that EPUB's XHTML is validated against; unwrapping such elements keeps the text
 * and its order and leaves a valid tree.
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Elements whose content must be phrasing content. */
const PHRASING_ONLY = new Set([
  'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 'rp', 'rt', 'ruby',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'p', 'pre',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'caption', 'label', 'legend', 'summary',
]);

/** Elements that are not phrasing content. */
const FLOW_ONLY = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'figure', 'figcaption', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'table', 'ul', 'li', 'dd', 'dt',
]);

/** Unwraps phrasing-only elements that hold block content, innermost first. */
export default function rehypeContentModel() {
  return (tree: Root): void => {
    let changed = true;
    // Unwrapping can expose another offender one level up: repeat until the tree is stable.
    while (changed) {
      changed = false;
      visit(tree, 'element', (node: Element, index, parent) => {
        if (!parent || index === undefined || !PHRASING_ONLY.has(node.tagName) || !node.children.some(isFlow)) return;
        parent.children.splice(index, 1, ...(node.children as ElementContent[]));
        changed = true;
        return index;
      });
    }
  };
}

function isFlow(node: ElementContent): boolean {
  return node.type === 'element' && FLOW_ONLY.has(node.tagName);
}
