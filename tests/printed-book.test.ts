// The printed edition of a longer book, read back from the PDF: contents numbers, bookmarks, links.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { stringify } from 'yaml';
import { build, openBrowser, type BrowserSession, type BuildResult } from '../src/index.ts';
import { namedDestinationPages, readBookmarks } from '../src/pdf/outline.ts';
import { textWidth } from '../src/fonts/text-width.ts';
import { RUNNING_HEAD_SIZE_PT, textBlockWidthPt } from '../src/html/page-style.ts';
import { fitRunningHead } from '../src/html/running-head.ts';
import { contentsEntries, DEFAULT_MANUSCRIPT, output, ROOT, tempDir } from './helpers.ts';

let browser: BrowserSession;
before(async () => {
  browser = await openBrowser();
});
after(() => browser.close());

/**
 * A book of sections of uneven length, made of the default manuscript's paragraphs, so that many
 * headings land at the top of a page: where Chromium's own bookmark titles come out doubled.
 */
async function writeSectionedBook(folder: string): Promise<{ sections: string[] }> {
  const source = await readFile(path.join(ROOT, 'manuscript', 'micro-corruption.md'), 'utf8');
  const paragraphs = source.replace(/^---\n[\s\S]*?\n---\n/, '').split(/\n{2,}/).map((text) => text.trim()).filter(Boolean);
  const names: string[] = [];
  const sections: string[] = [];
  let turn = 0;
  for (let chapter = 1; chapter <= 4; chapter++) {
    const parts = [`# Chapter ${chapter}: on grassroots work`];
    // Links of every kind a book written elsewhere has: to a chapter, the mdBook and GitHub way,
    // to a file outside the edition, to the web.
    if (chapter === 1) parts.push('See [the next chapter](chapter-2.md), [its third section](chapter-2.html#section-23-what-it-asks-of-members), [the notes](../notes/missing.txt), [a picture](images/none.png) and [the source](https://www.rednet.cn/).');
    for (let section = 1; section <= 9; section++) {
      const title = `Section ${chapter}.${section}: what it asks of members`;
      sections.push(title);
      parts.push(`## ${title}`);
      for (let count = 0; count < 1 + ((chapter * 7 + section * 3) % 5); count++) parts.push(paragraphs[turn++ % paragraphs.length]!);
    }
    const name = `chapter-${chapter}.md`;
    names.push(name);
    await writeFile(path.join(folder, name), `${parts.join('\n\n')}\n`);
  }
  await writeFile(
    path.join(folder, 'book.yaml'),
    stringify({ title: 'Sections at page tops', author: 'Imprint Tests', lang: 'en', slug: 'page-tops', original: true, date: '2024-05-06T16:40:15+08:00', chapters: names }),
  );
  return { sections };
}

