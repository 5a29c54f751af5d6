/**
 * The footnotes a page marks up, found the usual ways: a reference is a same-page link inside or
 * around a `<sup>`, or one marked as a note reference (`role=doc-noteref`, GitHub's
 * `data-footnote-ref`, EPUB's `epub:type=noteref`, Pandoc's `footnote-ref` class); its note is
 * the element the link leads to (an `<li>` of a notes list, or an element marked as a footnote or
 * endnote). A TOC or a "back to top" link leads to a heading or a section, so it is never a note.
 */
import { safeDecode } from '../conformance/uri.ts';

/** A footnote of the page: its label in the Markdown, the links to it, and its text. */
export interface PageNote {
  /** `1`, `a`: the reference's own text when it is a short mark, else a number. */
  label: string;
  references: Element[];
  definition: Element;
}

const NOTE_ROLES = /\bdoc-(?:footnote|endnote)\b/;
const NOTE_TYPES = /\b(?:footnote|endnote|rearnote)\b/;
const REFERENCE_CLASSES = /\b(?:footnote-ref|fnref|footnote-reference)\b/i;
/** A mark the Markdown label can keep: `1`, `12`, `a`, `iv`, `note-3`. */
const SHORT_MARK = /^[\p{L}\p{N}_-]{1,12}$/u;

/** The footnotes of `document`, in the order they are first referred to. */
export function findNotes(document: Document): PageNote[] {
  const byDefinition = new Map<Element, Element[]>();
  for (const link of Array.from(document.querySelectorAll('a[href^="#"]'))) {
    if (!marksANote(link)) continue;
    const definition = definitionOf(document, link.getAttribute('href')!.slice(1));
    if (!definition || definition.contains(link)) continue;
    byDefinition.set(definition, [...(byDefinition.get(definition) ?? []), link]);
  }
  return label([...byDefinition].map(([definition, references]) => ({ definition, references })));
}

function marksANote(link: Element): boolean {
  return (
    link.closest('sup') !== null ||
    link.querySelector('sup') !== null ||
    link.getAttribute('role') === 'doc-noteref' ||
    link.hasAttribute('data-footnote-ref') ||
    /\bnoteref\b/.test(link.getAttribute('epub:type') ?? '') ||
    REFERENCE_CLASSES.test(link.getAttribute('class') ?? '')
  );
}

/** The note `id` names: a list item, an element marked as a note, or the list item or paragraph an anchor sits in. */
function definitionOf(document: Document, fragment: string): Element | undefined {
  const id = safeDecode(fragment);
  if (id === '') return undefined;
  const target = document.getElementById(id);
  if (!target) return undefined;
  if (target.tagName === 'LI' || isMarkedNote(target)) return target;
  if (!['A', 'SPAN', 'SUP'].includes(target.tagName)) return undefined;
  return target.closest('li') ?? target.closest('p') ?? undefined;
}

function isMarkedNote(element: Element): boolean {
  return NOTE_ROLES.test(element.getAttribute('role') ?? '') || NOTE_TYPES.test(element.getAttribute('epub:type') ?? '');
}

/**
 * Each note's label: its reference's mark (`[1]` → `1`) when short and not taken, else the next
 * free number. Markdown compares labels without case, so `A` and `a` are one.
 */
function label(notes: Array<Omit<PageNote, 'label'>>): PageNote[] {
  const taken = new Set<string>();
  const marks = notes.map(({ references }) => references[0]!.textContent?.trim().replace(/^\[(.*)\]$/, '$1').trim() ?? '');
  const labelled = notes.map((note, index) => {
    const mark = marks[index]!;
    const label = SHORT_MARK.test(mark) && !taken.has(mark.toLowerCase()) ? mark : '';
    if (label) taken.add(label.toLowerCase());
    return { ...note, label };
  });
  let next = 1;
  for (const note of labelled) {
    if (note.label) continue;
    while (taken.has(String(next))) next++;
    note.label = String(next);
    taken.add(note.label);
  }
  return labelled;
}
