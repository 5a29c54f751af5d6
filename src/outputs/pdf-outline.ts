/**
 * Reading and mending the bookmarks Chromium writes. They tell on which page each heading landed
 * (Chromium cannot compute `target-counter()`, so the contents list is numbered from them), and
 * their titles need mending: Chromium drops the space where a heading wraps ("masses isalso").
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import type { Heading } from '../headings.ts';

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
      bookmarks.push({ title, page: destinationPage(item, pageRefs), dict: item });
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  walk(outlines.lookupMaybe(PDFName.of('First'), PDFDict));
  return bookmarks;
}

function destinationPage(item: PDFDict, pageRefs: PDFRef[]): number | undefined {
  const action = item.lookupMaybe(PDFName.of('A'), PDFDict);
  const destination = item.lookupMaybe(PDFName.of('Dest'), PDFArray) ?? action?.lookupMaybe(PDFName.of('D'), PDFArray);
  const target = destination?.get(0);
  if (!(target instanceof PDFRef)) return undefined;
  const index = pageRefs.indexOf(target);
  return index === -1 ? undefined : index + 1;
}

/** Whitespace-blind comparison key: survives Chromium's lost spaces and its line breaks. */
function key(text: string): string {
  return text.replace(/[\s\u00ad]+/g, '');
}

/**
 * Pairs bookmarks with the page's headings in order: each bookmark takes the next heading with the
 * same text. Headings Chromium left out of the outline (empty ones) are skipped.
 */
export function matchBookmarks(bookmarks: Bookmark[], headings: Heading[]): Array<[Bookmark, Heading]> {
  const pairs: Array<[Bookmark, Heading]> = [];
  let next = 0;
  for (const bookmark of bookmarks) {
    const wanted = key(bookmark.title);
    const index = headings.findIndex((heading, position) => position >= next && key(heading.text) === wanted);
    if (index === -1) continue;
    pairs.push([bookmark, headings[index]!]);
    next = index + 1;
  }
  return pairs;
}

/** The page each heading with an id landed on. */
export function headingPages(document: PDFDocument, headings: Heading[]): Map<string, number> {
  const pages = new Map<string, number>();
  for (const [bookmark, heading] of matchBookmarks(readBookmarks(document), headings)) {
    if (heading.id && bookmark.page !== undefined) pages.set(heading.id, bookmark.page);
  }
  return pages;
}

/** Gives every bookmark its heading's exact text. */
export function retitleBookmarks(document: PDFDocument, headings: Heading[]): void {
  for (const [bookmark, heading] of matchBookmarks(readBookmarks(document), headings)) {
    bookmark.dict.set(PDFName.of('Title'), PDFHexString.fromText(heading.text));
  }
}
