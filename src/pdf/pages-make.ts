/**
 * The pagination itself: the page's content moved into the column flow, cut into pages one at a
 * time, and the pages checked for what overflows them. Runs in the print page (see pages.ts):
 * every function here uses nothing from its module but the functions the page modules export.
 */
import type { FlowWindow, Layout, NoteReference, PageBox, PageNotes, PaginationReport } from './pages-model.ts';
import { cut } from './pages-cut.ts';
import { columnStyle, hoist, leadingElements, markForcedBreaks, openWindow, revealWindows } from './pages-flow.ts';
import { breakWithNotes, collectReferences, notesBlock } from './pages-notes.ts';

/** Makes the page's pages, in the page, before it prints (the script's entry: see pages.ts). */
export function paginate(box: PageBox): PaginationReport {
  const references = collectReferences(box.footnotes);
  const windowStarts = markForcedBreaks(document.body);
  const layout = openFlow(box, windowStarts, references);
  openWindow(layout.window, layout.flow);
  for (let guard = 0; guard < 100_000; guard += 1) {
    if (!makePage(layout)) break;
  }
  revealWindows(layout.window);
  return closeFlow(layout);
}

/** Moves the page's content into the column flow, beside an empty box for the pages and the notes' probe. */
export function openFlow(box: PageBox, windowStarts: Element[], references: NoteReference[]): Layout {
  const { width, height } = box;
  const body = document.body;
  const flow = document.createElement('div');
  flow.className = 'imprint-flow';
  flow.style.cssText = `${columnStyle(width, height)} width: ${width}px;`;
  while (body.firstChild) flow.append(body.firstChild);
  const pages = document.createElement('div');
  pages.style.display = 'none';
  const probe = document.createElement('div');
  probe.style.cssText = `position: absolute; left: 0; top: 0; width: ${width}px; visibility: hidden;`;
  body.append(pages, flow, probe);
  const notes: PageNotes = { references, maxHeight: Math.floor(height * box.maxNotesShare), placed: new Set<HTMLElement>(), nextReference: 0, carried: [], carriedCount: 0 };
  const flowWindow: FlowWindow = { starts: windowStarts, next: 0, hidden: [] };
  return { width, height, flow, pages, probe, forced: new Set(windowStarts), window: flowWindow, notes };
}

/** Cuts the next page off the flow; false when it was the last. */
export function makePage(layout: Layout): boolean {
  const { flow, height } = layout;
  const hidden = layout.window.hidden;
  const { point, pageNotes } = breakWithNotes(layout);
  const atWindowEnd = !point && hidden.length > 0;
  const end = point ? hoist(point, flow) : atWindowEnd ? hoist({ before: hidden[0]!.place }, flow) : undefined;
  const page = document.createElement('div');
  page.className = 'imprint-page';
  page.style.height = `${height}px`;
  const pageName = (element: Element) => getComputedStyle(element).getPropertyValue('page');
  const named = leadingElements(flow.firstChild).findLast((element) => pageName(element) !== 'auto');
  if (named) page.style.setProperty('page', pageName(named));
  const rest = end ? cut(flow, end) : undefined;
  // A window ends at a forced break (its next window's start, out of the document until its turn).
  const unforced = end !== undefined && !atWindowEnd && !('before' in end && leadingElements(end.before).some((element) => layout.forced.has(element)));
  const text = document.createElement('div');
  text.className = 'imprint-page-text';
  text.append(...Array.from(flow.childNodes));
  page.append(text);
  if (pageNotes.length > 0) page.append(notesBlock(pageNotes));
  layout.pages.append(page);
  if (!rest) return false;
  flow.append(rest);
  // Margins at a break Chromium made itself are truncated, as the flow measured them.
  if (unforced) for (const element of leadingElements(flow.firstChild)) element.style.marginTop = '0';
  if (atWindowEnd || hidden.some(({ place }) => !flow.contains(place))) openWindow(layout.window, flow);
  // Another page when anything is left: text, or an element (a picture, a rule).
  return layout.window.hidden.length > 0 || holdsContent(flow);
}

/**
 * Whether a node holds an element or text that is not blank. Walks only as far as the first one:
 * the flow holds the rest of the book, and reading all its text for every page made the
 * pagination quadratic (11 of 17 s on a 616-page book).
 */
export function holdsContent(root: Node): boolean {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE || /\S/.test(node.nodeValue ?? '')) return true;
  }
  return false;
}

/** Takes the flow and the probe away, shows the pages, and reports on them. */
export function closeFlow(layout: Layout): PaginationReport {
  const { pages, height } = layout;
  layout.flow.remove();
  layout.probe.remove();
  pages.style.display = '';
  const last = pages.lastElementChild as HTMLElement | null;
  if (last) last.style.breakAfter = 'auto';
  const overfull: number[] = [];
  // Measured at the page's width (a wider box than the page would make Chromium shrink the print).
  pages.style.width = `${layout.width}px`;
  Array.from(pages.children).forEach((page, index) => {
    const text = page.firstElementChild!;
    const notes = text.nextElementSibling;
    if (text.scrollHeight + (notes?.getBoundingClientRect().height ?? 0) > height + 1) overfull.push(index + 1);
  });
  pages.style.width = '';
  return { pages: pages.children.length, notes: layout.notes.placed.size, carried: layout.notes.carriedCount, overfull };
}
