/**
 * The column flow the pages are made from, and where its first column (the next page) ends.
 * Runs in the print page (see pages.ts): every function here uses nothing from its module but
 * the functions the page modules export.
 */
import type { FlowWindow, PageBreak } from './pages-model.ts';

/** What a search for a page's end carries from one level of the tree to the next. */
export interface BreakSearch {
  width: number;
  /** Whether the search has passed something drawn on the page: what opens a page stays on it. */
  drawnBefore: boolean;
  /** Elements that go whole to the next page rather than be split. */
  atomic: ReadonlySet<string>;
}

/**
 * Forced breaks become column breaks while the flow is measured; they start the flow's windows.
 * Returns the elements they come before, in document order.
 */
export function markForcedBreaks(root: Element): Element[] {
  const forcedBreak = /^(?:page|left|right|recto|verso|column)$/;
  const windowStarts: Element[] = [];
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
    const style = getComputedStyle(element);
    if (forcedBreak.test(style.breakBefore)) {
      element.style.breakBefore = 'column';
      windowStarts.push(element);
    }
    if (forcedBreak.test(style.breakAfter)) {
      element.style.breakAfter = 'column';
      const next = element.nextElementSibling;
      if (next) windowStarts.push(next);
    }
  }
  return windowStarts.sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/** Columns one text block wide, as many as the content needs: each is a page. */
export function columnStyle(width: number, columnHeight: number): string {
  return `column-width: ${width}px; column-gap: 0; column-fill: auto; box-sizing: border-box; height: ${columnHeight}px;`;
}

/**
 * Keeps the windows after the next forced break out of the layout, and lets the one before it in.
 * They are taken out of the document, a comment holding each one's place: left in, even unseen,
 * they moved with every page cut off the flow (the rest of the book, every page: quadratic). Only
 * what holds the next window's start comes back in; the rest stays out.
 */
export function openWindow(flowWindow: FlowWindow, flow: Element): void {
  let start: Element | undefined;
  for (;;) {
    start = flowWindow.starts[flowWindow.next];
    if (!start) return revealWindows(flowWindow);
    revealUntil(flowWindow, start);
    if (flowHasBefore(start, flow)) break;
    flowWindow.next += 1;
  }
  const later: Element[] = [];
  for (let node: Node | null = start, first = true; node && node !== flow; node = node.parentNode, first = false) {
    for (let sibling: Node | null = first ? node : node.nextSibling; sibling; sibling = sibling.nextSibling) {
      if (sibling instanceof Element) later.push(sibling);
    }
  }
  // In document order: what is taken out now comes before what stayed out (hidden[0] is where the window ends).
  flowWindow.hidden.unshift(
    ...later.map((element) => {
      const place = document.createComment('');
      element.replaceWith(place);
      return { element, place };
    }),
  );
}

/** Lets windows back in, first to last, until `element` is in the document again. */
export function revealUntil(flowWindow: FlowWindow, element: Element): void {
  while (flowWindow.hidden.length > 0 && !element.isConnected) {
    const { element: held, place } = flowWindow.hidden.shift()!;
    place.replaceWith(held);
  }
}

/** Lets every window kept out of the layout back in. */
export function revealWindows(flowWindow: FlowWindow): void {
  for (const { element, place } of flowWindow.hidden) place.replaceWith(element);
  flowWindow.hidden = [];
}

/** Whether the flow holds anything before this element (it is not where the flow starts); reads no layout. */
export function flowHasBefore(element: Element, flow: Element): boolean {
  if (!flow.contains(element)) return false;
  for (let node: Node = element; node !== flow; node = node.parentNode!) {
    for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) {
      if (sibling.nodeType === Node.ELEMENT_NODE || /\S/.test(sibling.textContent ?? '')) return true;
    }
  }
  return false;
}

/** The column (0-based) a box is in. */
export function columnOf(rect: DOMRect, container: Element, width: number): number {
  return Math.max(0, Math.floor((rect.left - container.getBoundingClientRect().left + 2) / width));
}

