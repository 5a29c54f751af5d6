/**
 * The notes at the foot of the pages: made from the notes lists, set under the page that cites
 * them, the text's height held back for them, a note too long for its page run on to the next.
 * Runs in the print page (see pages.ts): every function here uses nothing from its module but
 * the functions the page modules export.
 */
import type { Layout, NoteReference, PageBreak } from './pages-model.ts';
import { cut } from './pages-cut.ts';
import { columnOf, columnStyle, findBreak, hoist } from './pages-flow.ts';

/** The notes the text cites, as page notes, each with the number of its reference (none unless `footnotes`). */
export function collectReferences(footnotes: boolean): NoteReference[] {
  const notesById = new Map<string, HTMLElement>();
  for (const item of Array.from(document.querySelectorAll<HTMLElement>('section[data-footnotes] > ol > li[id]'))) notesById.set(item.id, item);
  const references: NoteReference[] = [];
  const made = new Map<string, HTMLElement>();
  for (const ref of footnotes ? Array.from(document.querySelectorAll<HTMLAnchorElement>('a[data-footnote-ref]')) : []) {
    const id = decodeURIComponent((ref.getAttribute('href') ?? '').replace(/^#/, ''));
    const item = notesById.get(id);
    if (!item) continue;
    let note = made.get(id);
    if (!note) {
      note = pageNote(item, id, ref.textContent ?? '');
      made.set(id, note);
    }
    ref.removeAttribute('aria-describedby');
    references.push({ ref, note });
  }
  // A notes section left with no notes (all cited) goes, with its label.
  for (const section of Array.from(document.querySelectorAll('section[data-footnotes]'))) {
    if (!section.querySelector('li')) section.remove();
  }
  return references;
}

/** A notes list's item made a page note (which takes over its id), its number before its first paragraph. */
export function pageNote(item: HTMLElement, id: string, numberText: string): HTMLElement {
  const note = document.createElement('div');
  note.className = 'page-footnote';
  note.id = id;
  note.setAttribute('role', 'doc-footnote');
  item.removeAttribute('id');
  const number = document.createElement('span');
  number.className = 'page-footnote-number';
  number.textContent = numberText;
  while (item.firstChild) note.append(item.firstChild);
  const first = note.firstElementChild;
  if (first && first.tagName === 'P') first.prepend(number);
  else note.prepend(number);
  item.remove();
  return note;
}

/** The block a page's notes are set in. */
export function notesBlock(notes: readonly Node[]): HTMLElement {
  const aside = document.createElement('aside');
  aside.className = 'imprint-page-notes';
  aside.setAttribute('role', 'doc-endnotes');
  aside.append(...notes);
  return aside;
}

/** The notes set as they will be, in the probe, where they can be measured. */
export function measureNotes(probe: Element, notes: readonly Node[]): HTMLElement {
  const aside = notesBlock(notes);
  probe.replaceChildren(aside);
  return aside;
}

/** The references in the first column whose notes are not yet set. */
export function referencesInFirstColumn(layout: Layout): HTMLElement[] {
  const { references, placed, nextReference } = layout.notes;
  const notes: HTMLElement[] = [];
  for (let index = nextReference; index < references.length; index += 1) {
    const { ref, note } = references[index]!;
    const rects = ref.getClientRects();
    if (!layout.flow.contains(ref) || rects.length === 0 || columnOf(rects[0]!, layout.flow, layout.width) >= 1) break;
    if (!placed.has(note) && !notes.includes(note)) notes.push(note);
  }
  return notes;
}

/**
 * Where the next page ends, with the notes its references cite (and what ran on from the page
 * before) held back from its text: the notes set at its foot come back with the break.
 */
export function breakWithNotes(layout: Layout): { point: PageBreak | undefined; pageNotes: Node[] } {
  const { flow, height, notes: state } = layout;
  flow.style.height = `${height}px`;
  let point = findBreak(flow, flow, layout.width);
  let notes = referencesInFirstColumn(layout);
  let pageNotes: Node[] = [];
  if (notes.length > 0 || state.carried.length > 0) {
    let reserve = 0;
    for (let pass = 0; pass < 3; pass += 1) {
      reserve = Math.min(state.maxHeight, Math.ceil(measureNotes(layout.probe, [...state.carried, ...notes]).getBoundingClientRect().height));
      flow.style.height = `${height - reserve}px`;
      point = findBreak(flow, flow, layout.width);
      const fitting = referencesInFirstColumn(layout);
      if (fitting.length === notes.length) break;
      notes = fitting;
    }
    pageNotes = setNotes(layout, notes, reserve);
  }
  for (; state.nextReference < state.references.length && state.placed.has(state.references[state.nextReference]!.note); state.nextReference += 1);
  return { point, pageNotes };
}

/** Sets what ran on and these notes in the height held back; what does not fit runs on to the next page. */
export function setNotes(layout: Layout, notes: readonly HTMLElement[], reserve: number): Node[] {
  const state = layout.notes;
  const aside = measureNotes(layout.probe, [...state.carried, ...notes]);
  state.carried = [];
  if (aside.getBoundingClientRect().height > reserve) {
    // The notes run on: as much as fits stays, the rest opens the next page's notes.
    aside.style.cssText = columnStyle(layout.width, reserve);
    const notesBreak = findBreak(aside, aside, layout.width);
    if (notesBreak) {
      const rest = cut(aside, hoist(notesBreak, aside));
      state.carried = Array.from(rest.childNodes);
      state.carriedCount += 1;
    }
    aside.style.cssText = '';
  }
  for (const note of notes) state.placed.add(note);
  return Array.from(aside.childNodes);
}
