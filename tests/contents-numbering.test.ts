// A book's contents list and its page references are numbered in the print page from the pages it
// has just made, so a cold build prints once. Built from the default manuscript's text (a real
// article) into a book whose contents run over several pages, with page references inside
// paragraphs longer than a page (cut by a page break: the pages are made again with the numbers)
// and read back with pdftotext: every number is the page its target is on, and the cold build
// writes the same bytes as a warm one, which prints the page its cached numbers were rendered into.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { DEFAULT_MANUSCRIPT, output, runCli, tempDir } from './helpers.ts';

const CHAPTERS = 24;

async function writeBook(folder: string, options: { references: boolean }): Promise<void> {
  const source = await readFile(DEFAULT_MANUSCRIPT, 'utf8');
  const paragraphs = source.replace(/^---\n[\s\S]*?\n---\n/, '').split(/\n{2,}/).map((paragraph) => paragraph.trim()).filter(Boolean);
  await mkdir(folder, { recursive: true });
  const names = Array.from({ length: CHAPTERS }, (_, index) => `chapter-${String(index + 1).padStart(2, '0')}.md`);
  await writeFile(path.join(folder, 'book.yaml'), stringify({ title: 'Grassroots work', author: 'Liu Kun', lang: 'en', original: true, date: '2024-05-06T16:40:15+08:00', chapters: names }));
  for (const [index, name] of names.entries()) {
    const turn = index % paragraphs.length;
    const text = [...paragraphs.slice(turn), ...paragraphs.slice(0, turn)];
    // A paragraph of three of the article's: longer than half a page, so often cut by a page break.
    const long = text.slice(0, 3).join(' ');
    const at = long.indexOf('. ', long.length / 2) + 1;
    const reference = options.references && index > 0 ? ` (the first part begins on [page @sec:what-it-asks-of-members-part-${index}].)` : '';
    const chapter = [
      `# Chapter ${index + 1}: on grassroots work`,
      `${long.slice(0, at)}${reference}${long.slice(at)}`,
      `## What it asks of members, part ${index + 1}`,
      ...text.slice(3),
    ];
    await writeFile(path.join(folder, name), `${chapter.join('\n\n')}\n`);
  }
}

/** The PDF's pages as pdftotext lays them out. */
async function pdfPages(file: string): Promise<string[]> {
  return (await output('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).split('\f');
}

const words = (title: string) => `${title.replace(/[.:]/g, '\\$&')}(?!\\d)`;

/** The index of the contents list's last page. */
const lastContentsPage = (pages: string[]) => pages.findLastIndex((page) => /What it asks of members, part \d+[ .]+\d+ *$/m.test(page));

/** The page (1-based) the heading is first on, after the contents. */
function pageOf(pages: string[], heading: string, after: number): number {
  const index = pages.findIndex((page, at) => at > after && new RegExp(words(heading)).test(page));
  assert.ok(index >= 0, `"${heading}" is on a page`);
  return index + 1;
}

describe('numbering the contents in the print page', () => {
  let work: string;
  before(async () => {
    work = await tempDir();
  });

  it('numbers a contents list of several pages in one print, each entry the page its heading is on, the bytes of a warm build', async () => {
    const folder = path.join(work, 'contents');
    await writeBook(folder, { references: false });
    const out = path.join(work, 'contents-out');
    const cache = path.join(work, 'contents-cache');
    const run = await runCli(['build', folder, '--out', out, '--format', 'pdf'], { env: { IMPRINT_CACHE_DIR: cache } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /printed pdf \(1 pass\)/, 'the numbers were written into the pages made, no second print and no second pagination');
    const warm = await runCli(['build', folder, '--out', path.join(work, 'contents-warm'), '--format', 'pdf'], { env: { IMPRINT_CACHE_DIR: cache } });
    assert.equal(warm.code, 0, warm.stderr);
    const [coldPdf, warmPdf] = await Promise.all([readFile(path.join(out, 'contents.pdf')), readFile(path.join(work, 'contents-warm', 'contents.pdf'))]);
    assert.ok(coldPdf.equals(warmPdf), 'numbers written into the pages made print what the page rendered with them prints');
    const pages = await pdfPages(path.join(out, 'contents.pdf'));
    const last = lastContentsPage(pages);
    const contentsPages = pages.slice(0, last + 1).filter((page) => /What it asks of members, part \d+[ .]+\d+ *$/m.test(page)).length;
    assert.ok(contentsPages >= 2, `the contents list runs over ${contentsPages} pages`);
    for (let chapter = 1; chapter <= CHAPTERS; chapter += 1) {
      for (const title of [`Chapter ${chapter}: on grassroots work`, `What it asks of members, part ${chapter}`]) {
        const listed = new RegExp(`${words(title)}[ .]+(\\d+) *$`, 'm').exec(pages.slice(0, last + 1).join('\n'));
        assert.ok(listed, `${title} is listed with a number`);
        assert.equal(Number(listed[1]), pageOf(pages, title, last), `${title}: listed on page ${listed[1]}`);
      }
    }
  });

  it('makes the pages again when a number changes a paragraph a page break cuts, and prints the pages a warm build prints', async () => {
    const folder = path.join(work, 'references');
    await writeBook(folder, { references: true });
    const cache = path.join(work, 'cache');
    const cold = await runCli(['build', folder, '--out', path.join(work, 'cold'), '--format', 'html,pdf'], { env: { IMPRINT_CACHE_DIR: cache } });
    assert.equal(cold.code, 0, cold.stderr);
    assert.match(cold.stderr, /printed pdf \(1 pass; pages made [23] times to number them\)/);
    const warm = await runCli(['build', folder, '--out', path.join(work, 'warm'), '--format', 'html,pdf'], { env: { IMPRINT_CACHE_DIR: cache } });
    assert.equal(warm.code, 0, warm.stderr);
    assert.match(warm.stderr, /printed pdf \(1 pass\)/, 'the warm build prints the page rendered with the cached numbers as it is');
    for (const name of ['references.pdf', 'references.html']) {
      assert.ok((await readFile(path.join(work, 'cold', name))).equals(await readFile(path.join(work, 'warm', name))), `${name}: cold and warm builds differ`);
    }
    const pages = await pdfPages(path.join(work, 'cold', 'references.pdf'));
    const text = pages.join('\f').replace(/[ \t\n]+/g, ' ');
    for (let chapter = 2; chapter <= CHAPTERS; chapter += 1) {
      const cited = new RegExp(`\\(the first part begins on page (\\d+)\\.\\)`, 'g');
      const numbers = [...text.matchAll(cited)].map((match) => Number(match[1]));
      assert.equal(numbers.length, CHAPTERS - 1, 'every reference printed a number');
      assert.equal(numbers[chapter - 2], pageOf(pages, `What it asks of members, part ${chapter - 1}`, lastContentsPage(pages)), `the reference in chapter ${chapter}`);
    }
  });
});
