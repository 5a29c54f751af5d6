// The printed page of texts written elsewhere, read back glyph by glyph from real PDFs: long
// tables over pages, captions, images with a width, compiler output wider than the page, CJK lines.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build, openBrowser, type BrowserSession } from '../src/index.ts';
import { CODE_ADVANCE_EM, codeColumns, CODE_SIZE_EM, pageGeometry, textBlockWidthPt } from '../src/html/page-style.ts';
import { CONTINUATION_MARK } from '../src/plugins/rehype-code-overflow.ts';
import { output, ROOT, tempDir } from './helpers.ts';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'page-layout');
/** The A4 text size, in points. */
const A4_TEXT_PT = Number.parseFloat(pageGeometry('a4').fontSize);
const MM = 72 / 25.4;

let browser: BrowserSession;
before(async () => {
  browser = await openBrowser();
});
after(() => browser.close());

interface PrintedCharacter {
  x: number;
  right: number;
  size: number;
  font: string;
  character: string;
}

interface PrintedLine {
  page: number;
  baseline: number;
  characters: PrintedCharacter[];
  text: string;
}

/** Every line of a PDF as drawn: the characters on one baseline of a page, left to right (from `mutool draw -F stext`). */
async function printedLines(pdf: string): Promise<PrintedLine[]> {
  const xml = await output('mutool', ['draw', '-F', 'stext', '-o', '-', pdf]);
  const lines = new Map<string, PrintedLine>();
  let page = 0;
  let font = '';
  let size = 0;
  for (const match of xml.matchAll(/<page |<font name="([^"]*)" size="([\d.]+)"|<char quad="([^"]*)" x="([\d.]+)" y="([\d.]+)"[^>]*c="([^"]*)"/g)) {
    if (match[0] === '<page ') page++;
    else if (match[1] !== undefined) [font, size] = [match[1], Number(match[2])];
    else {
      const quad = match[3]!.split(' ').map(Number);
      const baseline = Math.round(Number(match[5]) * 2) / 2;
      const key = `${page}:${baseline}`;
      const line = lines.get(key) ?? { page, baseline, characters: [], text: '' };
      line.characters.push({ x: Number(match[4]), right: Math.max(quad[2]!, quad[6]!), size, font, character: decodeXml(match[6]!) });
      lines.set(key, line);
    }
  }
  return [...lines.values()]
    .map((line) => {
      const characters = line.characters.sort((a, b) => a.x - b.x);
      return { ...line, characters, text: characters.map((character) => character.character).join('') };
    })
    .sort((a, b) => a.page - b.page || a.baseline - b.baseline);
}

function decodeXml(text: string): string {
  return text.replace(/&#x([0-9a-f]+);|&(lt|gt|amp|quot|apos);/gi, (_, hex: string | undefined, name: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name!]!,
  );
}

/** The page of the first printed line holding `text` (spaces ignored, as mutool may leave them out). */
function pageOf(lines: PrintedLine[], text: string, from = 0): number {
  const wanted = text.replaceAll(' ', '');
  const line = lines.find((candidate) => candidate.page >= from && candidate.text.replaceAll(' ', '').includes(wanted));
  assert.ok(line, `"${text}" is printed`);
  return line.page;
}

/** The left and right edges of the A4 text block, in points. */
function a4TextBlock(): { left: number; right: number } {
  const left = Number.parseFloat(pageGeometry('a4').margin.split(' ')[3]!) * MM;
  return { left, right: left + textBlockWidthPt('a4') };
}

/** The code listings of a manuscript: the lines between its ``` fences. */
function codeLines(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].flatMap((match) => match[1]!.replace(/\n$/, '').split('\n'));
}

