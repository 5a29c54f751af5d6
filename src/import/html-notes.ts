/**
 * A page's footnotes carried past Readability. Readability keeps the paragraphs of an article and
 * often drops its notes list, which sits beside the text in a box of its own; so the notes are
 * taken out of the page before Readability reads it (with their back links, and the "Notes"
 * heading or rule that stood over nothing else), the references marked with their labels, and
 * after Readability the notes the kept text still refers to are put back at the article's end,
 * where the Markdown's definitions go (`html-footnote-handlers.ts`).
 */
import { safeDecode } from '../conformance/uri.ts';
import { findNotes, type PageNote } from './html-note-finder.ts';

/** On a reference: the label of the note it refers to. */
export const NOTE_REFERENCE = 'data-imprint-note';
/** On a note put back after the article: its label. */
export const NOTE_DEFINITION = 'data-imprint-note-definition';

const BACKLINK_CLASSES = /\bfootnote-back(?:ref)?\b/i;
/** What a notes list's back links leave once they are gone: `^`, arrows, spaces. */
const BACKLINK_REMAINS = /^[\s^↩↑⤴\u{FE0E}\u{FE0F}]*$/u;
const HEADING = /^H[1-6]$/;

/** Takes the footnotes out of `document` and marks their references; returns them for {@link putNotesBack}. */
export function liftNotes(document: Document): PageNote[] {
  // The marks are Imprint's: a page that wrote them itself would forge notes.
  for (const forged of Array.from(document.querySelectorAll(`[${NOTE_REFERENCE}], [${NOTE_DEFINITION}]`))) {
    forged.removeAttribute(NOTE_REFERENCE);
    forged.removeAttribute(NOTE_DEFINITION);
  }
  const notes = findNotes(document);
  const referenceIds = new Set(notes.flatMap(({ references }) => references.flatMap(idsAround)));
  const holders = new Set<Element>();
  for (const note of notes) {
    note.references.forEach((reference) => reference.setAttribute(NOTE_REFERENCE, note.label));
    removeBacklinks(note.definition, referenceIds);
    removeHidden(note.definition);
    if (note.definition.parentElement) holders.add(note.definition.parentElement);
    note.definition.remove();
  }
  holders.forEach(removeIfEmptied);
  return notes;
}

/** Puts back, at the end of `article`, the notes its text still refers to. */
export function putNotesBack(article: Element, notes: PageNote[]): void {
  const used = new Set(Array.from(article.querySelectorAll(`[${NOTE_REFERENCE}]`), (reference) => reference.getAttribute(NOTE_REFERENCE)));
  for (const note of notes.filter(({ label }) => used.has(label))) {
    const holder = article.ownerDocument.createElement('div');
    holder.setAttribute(NOTE_DEFINITION, note.label);
    while (note.definition.firstChild) holder.appendChild(note.definition.firstChild);
    article.appendChild(holder);
  }
}

/** The ids a back link may lead to: the reference's own, and its `<sup>`'s or wrapper's. */
function idsAround(reference: Element): string[] {
  const around = [reference, reference.parentElement, reference.parentElement?.parentElement];
  return around.map((element) => element?.getAttribute('id') ?? '').filter(Boolean);
}

function removeBacklinks(definition: Element, referenceIds: Set<string>): void {
  for (const link of Array.from(definition.querySelectorAll('a'))) {
    const href = link.getAttribute('href') ?? '';
    const backlink =
      link.getAttribute('role') === 'doc-backlink' ||
      link.hasAttribute('data-footnote-backref') ||
      BACKLINK_CLASSES.test(link.getAttribute('class') ?? '') ||
      (href.startsWith('#') && referenceIds.has(safeDecode(href.slice(1))));
    if (backlink) link.remove();
  }
  for (const element of Array.from(definition.querySelectorAll('span, b, i, sup, em, strong'))) {
    if (BACKLINK_REMAINS.test(element.textContent ?? '') && !element.querySelector('img, svg')) element.remove();
  }
}

/**
 * Removes what a reader of the page never sees inside a note (Wikipedia's `display:none`
 * maintenance remarks): Readability removes it from the article, but the notes go past Readability.
 */
function removeHidden(definition: Element): void {
  for (const element of Array.from(definition.querySelectorAll('[hidden], [aria-hidden="true"], [style]'))) {
    const style = (element as HTMLElement).style;
    const hidden = element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true' || style?.display === 'none' || style?.visibility === 'hidden';
    if (hidden) element.remove();
  }
}

/** Removes a notes list left empty, with the box, rule and heading that held only it. */
function removeIfEmptied(list: Element): void {
  if ((list.textContent ?? '').trim() !== '' || list.querySelector('img, svg, picture')) return;
  let holder = list;
  while (holder.parentElement && holder.parentElement.tagName !== 'BODY' && holdsOnly(holder.parentElement, holder)) holder = holder.parentElement;
  const heading = headingOver(holder);
  holder.remove();
  heading?.remove();
}

/** Whether `parent` holds nothing but `child`, headings and rules. */
function holdsOnly(parent: Element, child: Element): boolean {
  const others = Array.from(parent.children).filter((element) => element !== child);
  const ownText = Array.from(parent.childNodes).some((node) => node.nodeType === 3 && (node.nodeValue ?? '').trim() !== '');
  return !ownText && others.every((element) => HEADING.test(element.tagName) || element.tagName === 'HR');
}

/** The heading right before `holder` when nothing but `holder` stands under it. */
function headingOver(holder: Element): Element | undefined {
  const heading = holder.previousElementSibling;
  if (!heading || !HEADING.test(heading.tagName)) return undefined;
  const next = holder.nextElementSibling;
  return !next || (HEADING.test(next.tagName) && next.tagName <= heading.tagName) ? heading : undefined;
}