describe('a book whose headings land at page tops', () => {
  let result: BuildResult;
  let pdf: string;
  let pdfElsewhere: string;
  let sections: string[];
  before(async () => {
    const folder = await tempDir();
    await mkdir(path.join(folder, 'book'));
    ({ sections } = await writeSectionedBook(path.join(folder, 'book')));
    result = await build({ input: path.join(folder, 'book'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    pdf = path.join(folder, 'out', 'page-tops.pdf');
    await build({ input: path.join(folder, 'book'), outDir: path.join(folder, 'elsewhere', 'out'), browser, formats: ['pdf'] });
    pdfElsewhere = path.join(folder, 'elsewhere', 'out', 'page-tops.pdf');
  });

  it('links within the edition to destinations and leaves no file: URI in the PDF', async () => {
    const uncompressed = `${pdf}.qdf`;
    await output('qpdf', ['--qdf', '--object-streams=disable', pdf, uncompressed]);
    const text = (await readFile(uncompressed)).toString('latin1');
    assert.deepEqual(text.match(/\/URI \(file:[^)]*\)/g) ?? [], []);
    // One annotation per line the link text runs over.
    assert.deepEqual([...new Set(text.match(/\/URI \([^)]*\)/g))], ['/URI (https://www.rednet.cn/)']);
    // The two chapter links on chapter 1's first page lead to named destinations of this file.
    const document = await PDFDocument.load(await readFile(pdf), { updateMetadata: false });
    const chapterOne = contentsEntries((await output('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', '2', '-l', '2', pdf, '-'])).split('\n').map((line) => line.trim()))[0]!.page;
    const annotations = document.getPage(chapterOne - 1).node.Annots();
    const destinations = Array.from({ length: annotations?.size() ?? 0 }, (_, index) => annotations!.lookup(index, PDFDict).get(PDFName.of('Dest')))
      .filter((destination) => destination instanceof PDFName)
      .map((destination) => destination.decodeText());
    assert.deepEqual(destinations.sort(), ['chapter-2-on-grassroots-work', 'section-23-what-it-asks-of-members']);
  });

  it('writes the same bytes whatever the output folder', async () => {
    assert.ok((await readFile(pdf)).equals(await readFile(pdfElsewhere)));
  });

  it('builds', () => {
    assert.equal(result.ok, true, JSON.stringify(result.files.flatMap((file) => file.messages.map(String))));
  });

  it('has section headings at the top of a page (where Chromium doubles bookmark titles)', async () => {
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(await output('pdfinfo', [pdf]))![1]);
    let atTop = 0;
    for (let page = 3; page <= pages; page++) {
      const lines = (await output('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdf, '-'])).split('\n').filter(Boolean);
      // The first line is the running head.
      if (sections.includes(lines[1] ?? '')) atTop += 1;
    }
    assert.ok(atTop >= 3, `only ${atTop} section headings open a page`);
  });

  it('numbers every contents entry with the page its heading is on', async () => {
    const document = await PDFDocument.load(await readFile(pdf), { updateMetadata: false });
    // The contents list starts on page 2 and ends before the page of its first entry.
    const firstEntry = contentsEntries((await output('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', '2', '-l', '2', pdf, '-'])).split('\n').map((line) => line.trim()))[0]!;
    const contents = (await output('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', '2', '-l', String(firstEntry.page - 1), pdf, '-'])).split('\n').map((line) => line.trim());
    const entries = contentsEntries(contents);
    assert.deepEqual(entries.filter((entry) => entry.title.match(/^Section \d/)).map((entry) => entry.title), sections);
    const unnumbered = contents.filter((line) => line.match(/^Section \d/) && !/\d$/.test(line));
    assert.deepEqual(unnumbered, []);
    for (const entry of entries) {
      const text = await output('pdftotext', ['-enc', 'UTF-8', '-f', String(entry.page), '-l', String(entry.page), pdf, '-']);
      assert.ok(text.split('\n').includes(entry.title), `"${entry.title}" is not on page ${entry.page}`);
    }
    assert.equal(namedDestinationPages(document).size >= entries.length, true);
  });

  it('titles every bookmark with its heading, none doubled', async () => {
    const document = await PDFDocument.load(await readFile(pdf), { updateMetadata: false });
    const titles = readBookmarks(document).map((bookmark) => bookmark.title);
    assert.deepEqual(titles.filter((title) => title.match(/^Section \d/)), sections);
    assert.deepEqual(titles.filter((title) => /^(.+)\1$/.test(title.replace(/\s+/g, ''))), []);
  });
});

describe('running heads', () => {
  it('name the chapter on a chapter’s second page, and the book before the first chapter', async () => {
    const folder = await tempDir();
    await mkdir(path.join(folder, 'book'));
    await writeSectionedBook(path.join(folder, 'book'));
    await build({ input: path.join(folder, 'book'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    const pdf = path.join(folder, 'out', 'page-tops.pdf');
    const firstLine = async (page: number) => (await output('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdf, '-'])).split('\n')[0];
    const entries = contentsEntries((await output('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', '2', '-l', '2', pdf, '-'])).split('\n').map((line) => line.trim()));
    assert.equal(await firstLine(2), 'Sections at page tops');
    for (const chapter of [1, 3]) {
      const start = entries.find((entry) => entry.title === `Chapter ${chapter}: on grassroots work`)!.page;
      assert.equal(await firstLine(start + 1), `Chapter ${chapter}: on grassroots work`);
    }
  });

  it('are cut at a word with an ellipsis to fit one line of the narrowest page', async () => {
    const width = textBlockWidthPt('a5');
    const title = 'The “micro corruption” around the masses is also a “big disaster”: improve the anti-corruption efforts at the grassroots level';
    const head = await fitRunningHead(title, width);
    assert.match(head, /^The “micro corruption” around the masses .*[a-z]…$/);
    assert.ok((await textWidth(head, { weight: 400, style: 'italic' }, RUNNING_HEAD_SIZE_PT)) <= width);
    assert.equal(await fitRunningHead('A short title', width), 'A short title');
  });
});

describe('page furniture', () => {
  it('is marked as an artifact: page 1’s text in structure order starts with the title, its folio is an artifact', async () => {
    const outDir = await tempDir();
    await build({ input: DEFAULT_MANUSCRIPT, outDir, browser, formats: ['pdf'] });
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await getDocument({ data: new Uint8Array(await readFile(path.join(outDir, 'micro-corruption.pdf'))), verbosity: 0 }).promise;
    const content = await (await document.getPage(1)).getTextContent({ includeMarkedContent: true });
    const marks: string[] = [];
    const tagged: string[] = [];
    const artifacts: string[] = [];
    const untagged: string[] = [];
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') marks.pop();
        else marks.push((item as { tag?: string }).tag ?? '');
      } else if (item.str.trim()) {
        (marks.includes('Artifact') ? artifacts : marks.length > 0 ? tagged : untagged).push(item.str);
      }
    }
    assert.equal(tagged[0], 'The “micro corruption” around the masses is');
    assert.equal(artifacts.join(' '), 'Page 1 of 3');
    assert.deepEqual(untagged, []);
    await document.destroy();
  });
});