describe('the printed page of pages from the Rust book', () => {
  let manuscript: string;
  let lines: PrintedLine[];
  let shrunk: PrintedLine[];
  let trace: string;
  before(async () => {
    const folder = await tempDir();
    await cp(FIXTURES, path.join(folder, 'book'), { recursive: true });
    manuscript = await readFile(path.join(FIXTURES, 'rust-book-pages.md'), 'utf8');
    await build({ input: path.join(folder, 'book', 'rust-book-pages.md'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    const pdf = path.join(folder, 'out', 'rust-book-pages.pdf');
    lines = await printedLines(pdf);
    trace = await output('mutool', ['trace', pdf, '1']);
    const shrinking = path.join(folder, 'book', 'shrink.md');
    await writeFile(shrinking, manuscript.replace('\nlang: en\n', '\nlang: en\ncode_overflow: shrink\n').replace('slug: rust-book-pages', 'slug: shrink'));
    await build({ input: shrinking, outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    shrunk = await printedLines(path.join(folder, 'out', 'shrink.pdf'));
  });

  it('starts the operators table under the paragraph before it and goes on over the next pages under its repeated header row', () => {
    const first = pageOf(lines, 'Macro expansion');
    const last = pageOf(lines, 'Error propagation');
    assert.equal(pageOf(lines, 'Table B-1: Operators'), first, 'the table is not pushed to a page of its own');
    assert.ok(last > first, `the table runs from page ${first} to page ${last}`);
    for (let page = first; page <= last; page++) {
      // The header row, each header whole: never hyphenated ("Oper-ator").
      assert.ok(
        lines.some((line) => line.page === page && line.text.replaceAll(' ', '') === 'OperatorExampleExplanationOverloadable?'),
        `page ${page} has the header row`,
      );
    }
  });

  it('prints each table caption on the page of the rows it introduces, wherever the table falls', async () => {
    // The book's Ferris table again and again, between more and more of its paragraphs, so that
    // some caption comes at the foot of a page.
    const table = /^<table>[\s\S]*?^<\/table>$/m.exec(manuscript)![0];
    const [, frontMatter, body] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(manuscript)!;
    const paragraphs = body!.split(/\n{2,}/).filter((text) => /^[A-Z]/.test(text) && !text.includes('```')).slice(0, 6);
    const parts = Array.from({ length: 14 }, (_, turn) => [...paragraphs.slice(0, 1 + (turn % 5)), table]).flat();
    const folder = await tempDir();
    await cp(path.join(FIXTURES, 'img'), path.join(folder, 'img'), { recursive: true });
    await writeFile(path.join(folder, 'captions.md'), `${frontMatter!.replace('slug: rust-book-pages', 'slug: captions')}\n${parts.join('\n\n')}\n`);
    await build({ input: path.join(folder, 'captions.md'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    const printed = await printedLines(path.join(folder, 'out', 'captions.pdf'));
    const captions = printed.filter((line) => line.text.replaceAll(' ', '') === 'Ferrisinthisbook');
    assert.equal(captions.length, 14, printed.filter((line) => line.text.includes('Ferris')).map((line) => line.text).join(' / '));
    for (const caption of captions) {
      const index = printed.indexOf(caption);
      const firstRow = printed.slice(index).find((line) => line.text.replaceAll(' ', '').includes('Thiscodedoesnotcompile!'))!;
      assert.equal(firstRow.page, caption.page, `the caption on page ${caption.page} is with its rows`);
    }
  });

  it('keeps the width the manuscript gives an image in a table: 24 px, 18 pt', () => {
    // Each SVG picture is drawn inside a clip of its box, just before its Figure element opens.
    const boxes = [...trace.matchAll(/<clip_path[^>]*transform="([^"]*)">\s*<moveto x="([\d.]+)"[^>]*\/>\s*<lineto x="([\d.]+)"(?:(?!<\/clip_path>)[^])*<\/clip_path>\s*(?:<end_layer\/>\s*)?<layer name="Figure"\/>/g)];
    const widths = boxes.map((box) => (Number(box[3]) - Number(box[2])) * Number(box[1]!.split(' ')[0]));
    assert.equal(widths.length, 3, 'the three Ferris pictures');
    for (const width of widths) assert.ok(Math.abs(width - 18) < 0.1, `a picture is ${width.toFixed(2)} pt wide`);
  });

  it('wraps each code line longer than the text block once, behind a ↪ from a bundled face, every glyph inside the margins', () => {
    const columns = codeColumns('a4');
    const long = codeLines(manuscript).filter((line) => [...line].length > columns);
    assert.ok(long.length >= 5, 'the fixture has long compiler lines');
    assert.ok(long.every((line) => [...line].length <= 2 * columns - 2), 'each needs one continuation');
    const marks = lines.flatMap((line) => line.characters.filter((character) => character.character === CONTINUATION_MARK));
    assert.equal(marks.length, long.length);
    assert.ok(marks.every((mark) => mark.font.includes('NotoSansMath')), marks.map((mark) => mark.font).join(', '));
    const { left, right } = a4TextBlock();
    const code = lines.flatMap((line) => line.characters.filter((character) => character.font.includes('SourceCodePro')));
    assert.ok(code.length > 2000);
    const outside = code.filter((character) => character.x < left - 0.5 || character.right > right + 0.5);
    assert.deepEqual(outside.map((character) => character.character), []);
  });

  it('keeps the carets of a compiler message in the column of the code they point at', () => {
    const advance = A4_TEXT_PT * CODE_SIZE_EM * CODE_ADVANCE_EM;
    const carets = codeLines(manuscript).filter((line) => /^\s*\|\s+\^/.test(line));
    assert.equal(carets.length, 3);
    for (const source of carets) {
      const printed = lines.find((line) => line.text.replaceAll(' ', '') === source.replaceAll(' ', '').slice(0, line.text.replaceAll(' ', '').length) && line.text.includes('^'));
      assert.ok(printed, `"${source.trim()}" is printed`);
      const bar = printed.characters.find((character) => character.character === '|')!;
      const caret = printed.characters.find((character) => character.character === '^')!;
      const columns = (caret.x - bar.x) / advance;
      assert.ok(Math.abs(columns - (source.indexOf('^') - source.indexOf('|'))) < 0.05, `caret ${columns.toFixed(2)} columns after the bar in "${source.trim()}"`);
    }
  });

  it('with code_overflow: shrink, sets a listing just small enough for its longest line and wraps only one that would need less than 60 %', () => {
    const columns = codeColumns('a4');
    const widest = 'error[E0599]: no associated function or constant named `new` found for struct `ThreadPool` in the current scope';
    const printed = shrunk.find((line) => line.text.replaceAll(' ', '') === widest.replaceAll(' ', ''));
    assert.ok(printed, 'the 111-column line prints on one line');
    const expectedSize = A4_TEXT_PT * CODE_SIZE_EM * (Math.floor((columns / widest.length) * 1000) / 1000);
    assert.ok(Math.abs(printed.characters[0]!.size - expectedSize) < 0.05, `set at ${printed.characters[0]!.size} pt, not ${expectedSize.toFixed(2)}`);
    assert.ok(printed.characters.at(-1)!.right <= a4TextBlock().right + 0.5, `the line ends at ${printed.characters.at(-1)!.right} pt`);
    // rustc's 146-column line in listing 13-08 would need 57 %: it wraps.
    assert.ok(shrunk.some((line) => line.text.startsWith(CONTINUATION_MARK) && line.text.replaceAll(' ', '').includes('whichdoesnotimplementthe`Copy`trait')), 'the 146-column line wraps');
  });
});

describe('the printed page of Chinese text full of quotations', () => {
  it('never starts a line with closing punctuation or ends one with opening punctuation, and prints the text whole', async () => {
    // Sections 二 and 四 of 狂人日记, each paragraph again and again with its first characters left
    // off, so its quotation marks and full stops fall at every place in the line.
    const source = await readFile(path.join(FIXTURES, 'madman.md'), 'utf8');
    const [, frontMatter, body] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(source)!;
    const punctuation = /^[、。，．：；？！）］｝〕〉》」』】’”…“‘（《「『]/u;
    const paragraphs = body!.split(/\n{2,}/).map((text) => text.trim()).filter((text) => text && !text.startsWith('#'));
    const shifted = paragraphs.flatMap((paragraph) =>
      Array.from({ length: Math.min(40, paragraph.length) }, (_, start) => paragraph.slice(start)).filter((text) => !punctuation.test(text)),
    );
    const folder = await tempDir();
    await writeFile(path.join(folder, 'madman.md'), `${frontMatter}\n${shifted.join('\n\n')}\n`);
    await build({ input: path.join(folder, 'madman.md'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'], paper: 'a5' });
    // The Chinese lines of the text, without the running heads.
    const lines = (await printedLines(path.join(folder, 'out', 'madman-excerpt.pdf'))).filter((line) => /\p{Script=Han}/u.test(line.text) && line.text !== '狂人日记（节选）');
    assert.ok(lines.length > 600, `${lines.length} lines`);
    const closingFirst = lines.filter((line) => /^[、。，．：；？！）］｝〕〉》」』】’”…]/u.test(line.text));
    const openingLast = lines.filter((line) => /[“‘（《「『]$/u.test(line.text));
    assert.deepEqual([...closingFirst, ...openingLast].map((line) => `page ${line.page}: ${line.text}`), []);
    const printed = lines.map((line) => line.text).join('').replaceAll(' ', '');
    for (const paragraph of paragraphs) assert.ok(printed.includes(paragraph), `${paragraph.slice(0, 12)}… is printed as written`);
  });
});
