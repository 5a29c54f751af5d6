/**
 * References that ask for a page (`[page @fig:shelf]`, plugins/rehype-crossref.ts) on the printed
 * page: each prints "page 41", the page its target landed on in the last print, read back from the
 * PDF's named destinations with the contents numbers and in the same passes. Until a print has
 * found it, the number is a placeholder of about its width. The HTML and EPUB editions, which have
 * no fixed pages, keep the target's name.
 */
import type { Element } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { safeDecode } from '../conformance/uri.ts';
import { PAGE_REFERENCE_CLASS } from '../plugins/rehype-crossref.ts';

/** What a page reference shows until a print has found its page: about the width of a number. */
const UNKNOWN_PAGE = '00';

const PAGE_WORDS: Record<string, (page: string) => string> = {
  de: (page) => `Seite ${page}`,
  zh: (page) => `第 ${page} 页`,
  ja: (page) => `${page} ページ`,
};

/** How a page reference shows its page in `lang`, for the print page to number it (pdf/pages-number.ts). */
export function pageReferenceNumbering(lang: string): { className: string; before: string; after: string; unknown: string } {
  const marker = '\u0000';
  const [before = '', after = ''] = pageWords(lang)(marker).split(marker);
  return { className: PAGE_REFERENCE_CLASS, before, after, unknown: UNKNOWN_PAGE };
}

function pageWords(lang: string): (page: string) => string {
  return PAGE_WORDS[lang.toLowerCase().split('-')[0]!] ?? ((page: string) => `page ${page}`);
}

/** Writes the page of every page reference in `content`; returns the ids whose pages it needs. */
export function fillPageReferences(content: Element[], pages: ReadonlyMap<string, number> | undefined, lang: string): string[] {
  const ids: string[] = [];
  const word = pageWords(lang);
  for (const link of content.flatMap((root) => selectAll('a[href^="#"]', root))) {
    const span = select(`:scope > span.${PAGE_REFERENCE_CLASS}`, link);
    if (!span) continue;
    const id = safeDecode(String(link.properties.href).slice(1));
    ids.push(id);
    const page = pages?.get(id);
    span.children = [{ type: 'text', value: word(page === undefined ? UNKNOWN_PAGE : String(page)) }];
  }
  return [...new Set(ids)];
}
