/**
 * rehypeContentModel: raw HTML that browsers render but that breaks the content model EPUB's
 * XHTML is validated against, repaired so that the text and its order are kept:
 * - an unclosed inline tag (`<b>bold` and no `</b>`) makes an HTML parser wrap whole paragraphs
 *   in that inline element: such elements are unwrapped;
 * - a figure's caption must be its first or last child, and it has one: a `<br>` after it goes,
 *   a caption in the middle moves to the end, a second one becomes a paragraph;
 * - `<details>` must open with its `<summary>`: one is moved there, or written.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
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
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'figure') repairFigure(node);
      else if (node.tagName === 'details') repairDetails(node);
    });
  };
}

function isElement(node: ElementContent, tagName: string): node is Element {
  return node.type === 'element' && node.tagName === tagName;
}

function isBlank(node: ElementContent): boolean {
  return (node.type === 'text' && node.value.trim() === '') || node.type === 'comment';
}

function repairFigure(figure: Element): void {
  // Line breaks between a figure's parts are layout, not content; they would stand after the caption.
  figure.children = figure.children.filter((child) => !isElement(child, 'br'));
  const captions = figure.children.filter((child): child is Element => isElement(child, 'figcaption'));
  for (const extra of captions.slice(1)) extra.tagName = 'p';
  const caption = captions[0];
  if (!caption) return;
  const content = figure.children.filter((child) => !isBlank(child));
  if (content[0] === caption || content.at(-1) === caption) return;
  figure.children = [...figure.children.filter((child) => child !== caption), caption];
}

function repairDetails(details: Element): void {
  const summary = details.children.find((child): child is Element => isElement(child, 'summary'));
  const rest = details.children.filter((child) => child !== summary && !isBlank(child));
  details.children = [summary ?? h('summary', 'Details'), ...rest];
}

function isFlow(node: ElementContent): boolean {
  return node.type === 'element' && FLOW_ONLY.has(node.tagName);
}
