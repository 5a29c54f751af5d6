/**
 * Cutting a page's content off the flow (or a page's notes off those that run on) at a break.
 * Runs in the print page (see pages.ts): every function here uses nothing from its module but
 * the functions the page modules export.
 */
import type { PageBreak } from './pages-model.ts';

/**
 * Cuts a container's content at a break: what follows comes back as a fragment, the elements the
 * break falls inside cloned on its side (without their ids, marked as continued).
 */
export function cut(container: Element, point: PageBreak): DocumentFragment {
  const range = document.createRange();
  if ('text' in point) range.setStart(point.text, point.offset);
  else range.setStartBefore(point.before);
  range.setEnd(container, container.childNodes.length);
  const split: Element[] = [];
  for (let node: Node | null = range.startContainer; node && node !== container; node = node.parentNode) {
    if (node.nodeType === Node.ELEMENT_NODE) split.unshift(node as Element);
  }
  // The last line before a break inside a paragraph is a full line: justified like the others.
  const block = 'text' in point ? split.findLast((element) => /^(?:block|list-item|flow-root)$/.test(getComputedStyle(element).display)) : undefined;
  const justified = block instanceof HTMLElement && getComputedStyle(block).textAlign === 'justify';
  const pageNames = split.map((element) => getComputedStyle(element).getPropertyValue('page'));
  // A table's parts keep the columns the whole table had: set apart, each would size its own.
  for (const table of split) if (table instanceof HTMLTableElement) freezeColumns(table);
  const rest = range.extractContents();
  let clone: Node | null = rest.firstChild;
  for (let depth = 0; depth < split.length; depth += 1) {
    if (!(clone instanceof HTMLElement || clone instanceof SVGElement)) break;
    const inner: Node | null = clone.firstChild;
    continueClone(split[depth]!, clone, split[depth + 1], pageNames[depth]!);
    clone = inner;
  }
  // Set after the cut: the clone, which ends the paragraph, must not copy it.
  if (justified) block.style.textAlignLast = 'justify';
  return rest;
}

/**
 * Makes the clone of an element a break falls inside the continuation of the original: no id,
 * marked as continued, on the same named page; a list numbered on, a table with its head and columns.
 * `next` is the element the break falls inside within the original, if any.
 */
export function continueClone(original: Element, clone: HTMLElement | SVGElement, next: Element | undefined, pageName: string): void {
  clone.removeAttribute('id');
  clone.setAttribute('data-imprint-continued', '');
  // A named page was matched by the id the clone no longer has.
  if (pageName && pageName !== 'auto') clone.style.setProperty('page', pageName);
  if (original instanceof HTMLOListElement && clone instanceof HTMLOListElement) {
    const kept = Array.from(original.children).filter((child) => child.tagName === 'LI').length;
    // The first item of the clone goes on with the last item kept, under its number.
    const itemGoesOn = next?.tagName === 'LI';
    clone.start = original.start + kept - (itemGoesOn ? 1 : 0);
  }
  if (original instanceof HTMLTableElement && clone instanceof HTMLTableElement) {
    if (original.tHead && !clone.tHead) clone.prepend(original.tHead.cloneNode(true));
    const columns = original.querySelector(':scope > colgroup');
    if (columns && !clone.querySelector(':scope > colgroup')) clone.prepend(columns.cloneNode(true));
  }
}

/** Fixes a table's column widths at what they are now, so that its parts print as it was measured. */
export function freezeColumns(table: HTMLTableElement): void {
  if (table.style.tableLayout === 'fixed') return;
  const row = Array.from(table.rows).find((candidate) => Array.from(candidate.cells).every((cell) => cell.colSpan === 1));
  if (!row) return;
  const columns = document.createElement('colgroup');
  for (const cell of Array.from(row.cells)) {
    const column = document.createElement('col');
    column.style.width = `${cell.getBoundingClientRect().width}px`;
    columns.append(column);
  }
  for (const old of Array.from(table.querySelectorAll(':scope > colgroup'))) old.remove();
  // The row's width, not the table's: the box around a table's fragments spans the columns.
  table.style.width = `${row.getBoundingClientRect().width}px`;
  table.style.tableLayout = 'fixed';
  table.insertBefore(columns, table.caption ? table.caption.nextSibling : table.firstChild);
}
