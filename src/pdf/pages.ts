/**
 * The PDF's pages, made by Imprint (for page-foot footnotes, among others). Chromium has no
 * `float: footnote`, so the pages are made here, in the loaded print page, before it prints: the text flows into a multi-column box whose columns are
 * the size of the page's text block, and Chromium's own fragmentation (the same engine that
 * breaks pages: orphans, widows, avoided breaks, forced breaks) says where each page ends. Each
 * page's content is then cut out of the flow into a box of its own, the notes its references cite
 * at its foot (with `footnotes`), the space they take held back from the text. The print then only
 * follows these boxes, one a page. Every PDF is paginated this way, with notes or without, so
 * that Imprint also decides what Chromium cannot be told: a word hyphenated on a page's last
 * line goes whole to the next page, and a table's parts keep the whole table's columns.
 *
 * This function runs in the page (see BrowserSession.printToPdf): it must not use anything from
 * its module, and runs with the page's scripts off.
 */

/** The page's text block, in CSS pixels. */
export interface PageBox {
  width: number;
  height: number;
  /** The largest share of the page the notes may take; what does not fit goes on to the next page. */
  maxNotesShare: number;
  /** Set the notes at the foot of their pages; false leaves them where they are (after each chapter). */
  footnotes: boolean;
}

/** What the pagination did. */
export interface PaginationReport {
  pages: number;
  /** Notes set at the foot of a page. */
  notes: number;
  /** Notes that did not fit and ran on to the next page. */
  carried: number;
  /** Pages (1-based) whose content is taller than the page: something on them cannot be split. */
  overfull: number[];
}

/** Where a page ends: before a node, or inside a text node. */
type PageBreak = { before: Node } | { text: Text; offset: number };

