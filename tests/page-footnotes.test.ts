// Page-foot footnotes, read back from real PDFs of a book made from the default manuscript's
// text (the bench book): each note on the page of its reference, a note longer than half a page
// carried to the next, no word hyphenated across a page break, the same bytes twice.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { writeBook } from '../bench/inputs.ts';
import { build, openBrowser, type BrowserSession } from '../src/index.ts';
import { pageGeometry } from '../src/html/page-style.ts';
import { output, seedParagraphs, tempDir } from './helpers.ts';

let browser: BrowserSession;
let folder: string;
let pdf: string;
let pages: string[];
let manuscriptText: string;
/** The long note's last words, which cannot fit under its reference. */
let longNoteTail: string;

/** Every link to a footnote: the page it is on and the page of the note it leads to (1-based). */
async function footnoteLinks(file: string): Promise<Array<{ name: string; from: number; to: number | undefined }>> {
  const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const pageList = document.getPages();
  const pageOf = new Map(pageList.map((page, index) => [page.ref.toString(), index + 1]));
  const destinations = new Map<string, number | undefined>();
  for (const [key, value] of document.catalog.lookup(PDFName.of('Dests'), PDFDict).entries()) {
    const target = document.context.lookup(value, PDFArray).get(0);
    destinations.set(key.decodeText(), target instanceof PDFRef ? pageOf.get(target.toString()) : undefined);
  }
  const links: Array<{ name: string; from: number; to: number | undefined }> = [];
  pageList.forEach((page, index) => {
    const annotations = page.node.Annots();
    for (let at = 0; at < (annotations?.size() ?? 0); at++) {
      const destination = annotations!.lookup(at, PDFDict).get(PDFName.of('Dest'));
      if (destination instanceof PDFName && destination.decodeText().startsWith('user-content-fn-')) {
        links.push({ name: destination.decodeText(), from: index + 1, to: destinations.get(destination.decodeText()) });
      }
    }
  });
  return links;
}

/** The lines set at the text size (not headings, running heads or notes), page by page, from `mutool draw -F stext`. */
async function bodyLines(file: string): Promise<Map<number, string[]>> {
  const xml = await output('mutool', ['draw', '-F', 'stext', '-o', '-', file]);
  const textSize = Number.parseFloat(pageGeometry('a4').fontSize);
  const lines = new Map<number, string[]>();
  let page = 0;
  for (const match of xml.matchAll(/<page |<line [^>]*>([\s\S]*?)<\/line>/g)) {
    if (match[0] === '<page ') {
      page++;
      continue;
    }
    const size = Number(/<font name="[^"]*" size="([\d.]+)"/.exec(match[1]!)?.[1]);
    if (Math.abs(size - textSize) > 0.05) continue;
    const text = [...match[1]!.matchAll(/c="([^"]*)"/g)].map((character) => character[1]).join('').replace(/&amp;/g, '&').replace(/&quot;/g, '"').trim();
    if (text) lines.set(page, [...(lines.get(page) ?? []), text]);
  }
  return lines;
}

async function pageTexts(file: string): Promise<string[]> {
  return (await output('pdftotext', ['-enc', 'UTF-8', file, '-'])).split('\f');
}

async function buildBook(out: string, footnotes?: 'page' | 'chapter'): Promise<string> {
  const result = await build({ input: folder, outDir: out, formats: ['pdf'], browser, ...(footnotes ? { footnotes } : {}) });
  assert.equal(result.ok, true, result.file.messages.join('\n'));
  assert.deepEqual(result.file.messages.filter((message) => message.ruleId === 'footnote-pages').map(String), []);
  return path.join(out, 'book-6.pdf');
}

before(async () => {
  browser = await openBrowser();
  const work = await tempDir();
  folder = await writeBook(path.join(work, 'book-6'), 6, { footnotes: true });
  // One note far longer than half a page: it has to go on at the foot of the next page.
  const paragraphs = await seedParagraphs();
  const chapter = path.join(folder, 'chapter-0003.md');
  longNoteTail = 'Here the long note ends.';
  const longNote = `${paragraphs.slice(2, 5).join(' ')} ${longNoteTail}`;
  await writeFile(chapter, `${(await readFile(chapter, 'utf8')).trimEnd()}\n\nA paragraph that cites the long note.[^long]\n\n[^long]: ${longNote}\n`);
  manuscriptText = (await Promise.all(Array.from({ length: 6 }, (_, index) => readFile(path.join(folder, `chapter-000${index + 1}.md`), 'utf8')))).join('\n');
  pdf = await buildBook(path.join(work, 'out'));
  pages = await pageTexts(pdf);
});
after(() => browser.close());

describe('page-foot footnotes in the book layout', () => {
  it('sets every note on the page of its reference', async () => {
    const links = await footnoteLinks(pdf);
    assert.equal(links.length, 6 * 3 + 1);
    assert.deepEqual(links.filter((link) => link.from !== link.to), []);
  });

  it("prints each note in the text of its reference's page, after the note's number", async () => {
    for (const link of await footnoteLinks(pdf)) {
      const label = /^user-content-fn-(\d+-\d+)/.exec(link.name)?.[1];
      if (!label) continue;
      const text = pages[link.from - 1]!.replace(/\u00ad|-\n/g, '').replace(/\s+/g, ' ');
      assert.match(text, new RegExp(`\\d+ (?:Note ${label}: the reference is cited here|A long note, ${label}:)`), `page ${link.from}`);
    }
  });

  it('carries a note longer than half a page on to the foot of the next page', async () => {
    const link = (await footnoteLinks(pdf)).find((candidate) => candidate.name === 'user-content-fn-long')!;
    const flat = (page: number) => pages[page - 1]!.replace(/\u00ad|-\n/g, '').replace(/\s+/g, ' ');
    assert.ok(!flat(link.from).includes(longNoteTail), `the note ends on page ${link.from}`);
    assert.ok(flat(link.from + 1).includes(longNoteTail), `the note does not end on page ${link.from + 1}`);
  });

  it('hyphenates no word across a page break', async () => {
    const lines = await bodyLines(pdf);
    const words = new Set(manuscriptText.toLowerCase().split(/[^\p{L}]+/u));
    const splits: string[] = [];
    for (let page = 1; lines.has(page + 1); page++) {
      // The last letters of a page and the first of the next: one word cut in two, hyphen or not?
      const before = (/(\p{L}+)-?$/u.exec(lines.get(page)?.at(-1) ?? '')?.[1] ?? '').toLowerCase();
      const after = (/^(\p{L}+)/u.exec(lines.get(page + 1)![0] ?? '')?.[1] ?? '').toLowerCase();
      if (before && after && words.has(before + after) && !(words.has(before) && words.has(after))) splits.push(`${before}/${after} (page ${page})`);
    }
    assert.ok(lines.size > 15);
    assert.deepEqual(splits, []);
  });

  it('prints the same bytes twice', async () => {
    const again = await buildBook(path.join(await tempDir(), 'again'));
    const digest = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
    assert.equal(await digest(again), await digest(pdf));
  });

  it('sets the notes after each chapter with --footnotes chapter', async () => {
    const endNotes = await buildBook(path.join(await tempDir(), 'chapter'), 'chapter');
    const links = await footnoteLinks(endNotes);
    assert.equal(links.length, 6 * 3 + 1);
    assert.ok(links.filter((link) => link.from !== link.to).length > 6, 'most notes print on a later page than their reference');
  });
});