/** The boxes a text node or an element is drawn in; undefined for other nodes. */
export function rectsOf(node: Node): DOMRectList | undefined {
  if (node.nodeType === Node.TEXT_NODE) {
    const range = document.createRange();
    range.selectNodeContents(node);
    return range.getClientRects();
  }
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element).getClientRects() : undefined;
}

/** The column a text node's character is in (the next drawn one, for collapsed spaces). */
export function textColumnAt(text: Text, offset: number, container: Element, width: number): number {
  const range = document.createRange();
  for (let at = offset; at < text.length; at += 1) {
    range.setStart(text, at);
    range.setEnd(text, at + 1);
    const rects = range.getClientRects();
    if (rects.length > 0) return columnOf(rects[rects.length - 1]!, container, width);
  }
  return Number.POSITIVE_INFINITY;
}

/** Where the first column ends: the first content in a later column. */
export function findBreak(parent: Node, container: Element, width: number): PageBreak | undefined {
  const atomic = new Set(['IMG', 'SVG', 'svg', 'VIDEO', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'math', 'MATH', 'TR', 'PICTURE']);
  return findBreakIn(parent, container, { width, drawnBefore: false, atomic });
}

/** Where the first column ends among a node's children and their descendants. */
export function findBreakIn(parent: Node, container: Element, search: BreakSearch): PageBreak | undefined {
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    const rects = rectsOf(child);
    if (!rects) continue;
    if (rects.length === 0) {
      if (child.nodeType === Node.ELEMENT_NODE && getComputedStyle(child as Element).display === 'contents') {
        const inner = findBreakIn(child, container, search);
        if (inner) return inner;
      }
      continue;
    }
    const first = columnOf(rects[0]!, container, search.width);
    const last = columnOf(rects[rects.length - 1]!, container, search.width);
    if (first >= 1) return { before: child };
    if (last < 1) {
      search.drawnBefore = true;
      continue;
    }
    if (child.nodeType === Node.TEXT_NODE) {
      const point = textBreak(child as Text, container, search.width);
      if (point) return point;
      continue;
    }
    // A row or a picture that spans two pages goes whole to the next, unless it opens its page.
    if (search.atomic.has((child as Element).tagName)) {
      if (search.drawnBefore) return { before: child };
      search.drawnBefore = true;
      continue;
    }
    const inner = findBreakIn(child, container, search);
    if (inner) return inner;
    search.drawnBefore = true;
  }
  return undefined;
}

/** Where the first column ends in a text node that runs on into the next; undefined when it does not end there. */
export function textBreak(text: Text, container: Element, width: number): PageBreak | undefined {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (textColumnAt(text, middle, container, width) >= 1) high = middle;
    else low = middle + 1;
  }
  // A word hyphenated at the page's last line goes whole to the next page.
  let offset = low;
  if (offset > 0 && text.data[offset - 1] === '\u00AD') {
    while (offset > 0 && !/\s/.test(text.data[offset - 1]!)) offset -= 1;
  }
  if (offset <= 0) return { before: text };
  if (offset >= text.length) return undefined;
  return { text, offset };
}

/** A break before a node that opens its parent moves up to before the parent: no empty shells. */
export function hoist(point: PageBreak, container: Element): PageBreak {
  let node: Node = 'before' in point ? point.before : point.text;
  if ('text' in point && point.offset > 0) return point;
  while (node.parentNode && node.parentNode !== container) {
    let previous = node.previousSibling;
    while (previous && previous.nodeType !== Node.ELEMENT_NODE && !(previous.textContent ?? '').trim()) previous = previous.previousSibling;
    if (previous) break;
    node = node.parentNode;
  }
  return { before: node };
}

/** The first elements at a node's start: the break's margins are truncated there. */
export function leadingElements(node: Node | null): HTMLElement[] {
  const chain: HTMLElement[] = [];
  while (node) {
    while (node && node.nodeType === Node.TEXT_NODE && !(node.textContent ?? '').trim()) node = node.nextSibling;
    if (!node || node.nodeType !== Node.ELEMENT_NODE) break;
    chain.push(node as HTMLElement);
    node = node.firstChild;
  }
  return chain;
}