export function paginate(box: PageBox): PaginationReport {
  const width = box.width;
  const height = box.height;
  const maxNotes = Math.floor(height * box.maxNotesShare);
  const body = document.body;
  const FORCED = /^(?:page|left|right|recto|verso|column)$/;
  const ATOMIC = new Set(['IMG', 'SVG', 'svg', 'VIDEO', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'math', 'MATH', 'TR', 'PICTURE']);
  const LATER = 'data-imprint-later';
  const CONTINUED = 'data-imprint-continued';

  // The notes the text cites, as page notes, each with the number of its reference.
  const notesById = new Map<string, HTMLElement>();
  for (const item of Array.from(document.querySelectorAll<HTMLElement>('section[data-footnotes] > ol > li[id]'))) notesById.set(item.id, item);
  const references: Array<{ ref: HTMLAnchorElement; note: HTMLElement }> = [];
  const made = new Map<string, HTMLElement>();
  for (const ref of box.footnotes ? Array.from(document.querySelectorAll<HTMLAnchorElement>('a[data-footnote-ref]')) : []) {
    const id = decodeURIComponent((ref.getAttribute('href') ?? '').replace(/^#/, ''));
    const item = notesById.get(id);
    if (!item) continue;
    let note = made.get(id);
    if (!note) {
      note = document.createElement('div');
      note.className = 'page-footnote';
      note.id = id;
      note.setAttribute('role', 'doc-footnote');
      item.removeAttribute('id');
      const number = document.createElement('span');
      number.className = 'page-footnote-number';
      number.textContent = ref.textContent ?? '';
      while (item.firstChild) note.append(item.firstChild);
      const first = note.firstElementChild;
      if (first && first.tagName === 'P') first.prepend(number);
      else note.prepend(number);
      item.remove();
      made.set(id, note);
    }
    ref.removeAttribute('aria-describedby');
    references.push({ ref, note });
  }
  // A notes section left with no notes (all cited) goes, with its label.
  for (const section of Array.from(document.querySelectorAll('section[data-footnotes]'))) {
    if (!section.querySelector('li')) section.remove();
  }

  // Forced breaks become column breaks while the flow is measured; they start the flow's windows.
  const windowStarts: Element[] = [];
  const forced = new Set<Element>();
  for (const element of Array.from(body.querySelectorAll<HTMLElement>('*'))) {
    const style = getComputedStyle(element);
    if (FORCED.test(style.breakBefore)) {
      element.style.breakBefore = 'column';
      forced.add(element);
      windowStarts.push(element);
    }
    if (FORCED.test(style.breakAfter)) {
      element.style.breakAfter = 'column';
      const next = element.nextElementSibling;
      if (next) {
        forced.add(next);
        windowStarts.push(next);
      }
    }
  }
  windowStarts.sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));

  /** Columns one text block wide, as many as the content needs: each is a page. */
  const columns = (columnHeight: number) => `column-width: ${width}px; column-gap: 0; column-fill: auto; box-sizing: border-box; height: ${columnHeight}px;`;
  const flow = document.createElement('div');
  flow.className = 'imprint-flow';
  flow.style.cssText = `${columns(height)} width: ${width}px;`;
  while (body.firstChild) flow.append(body.firstChild);
  const pages = document.createElement('div');
  pages.style.display = 'none';
  const probe = document.createElement('div');
  probe.style.cssText = `position: absolute; left: 0; top: 0; width: ${width}px; visibility: hidden;`;
  body.append(pages, flow, probe);

  const columnOf = (rect: DOMRect, container: Element) => Math.max(0, Math.floor((rect.left - container.getBoundingClientRect().left + 2) / width));
  const rectsOf = (node: Node): DOMRectList | undefined => {
    if (node.nodeType === Node.TEXT_NODE) {
      const range = document.createRange();
      range.selectNodeContents(node);
      return range.getClientRects();
    }
    return node.nodeType === Node.ELEMENT_NODE ? (node as Element).getClientRects() : undefined;
  };

  /** The column a text node's character is in (the next drawn one, for collapsed spaces). */
  const textColumnAt = (text: Text, offset: number, container: Element): number => {
    const range = document.createRange();
    for (let at = offset; at < text.length; at += 1) {
      range.setStart(text, at);
      range.setEnd(text, at + 1);
      const rects = range.getClientRects();
      if (rects.length > 0) return columnOf(rects[rects.length - 1]!, container);
    }
    return Number.POSITIVE_INFINITY;
  };

  /** Whether the search has passed something drawn on the page: what opens a page stays on it. */
  let drawnBefore = false;
  /** Where the first column ends: the first content in a later column. */
  const findBreak = (parent: Node, container: Element, top = true): PageBreak | undefined => {
    if (top) drawnBefore = false;
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      const rects = rectsOf(child);
      if (!rects) continue;
      if (rects.length === 0) {
        if (child.nodeType === Node.ELEMENT_NODE && getComputedStyle(child as Element).display === 'contents') {
          const inner = findBreak(child, container, false);
          if (inner) return inner;
        }
        continue;
      }
      const first = columnOf(rects[0]!, container);
      const last = columnOf(rects[rects.length - 1]!, container);
      if (first >= 1) return { before: child };
      if (last < 1) {
        drawnBefore = true;
        continue;
      }
      if (child.nodeType === Node.TEXT_NODE) {
        const text = child as Text;
        let low = 0;
        let high = text.length;
        while (low < high) {
          const middle = (low + high) >> 1;
          if (textColumnAt(text, middle, container) >= 1) high = middle;
          else low = middle + 1;
        }
        // A word hyphenated at the page's last line goes whole to the next page.
        let offset = low;
        if (offset > 0 && text.data[offset - 1] === '\u00AD') {
          while (offset > 0 && !/\s/.test(text.data[offset - 1]!)) offset -= 1;
        }
        if (offset <= 0) return { before: text };
        if (offset >= text.length) continue;
        return { text, offset };
      }
      // A row or a picture that spans two pages goes whole to the next, unless it opens its page.
      if (ATOMIC.has((child as Element).tagName)) {
        if (drawnBefore) return { before: child };
        drawnBefore = true;
        continue;
      }
      const inner = findBreak(child, container, false);
      if (inner) return inner;
      drawnBefore = true;
    }
    return undefined;
  };

  /** A break before a node that opens its parent moves up to before the parent: no empty shells. */
  const hoist = (point: PageBreak, container: Element): PageBreak => {
    let node: Node = 'before' in point ? point.before : point.text;
    if ('text' in point && point.offset > 0) return point;
    while (node.parentNode && node.parentNode !== container) {
      let previous = node.previousSibling;
      while (previous && previous.nodeType !== Node.ELEMENT_NODE && !(previous.textContent ?? '').trim()) previous = previous.previousSibling;
      if (previous) break;
      node = node.parentNode;
    }
    return { before: node };
  };

  /** The first elements at a node's start: the break's margins are truncated there. */
  const leadingElements = (node: Node | null): HTMLElement[] => {
    const chain: HTMLElement[] = [];
    while (node) {
      while (node && node.nodeType === Node.TEXT_NODE && !(node.textContent ?? '').trim()) node = node.nextSibling;
      if (!node || node.nodeType !== Node.ELEMENT_NODE) break;
      chain.push(node as HTMLElement);
      node = node.firstChild;
    }
    return chain;
  };

  /**
   * Cuts a container's content at a break: what follows comes back as a fragment, the elements the
   * break falls inside cloned on its side (without their ids, marked as continued).
   */
  const cut = (container: Element, point: PageBreak): DocumentFragment => {
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
    split.forEach((original, depth) => {
      if (!(clone instanceof HTMLElement || clone instanceof SVGElement)) return;
      const inner: Node | null = clone.firstChild;
      clone.removeAttribute('id');
      clone.setAttribute(CONTINUED, '');
      // A named page was matched by the id the clone no longer has.
      if (pageNames[depth] && pageNames[depth] !== 'auto') clone.style.setProperty('page', pageNames[depth]!);
      if (original instanceof HTMLOListElement && clone instanceof HTMLOListElement) {
        const kept = Array.from(original.children).filter((child) => child.tagName === 'LI').length;
        // The first item of the clone goes on with the last item kept, under its number.
        const itemGoesOn = split[depth + 1]?.tagName === 'LI';
        clone.start = original.start + kept - (itemGoesOn ? 1 : 0);
      }
      if (original instanceof HTMLTableElement && clone instanceof HTMLTableElement) {
        if (original.tHead && !clone.tHead) clone.prepend(original.tHead.cloneNode(true));
        const columns = original.querySelector(':scope > colgroup');
        if (columns && !clone.querySelector(':scope > colgroup')) clone.prepend(columns.cloneNode(true));
      }
      clone = inner;
    });
    // Set after the cut: the clone, which ends the paragraph, must not copy it.
    if (justified) block.style.textAlignLast = 'justify';
    return rest;
  };

  /** Fixes a table's column widths at what they are now, so that its parts print as it was measured. */
  const freezeColumns = (table: HTMLTableElement) => {
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
  };

  const notesBlock = (notes: readonly Node[]): HTMLElement => {
    const aside = document.createElement('aside');
    aside.className = 'imprint-page-notes';
    aside.setAttribute('role', 'doc-endnotes');
    aside.append(...notes);
    return aside;
  };
  /** The notes set as they will be, in the probe, where they can be measured. */
  const measureNotes = (notes: readonly Node[]): HTMLElement => {
    const aside = notesBlock(notes);
    probe.replaceChildren(aside);
    return aside;
  };

  // Later windows (after the next forced break) stay out of the layout until their turn.
  let hidden: Element[] = [];
  let nextWindow = 0;
  const openWindow = () => {
    for (const element of hidden) element.removeAttribute(LATER);
    hidden = [];
    while (nextWindow < windowStarts.length && !flowHasBefore(windowStarts[nextWindow]!)) nextWindow += 1;
    const start = windowStarts[nextWindow];
    if (!start) return;
    for (let node: Node | null = start, first = true; node && node !== flow; node = node.parentNode, first = false) {
      for (let sibling: Node | null = first ? node : node.nextSibling; sibling; sibling = sibling.nextSibling) {
        if (sibling instanceof Element) {
          sibling.setAttribute(LATER, '');
          hidden.push(sibling);
        }
      }
    }
  };
  /** Whether the flow holds anything before this element (it is not where the flow starts); reads no layout. */
  const flowHasBefore = (element: Element): boolean => {
    if (!flow.contains(element)) return false;
    for (let node: Node = element; node !== flow; node = node.parentNode!) {
      for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) {
        if (sibling.nodeType === Node.ELEMENT_NODE || /\S/.test(sibling.textContent ?? '')) return true;
      }
    }
    return false;
  };

  const placed = new Set<HTMLElement>();
  let nextReference = 0;
  /** The references in the first column whose notes are not yet set. */
  const referencesInFirstColumn = (): HTMLElement[] => {
    const notes: HTMLElement[] = [];
    for (let index = nextReference; index < references.length; index += 1) {
      const { ref, note } = references[index]!;
      const rects = ref.getClientRects();
      if (!flow.contains(ref) || rects.length === 0 || columnOf(rects[0]!, flow) >= 1) break;
      if (!placed.has(note) && !notes.includes(note)) notes.push(note);
    }
    return notes;
  };

  let carried: Node[] = [];
  let carriedCount = 0;
  openWindow();
  for (let guard = 0; guard < 100_000; guard += 1) {
    flow.style.height = `${height}px`;
    let point = findBreak(flow, flow);
    let notes = referencesInFirstColumn();
    let pageNotes: Node[] = [];
    let reserve = 0;
    if (notes.length > 0 || carried.length > 0) {
      for (let pass = 0; pass < 3; pass += 1) {
        reserve = Math.min(maxNotes, Math.ceil(measureNotes([...carried, ...notes]).getBoundingClientRect().height));
        flow.style.height = `${height - reserve}px`;
        point = findBreak(flow, flow);
        const fitting = referencesInFirstColumn();
        if (fitting.length === notes.length) break;
        notes = fitting;
      }
      const aside = measureNotes([...carried, ...notes]);
      carried = [];
      if (aside.getBoundingClientRect().height > reserve) {
        // The notes run on: as much as fits stays, the rest opens the next page's notes.
        aside.style.cssText = columns(reserve);
        const notesBreak = findBreak(aside, aside);
        if (notesBreak) {
          const rest = cut(aside, hoist(notesBreak, aside));
          carried = Array.from(rest.childNodes);
          carriedCount += 1;
        }
        aside.style.cssText = '';
      }
      pageNotes = Array.from(aside.childNodes);
      for (const note of notes) placed.add(note);
    }
    for (; nextReference < references.length && placed.has(references[nextReference]!.note); nextReference += 1);

    const atWindowEnd = !point && hidden.length > 0;
    const end: PageBreak | undefined = point ? hoist(point, flow) : atWindowEnd ? hoist({ before: hidden[0]! }, flow) : undefined;
    const page = document.createElement('div');
    page.className = 'imprint-page';
    page.style.height = `${height}px`;
    const pageName = (element: Element) => getComputedStyle(element).getPropertyValue('page');
    const named = leadingElements(flow.firstChild).findLast((element) => pageName(element) !== 'auto');
    if (named) page.style.setProperty('page', pageName(named));
    const rest = end ? cut(flow, end) : undefined;
    const unforced = end !== undefined && !('before' in end && leadingElements(end.before).some((element) => forced.has(element)));
    const text = document.createElement('div');
    text.className = 'imprint-page-text';
    text.append(...Array.from(flow.childNodes));
    page.append(text);
    if (pageNotes.length > 0) page.append(notesBlock(pageNotes));
    pages.append(page);
    if (!rest) break;
    flow.append(rest);
    // Margins at a break Chromium made itself are truncated, as the flow measured them.
    if (unforced) for (const element of leadingElements(flow.firstChild)) element.style.marginTop = '0';
    if (atWindowEnd || hidden.some((element) => !flow.contains(element))) openWindow();
    if (!flow.firstChild || !/\S/.test(flow.textContent ?? '') && flow.getElementsByTagName('*').length === 0) break;
  }
  for (const element of hidden) element.removeAttribute(LATER);
  flow.remove();
  probe.remove();
  pages.style.display = '';
  const last = pages.lastElementChild as HTMLElement | null;
  if (last) last.style.breakAfter = 'auto';
  const overfull: number[] = [];
  // Measured at the page's width (a wider box than the page would make Chromium shrink the print).
  pages.style.width = `${width}px`;
  Array.from(pages.children).forEach((page, index) => {
    const text = page.firstElementChild!;
    const notes = text.nextElementSibling;
    if (text.scrollHeight + (notes?.getBoundingClientRect().height ?? 0) > height + 1) overfull.push(index + 1);
  });
  pages.style.width = '';
  return { pages: pages.children.length, notes: placed.size, carried: carriedCount, overfull };
}
