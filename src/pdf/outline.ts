/**
 * Where the headings landed, and the bookmarks that lead to them. Chromium cannot compute
 * `target-counter()`, so the contents list is numbered from the print: every heading the contents
 * list links to has a named destination (the catalog's `/Dests`), which says its page exactly.
 * Chromium's bookmark titles need mending: it drops the space where a heading wraps ("masses
 * isalso") and doubles the title of a heading at the top of a page ("CompaniesCompanies").
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type { Heading } from '../manuscript/headings.ts';

/** One bookmark: its title as written and the 1-based page it points to. */
export interface Bookmark {
  title: string;
  page: number | undefined;
  dict: PDFDict;
}

/** Every bookmark, depth first, in document order. */
export function readBookmarks(document: PDFDocument): Bookmark[] {
  const outlines = document.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return [];
  const pageRefs = document.getPages().map((page) => page.ref);
  const bookmarks: Bookmark[] = [];
  const walk = (first: PDFDict | undefined) => {
    for (let item = first; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = item.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? '';
      const action = item.lookupMaybe(PDFName.of('A'), PDFDict);
      const destination = item.lookupMaybe(PDFName.of('Dest'), PDFArray) ?? action?.lookupMaybe(PDFName.of('D'), PDFArray);
      bookmarks.push({ title, page: destinationPage(destination, pageRefs), dict: item });
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  walk(outlines.lookupMaybe(PDFName.of('First'), PDFDict));
  return bookmarks;
}

/**
 * The page of every named destination, by name: the catalog's `/Dests` dictionary (what Chromium
 * writes) and the `/Names` → `/Dests` name tree (what other producers write).
 */
export function namedDestinationPages(document: PDFDocument): Map<string, number> {
  const pageRefs = document.getPages().map((page) => page.ref);
  const pages = new Map<string, number>();
  const add = (name: string, value: PDFObject | undefined) => {
    const resolved = value instanceof PDFRef ? document.context.lookup(value) : value;
    const array = resolved instanceof PDFDict ? resolved.lookupMaybe(PDFName.of('D'), PDFArray) : resolved;
    const page = array instanceof PDFArray ? destinationPage(array, pageRefs) : undefined;
    if (page !== undefined) pages.set(name, page);
  };
  const dests = document.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [name, value] of dests?.entries() ?? []) add(utf8(name.asBytes()), value);
  const tree = document.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const walk = (node: PDFDict, depth: number) => {
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let index = 0; names && index + 1 < names.size(); index += 2) {
      const name = names.lookup(index);
      if (name instanceof PDFString || name instanceof PDFHexString) add(utf8(name.asBytes()), names.get(index + 1));
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    // A damaged tree may loop; a real one is a few levels deep.
    for (let index = 0; kids && depth < 32 && index < kids.size(); index += 1) {
      const kid = kids.lookup(index);
      if (kid instanceof PDFDict) walk(kid, depth + 1);
    }
  };
  if (tree) walk(tree, 0);
  return pages;
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function destinationPage(destination: PDFArray | undefined, pageRefs: PDFRef[]): number | undefined {
  const target = destination?.get(0);
  if (!(target instanceof PDFRef)) return undefined;
  const index = pageRefs.indexOf(target);
  return index === -1 ? undefined : index + 1;
}

/** Whitespace-blind comparison key: survives Chromium's lost spaces and its line breaks. */
function key(text: string): string {
  return text.replace(/[\s\u00ad]+/g, '');
}

/** Chromium's title is the heading's text, or that text written twice over (a heading at a page top). */
function titleNames(title: string, heading: string): boolean {
  if (heading.length === 0 || title.length % heading.length !== 0) return false;
  return title === heading.repeat(title.length / heading.length);
}

/**
 * Pairs bookmarks with the page's headings in order. A bookmark takes the next heading whose text
 * its title names; failing that, the next heading when that heading's named destination is on the
 * bookmark's page (a title Chromium garbled otherwise). Headings Chromium left out of the outline
 * (empty ones) are skipped.
 */
export function matchBookmarks(bookmarks: Bookmark[], headings: Heading[], destinations: ReadonlyMap<string, number>): Array<[Bookmark, Heading]> {
  const pairs: Array<[Bookmark, Heading]> = [];
  let next = 0;
  for (const bookmark of bookmarks) {
    const title = key(bookmark.title);
    let index = headings.findIndex((heading, position) => position >= next && titleNames(title, key(heading.text)));
    const following = headings[next];
    if (index === -1 && following?.id !== undefined && bookmark.page !== undefined && destinations.get(following.id) === bookmark.page) index = next;
    if (index === -1) continue;
    pairs.push([bookmark, headings[index]!]);
    next = index + 1;
  }
  return pairs;
}

/**
 * The page each heading with an id landed on: from its named destination; for a heading without
 * one (nothing links to it), from its bookmark.
 */
export function headingPages(document: PDFDocument, headings: Heading[], otherIds: readonly string[] = []): Map<string, number> {
  const destinations = namedDestinationPages(document);
  const pages = new Map<string, number>();
  for (const [bookmark, heading] of matchBookmarks(readBookmarks(document), headings, destinations)) {
    if (heading.id && bookmark.page !== undefined) pages.set(heading.id, bookmark.page);
  }
  for (const heading of headings) {
    const page = heading.id === undefined ? undefined : destinations.get(heading.id);
    if (page !== undefined) pages.set(heading.id!, page);
  }
  // Figures and tables a list names: Chromium makes a named destination of every element a link leads to.
  for (const id of otherIds) {
    const page = pages.has(id) ? undefined : destinations.get(id);
    if (page !== undefined) pages.set(id, page);
  }
  return pages;
}

/** Gives every bookmark its heading's exact text. */
export function retitleBookmarks(document: PDFDocument, headings: Heading[]): void {
  for (const [bookmark, heading] of matchBookmarks(readBookmarks(document), headings, namedDestinationPages(document))) {
    bookmark.dict.set(PDFName.of('Title'), PDFHexString.fromText(heading.text));
  }
}
