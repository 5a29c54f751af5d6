// A book: the example in examples/book built into every format and read back page by page.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { build, openBrowser, type BrowserSession, type BuildResult } from '../src/index.ts';
import { contentsEntries, epubcheckArgs, output, pdfText, ROOT, tempDir } from './helpers.ts';

const EXAMPLE = path.join(ROOT, 'examples', 'book');
const BOOK_TITLE = 'Notes on Grassroots Work';
const CHAPTERS = ['Introduction', 'The “micro corruption” around the masses is also a “big disaster”', 'A checklist for the week'];

let browser: BrowserSession;
before(async () => {
  browser = await openBrowser();
});
after(() => browser.close());

async function pageLines(file: string, page: number): Promise<string[]> {
  const text = await output('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', String(page), '-l', String(page), file, '-']);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

describe('the example book', () => {
  let result: BuildResult;
  let outDir: string;
  let pdf: string;
  before(async () => {
    outDir = await tempDir();
    result = await build({ input: EXAMPLE, outDir, browser });
    pdf = path.join(outDir, 'grassroots-notes.pdf');
  });

  it('builds all three formats without problems', () => {
    assert.equal(result.ok, true, JSON.stringify(result.files.flatMap((file) => file.messages.map(String))));
    assert.deepEqual(result.files.flatMap((file) => file.messages), []);
    assert.deepEqual(
      result.artifacts.map((artifact) => path.basename(artifact.path)).sort(),
      ['grassroots-notes-cover.png', 'grassroots-notes.epub', 'grassroots-notes.html', 'grassroots-notes.pdf'],
    );
  });

  it('has a contents page whose numbers are the pages the headings are on', async () => {
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(await output('pdfinfo', [pdf]))![1]);
    const contents = await pageLines(pdf, 2);
    assert.equal(contents[1], 'Contents');
    const entries = contentsEntries(contents);
    assert.deepEqual(
      entries.map((entry) => entry.title),
      [CHAPTERS[0], 'How to read it', CHAPTERS[1], 'What it asks of grassroots members', CHAPTERS[2], 'Notes'],
    );
    for (const entry of entries) {
      assert.ok(entry.page >= 3 && entry.page <= pages);
      // Read every page: the heading must be on the listed one and on no earlier page.
      let found: number | undefined;
      for (let page = 3; page <= pages && found === undefined; page++) {
        if ((await pageLines(pdf, page)).some((line) => line === entry.title || entry.title.startsWith(line))) found = page;
      }
      assert.equal(found, entry.page, `${entry.title}: listed on ${entry.page}, found on ${found}`);
    }
    for (const chapter of entries.filter((entry) => CHAPTERS.includes(entry.title))) {
      const lines = await pageLines(pdf, chapter.page);
      assert.ok(chapter.title.startsWith(lines[1]!), `${chapter.title} opens page ${chapter.page}`);
    }
  });

  it('nests its bookmarks by chapter and section', async () => {
    type Item = { title: string; kids: Item[] };
    const { outlines } = JSON.parse(await output('qpdf', ['--json', '--json-key=outlines', pdf])) as { outlines: Item[] };
    const flat = (items: Item[], depth = 0): string[] => items.flatMap((item) => [`${depth}:${item.title}`, ...flat(item.kids, depth + 1)]);
    const bookmarks = flat(outlines);
    for (const expected of [`0:${CHAPTERS[0]}`, '1:How to read it', `0:${CHAPTERS[1]}`, '1:What it asks of grassroots members', `0:${CHAPTERS[2]}`, '1:Notes']) {
      assert.ok(bookmarks.includes(expected), `${expected} in ${bookmarks.join(' / ')}`);
    }
  });

  it('credits the reprinted chapter under its title and in the colophon', async () => {
    const text = await pdfText(pdf, BOOK_TITLE);
    assert.ok(text.includes('By Liu Kun · Edited by Min Meiying First published in Rednet (Xiangchao Network), 6 May 2024, 16:40:15 (UTC+08:00)'));
    assert.match(text, /Colophon.*"The "micro corruption" around the masses is also a "big disaster"" By Liu Kun.*Rednet.*For original articles, please attach a link/);
    assert.match(await output('pdfinfo', [pdf]), /^Author:\s+Imprint Examples and Liu Kun$/m);
  });

  it('makes one EPUB document per chapter, with nested navigation and the chapter\'s own metadata', async () => {
    const zip = await JSZip.loadAsync(await readFile(path.join(outDir, 'grassroots-notes.epub')));
    const names = Object.keys(zip.files);
    for (const name of ['OEBPS/chapter-001.xhtml', 'OEBPS/chapter-002.xhtml', 'OEBPS/chapter-003.xhtml']) assert.ok(names.includes(name), name);
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    assert.match(nav, /<li><a href="chapter-001.xhtml#introduction">Introduction<\/a><ol><li><a href="chapter-001.xhtml#how-to-read-it">How to read it<\/a><\/li><\/ol><\/li>/);
    const reprint = await zip.file('OEBPS/chapter-002.xhtml')!.async('string');
    assert.match(reprint, /<meta name="author" content="Liu Kun"\/>/);
    assert.match(reprint, /<meta name="dcterms.source" content="Rednet \(Xiangchao Network\), 6 May 2024, 16:40:15 \(UTC\+08:00\)"\/>/);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.match(opf, /<dc:creator id="author-1">Imprint Examples<\/dc:creator>/);
    assert.match(opf, /<dc:creator id="author-2">Liu Kun<\/dc:creator>/);
    assert.match(opf, /media-type="image\/svg\+xml"/);
    const epubcheck = await output('java', epubcheckArgs(path.join(outDir, 'grassroots-notes.epub'))).catch(
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    assert.match(epubcheck, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
  });

  it('makes one HTML page with an in-page contents list, a captioned figure and the image inlined', async () => {
    const html = (await readFile(path.join(outDir, 'grassroots-notes.html'), 'utf8')).replace(/\u00ad/g, '');
    assert.match(html, /<nav class="toc" role="doc-toc"[^>]*>/);
    assert.match(html, /<a class="toc-title" href="#a-checklist-for-the-week">A checklist for the week<\/a>/);
    assert.match(html, /<figure><img src="data:image\/svg\+xml;base64,[^"]+" alt="How a manuscript becomes three editions"><figcaption>From one manuscript to three editions<\/figcaption><\/figure>/);
    assert.match(html, /<a href="#a-checklist-for-the-week">checklist<\/a>/, 'a link into another chapter is kept');
    assert.equal(html.match(/<section class="chapter[ "]/g)?.length, 3);
  });
});

