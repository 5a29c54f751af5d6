// Numbered figures, tables, listings and equations in a book of two chapters, referred to within and
// across chapters in pandoc-crossref's syntax, built into every edition and read back: the numbers
// per chapter in the PDF text, the lists of figures and tables with the pages read from the print,
// the links across chapter documents in the EPUB (EPUBCheck), and a reference to a label nowhere in
// the book stopping the build at its place.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { epubcheckArgs, output, ROOT, runCli, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);

const CHAPTER_ONE = `---
title: Shelves and loads
author: Imprint tests
source:
  name: Imprint
  published: 2024-05-06T16:40:15+08:00
lists: [figures, tables]
---

# Shelves

The sizes are in @tbl:sizes, and @fig:shelf shows one shelf.

| Shelf | Width (cm) |
| --- | --- |
| Small | 60 |
| Large | 120 |

Table: Shelf sizes {#tbl:sizes}

![A shelf, seen from the front](shelf.png){#fig:shelf}
`;

const CHAPTER_TWO = `# Loads

A large shelf from [@tbl:sizes] (pictured in @fig:shelf) carries the load of @eq:load, drawn in
@fig:load and computed by @lst:load. The shelf itself stands on [page @fig:shelf], in @sec:shelves.

![The load along the shelf](load.png){#fig:load}

$$
q = \\frac{F}{L}
$$

{#eq:load}

Listing: The load per centimetre {#lst:load}

\`\`\`python
def load(force, length):
    return force / length
\`\`\`
`;

describe('cross-references in a book', () => {
  let folder: string;
  let out: string;
  let built: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    const work = await tempDir();
    folder = path.join(work, 'book');
    await mkdir(folder);
    await writeFile(path.join(folder, '01-shelves.md'), CHAPTER_ONE);
    await writeFile(path.join(folder, '02-loads.md'), CHAPTER_TWO);
    for (const name of ['shelf.png', 'load.png']) await copyFile(path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png'), path.join(folder, name));
    out = path.join(work, 'out');
    built = await runCli(['build', folder, '--out', out]);
  });

  it('numbers per chapter and prints each reference by its number, across chapters too, in the PDF', async () => {
    assert.equal(built.code, 0, built.stderr);
    const text = (await output('pdftotext', ['-enc', 'UTF-8', path.join(out, 'book.pdf'), '-'])).replace(/\s+/g, ' ');
    for (const caption of ['Table 1.1: Shelf sizes', 'Figure 1.1: A shelf, seen from the front', 'Figure 2.1: The load along the shelf', 'Listing 2.1: The load per centimetre', '(2.1)']) {
      assert.ok(text.includes(caption), caption);
    }
    assert.match(text, /The sizes are in Table 1\.1, and Figure 1\.1 shows one shelf\./);
    assert.match(text, /A large shelf from Table 1\.1 \(pictured in Figure 1\.1\) carries the load of Equation 2\.1, drawn in Figure 2\.1 and computed by Listing 2\.1\. The shelf itself stands on page \d+, in Shelves\./);
  });

  it('lists the figures and tables after the title page, each with the page the print put it on', async () => {
    const pages = (await output('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(out, 'book.pdf'), '-'])).split('\f');
    for (const caption of ['Figure 1.1: A shelf, seen from the front', 'Figure 2.1: The load along the shelf', 'Table 1.1: Shelf sizes']) {
      const listed = pages.findIndex((page) => new RegExp(`${caption.replace(/[.()]/g, '\\$&')}\\s+\\d+\\s*$`, 'm').test(page));
      assert.ok(listed >= 0, `${caption} is listed with a page number`);
      const number = Number(new RegExp(`${caption.replace(/[.()]/g, '\\$&')}\\s+(\\d+)`).exec(pages[listed]!)![1]);
      const standing = pages.findIndex((page, index) => index !== listed && page.includes(caption));
      assert.equal(number, standing + 1, `${caption}: listed on page ${number}, stands on page ${standing + 1}`);
    }
    assert.match(pages[1]!, /^\s*Figures\s*$/m);
    const onPage = Number(/stands on page (\d+)/.exec(pages.join(' ').replace(/\s+/g, ' '))![1]);
    const shelf = pages.findIndex((page, index) => index > 1 && page.includes('Figure 1.1: A shelf, seen from the front'));
    assert.equal(onPage, shelf + 1, '[page @fig:shelf] prints the page the figure stands on');
  });

  it('links each reference to its target: within the HTML page, and across the EPUB chapter documents, which EPUBCheck passes', async () => {
    const html = await readFile(path.join(out, 'book.html'), 'utf8');
    assert.match(html, /<a class="crossref" href="#tbl-sizes">Table 1\.1<\/a>/);
    assert.match(html, /<table id="tbl-sizes">/);
    const epub = path.join(out, 'book.epub');
    const { stdout, stderr } = await execFileAsync('java', epubcheckArgs(epub)).catch((error: { stdout: string; stderr: string }) => error);
    assert.match(stdout + stderr, /0 fatals \/ 0 errors \/ 0 warnings/);
    const second = await output('unzip', ['-p', epub, 'OEBPS/chapter-002.xhtml']);
    assert.match(second, /<a class="crossref" href="chapter-001\.xhtml#tbl-sizes">Table 1\.1<\/a>/);
    assert.match(second, /<a class="crossref" href="#fig-load">Figure 2\.1<\/a>/);
    // No fixed pages in an e-book: a page reference names its target.
    assert.match(second, /stands on <a class="crossref" href="chapter-001\.xhtml#fig-shelf"><span class="page-ref">Figure 1\.1<\/span><\/a>, in <a class="crossref" href="chapter-001\.xhtml#shelves">Shelves<\/a>/);
  });

  it('stops at a reference to a label nowhere in the book, naming its line and column, and writes nothing', async () => {
    await writeFile(path.join(folder, '02-loads.md'), CHAPTER_TWO.replace('@fig:load and', '@fig:lost and'));
    const again = path.join(path.dirname(folder), 'again');
    const run = await runCli(['build', folder, '--out', again]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /02-loads\.md\n4:1\s+error\s+No figure, table, listing or equation is labelled `\{#fig:lost\}` in this edition/);
    await assert.rejects(readFile(path.join(again, 'book.pdf')));
  });
});
