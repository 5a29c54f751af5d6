/**
 * rehypeContentModel: raw HTML that browsers render but that breaks the content model EPUB's
 * XHTML is validated against, repaired so that the text and its order are kept:
 * - an unclosed inline tag (`<b>bold` and no `</b>`) makes an HTML parser wrap whole paragraphs
 *   in that inline element: such elements are unwrapped;
 * - a figure's caption must be its first or last child, and it has one: a `<br>` after it goes,
 *   a caption in the middle moves to the end, a second one becomes a paragraph;
 * - `<details>` must open with its `<summary>`: one is moved there, or written;
 * - a list holds only items: what stands between items joins the item before it (or, before the
 *   first, goes before the list); a term of a `<dl>` gets a description, if only an empty one;
 * - a table's parts come in their order: caption, columns, head, body rows, foot.
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
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'figure') repairFigure(node);
      else if (node.tagName === 'details') repairDetails(node);
      else if (node.tagName === 'table') orderTable(node);
      else if ((node.tagName === 'ul' || node.tagName === 'ol' || node.tagName === 'dl') && parent && index !== undefined) {
        const before = repairList(node);
        if (before.length > 0) {
          parent.children.splice(index, 0, ...before);
          return index + before.length;
        }
      }
      return undefined;
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

const LIST_ITEMS: Record<string, readonly string[]> = { ul: ['li'], ol: ['li'], dl: ['dt', 'dd', 'div'] };

/** Moves what is not an item into the item before it; returns what came before the first item. */
function repairList(list: Element): ElementContent[] {
  const items = LIST_ITEMS[list.tagName]!;
  const before: ElementContent[] = [];
  const children: ElementContent[] = [];
  let holder: Element | undefined;
  for (const child of list.children) {
    // A description must follow a term: one before any term stands before the list.
    const orphanDescription = isElement(child, 'dd') && !children.some((node) => isElement(node, 'dt') || isElement(node, 'div'));
    if (child.type === 'element' && items.includes(child.tagName) && !orphanDescription) {
      children.push(child);
      holder = child.tagName === 'dt' ? undefined : child;
      continue;
    }
    if (isBlank(child)) {
      // White space between items is allowed, and stays where it is.
      children.push(child);
      continue;
    }
    if (!children.some((node) => node.type === 'element') || orphanDescription) {
      before.push(orphanDescription ? h('div', (child as Element).children) : child);
      continue;
    }
    if (!holder) {
      // After a term: its description holds the stray content.
      holder = h('dd');
      children.push(holder);
    }
    holder.children.push(child);
  }
  if (list.tagName === 'dl') describeEveryTerm(children);
  list.children = children;
  return before;
}

/** A `<dt>` must be followed, after any other terms, by a `<dd>`. */
function describeEveryTerm(children: ElementContent[]): void {
  for (let index = children.length - 1; index >= 0; index--) {
    const child = children[index]!;
    if (!isElement(child, 'dt')) continue;
    const next = children.slice(index + 1).find((node) => node.type === 'element');
    if (!next || (next.type === 'element' && next.tagName === 'div')) children.splice(index + 1, 0, h('dd'));
  }
}

/** The place of each part in a table: rows may stand in the body's place. */
const TABLE_ORDER: Readonly<Record<string, number>> = { caption: 0, colgroup: 1, thead: 2, tbody: 3, tr: 3, tfoot: 4 };

/** Puts a table's parts in the order HTML requires; the sort is stable, so rows keep their order. */
function orderTable(table: Element): void {
  const parts = table.children.filter((node): node is Element => node.type === 'element' && node.tagName in TABLE_ORDER);
  const sorted = [...parts].sort((a, b) => TABLE_ORDER[a.tagName]! - TABLE_ORDER[b.tagName]!);
  if (sorted.every((part, index) => part === parts[index])) return;
  let next = 0;
  table.children = table.children.map((node) => (parts.includes(node as Element) ? sorted[next++]! : node));
}