describe('other book folders', () => {
  it('without book.yaml, the .md files are the chapters in name order and the first one\'s front matter is the book\'s', async () => {
    const folder = path.join(await tempDir(), 'my-book');
    await mkdir(folder);
    await writeFile(path.join(folder, 'b.md'), '# Second\n\nMore text with a [link to the first](#first).\n');
    await writeFile(path.join(folder, 'a.md'), '---\ntitle: Folder Book\nauthor: Ann\noriginal: true\n---\n\n# First\n\nText.\n');
    const outDir = await tempDir();
    const result = await build({ input: folder, outDir, formats: ['html'] });
    assert.equal(result.ok, true);
    const html = await readFile(path.join(outDir, 'my-book.html'), 'utf8');
    assert.ok(html.indexOf('id="first"') < html.indexOf('id="second"'));
    assert.match(html, /<title>Folder Book<\/title>/);
    assert.match(html, /<a href="#first">link to the first<\/a>/);
  });

  it('a chapter book.yaml names that does not exist is an error at its line', async () => {
    const folder = await tempDir();
    await writeFile(path.join(folder, 'book.yaml'), 'title: Broken\nauthor: Ann\noriginal: true\nchapters:\n  - one.md\n  - missing.md\n');
    await writeFile(path.join(folder, 'one.md'), '# One\n');
    const result = await build({ input: folder, outDir: await tempDir(), formats: ['html'] });
    assert.equal(result.ok, false);
    const message = result.files.flatMap((file) => file.messages)[0]!;
    assert.match(message.reason, /The chapter missing.md does not exist/);
    assert.equal(message.line, 6);
    assert.match(String(message.file), /book\.yaml$/);
  });
});
