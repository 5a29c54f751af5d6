// The soft hyphens that let Chromium hyphenate, taken back out of the PDF's text layer: a page Chromium
// printed read before and after the pass, and the default manuscript built by the CLI at A5 and as an A4
// booklet, read back with poppler, qpdf and mupdf as search, copy and a screen reader meet it.
// tests/unit/pdf-soft-hyphens.test.ts checks the content stream reader and the rules on streams written by hand.
import assert from 'node:assert/strict';
import { readFile, realpath, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { openBrowser, type BrowserSession } from '../src/index.ts';
import { readBookmarks } from '../src/pdf/outline.ts';
import { cleanPageContent } from '../src/pdf/soft-hyphens.ts';
import { DEFAULT_MANUSCRIPT, normalizeText, output, runCli, seedParagraphs, tempDir } from './helpers.ts';

const SHY = '\u00ad';
const TITLE = 'The “micro corruption” around the masses is also a “big disaster”';
const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

// ---------------------------------------------------------------------------------------------
// Real Chromium.

let work: string;
before(async () => {
  work = await realpath(await tempDir('imprint-soft-hyphens-'));
});

/** Each page rendered to grey pixels by poppler. */
async function renderings(file: string): Promise<Buffer[]> {
  const prefix = path.join(work, path.basename(file, '.pdf'));
  await output('pdftoppm', ['-gray', '-r', '60', file, prefix]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(await output('pdfinfo', [file]))![1]);
  return Promise.all(Array.from({ length: pages }, (_, index) => readFile(`${prefix}-${String(index + 1).padStart(String(pages).length, '0')}.pgm`)));
}

/** Every page's link annotations, as PDF syntax. */
async function annotations(bytes: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  return document.getPages().flatMap((page) =>
    (page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []).map((annotation) => document.context.lookup(annotation, PDFDict).toString()),
  );
}

async function cleaned(bytes: Uint8Array) {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const cleaning = cleanPageContent(document);
  return { cleaning, bytes: await document.save({ updateFieldAppearances: false }) };
}

describe('a page Chromium printed, before and after the pass', () => {
  let browser: BrowserSession;
  let raw: string;
  let clean: string;
  let rawBytes: Uint8Array;
  let cleanBytes: Uint8Array;

  before(async () => {
    // Hyphenated the way Imprint hyphenates the print page: soft hyphens in running text (also
    // across the "ffi" ligature), none in headings; a link; the bundled face, inlined.
    browser = await openBrowser();
    const require = createRequire(import.meta.url);
    const face = await readFile(require.resolve('@fontsource/source-serif-4/files/source-serif-4-latin-400-normal.woff2'));
    const words = 'The of~fi~cial ef~fi~cient cor~rup~tion of~fice in~ves~ti~ga~tion re~spon~si~bil~i~ty ac~count~abil~i~ty';
    const paragraph = Array.from({ length: 10 }, (_, index) => `${words} num~ber ${index}.`).join(' ');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Soft hyphens</title><style>
@font-face { font-family: 'Handmade Serif'; src: url(data:font/woff2;base64,${face.toString('base64')}) format('woff2'); }
@page { size: A5; margin: 20mm; }
body { font-family: 'Handmade Serif'; font-size: 12pt; text-align: justify; hyphens: manual; }
</style></head><body><h1>Soft hyphens</h1><p>${paragraph}</p><h2>Second part</h2>
<p>A <a href="https://example.org/">link to cor~rup~tion</a>, and ${paragraph}</p></body></html>`.replaceAll('~', SHY);
    const page = path.join(work, 'page.html');
    await writeFile(page, html);
    const policy = { allowedFolders: [work], allowRemote: false, onBlocked: (url: string) => assert.fail(`blocked ${url}`) };
    const options = { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, tagged: true, outline: true };
    try {
      rawBytes = await browser.printToPdf(pathToFileURL(page).href, options, policy);
    } finally {
      await browser.close();
    }
    cleanBytes = (await cleaned(rawBytes)).bytes;
    raw = path.join(work, 'printed.pdf');
    clean = path.join(work, 'cleaned.pdf');
    await Promise.all([writeFile(raw, rawBytes), writeFile(clean, cleanBytes)]);
  });

  it('starts from what Chromium writes: soft hyphens in ActualText spans, which pdftotext gives back', async () => {
    const qdf = path.join(work, 'printed-qdf.pdf');
    await output('qpdf', ['--qdf', '--object-streams=disable', raw, qdf]);
    const streams = (await readFile(qdf)).toString('latin1');
    // Matched with test(), not assert.match: a failure would print the whole file.
    assert.ok(/\/ActualText <feff00ad> >> BDC\n[-\d.]+ 0 Td <[0-9a-f]{4}> Tj\nEMC/.test(streams), 'a blank glyph in a soft-hyphen span');
    assert.ok(/\/ActualText <feff006600ad00660069>/.test(streams), 'a ligature across a soft hyphen');
    assert.ok((await output('pdftotext', ['-enc', 'UTF-8', raw, '-'])).includes(SHY));
  });

  it('leaves no soft hyphen in the text, and otherwise the same text', async () => {
    const before = await output('pdftotext', ['-enc', 'UTF-8', raw, '-']);
    const after = await output('pdftotext', ['-enc', 'UTF-8', clean, '-']);
    assert.equal(after, before.replaceAll(SHY, ''));
    const qdf = path.join(work, 'cleaned-qdf.pdf');
    await output('qpdf', ['--qdf', '--object-streams=disable', clean, qdf]);
    const streams = (await readFile(qdf)).toString('latin1');
    assert.ok(!/ActualText <feff([0-9a-f]{4})*00ad/i.test(streams), 'no ActualText holds U+00AD');
    assert.ok(/\/ActualText <feff006600660069>/.test(streams), 'the ligature keeps "ffi"');
  });

  it('draws the same pages, pixel for pixel', async () => {
    const [before, after] = await Promise.all([renderings(raw), renderings(clean)]);
    assert.equal(after.length, before.length);
    for (const [index, page] of after.entries()) assert.ok(page.equals(before[index]!), `page ${index + 1}`);
  });

  it('keeps the outline, the structure tree, the link and the tags, and passes qpdf --check', async () => {
    assert.equal(await output('mutool', ['show', clean, 'outline']), await output('mutool', ['show', raw, 'outline']));
    assert.equal(await output('pdfinfo', ['-struct', clean]), await output('pdfinfo', ['-struct', raw]));
    const links = await annotations(cleanBytes);
    assert.equal(links.length, 1);
    assert.deepEqual(links, await annotations(rawBytes));
    assert.match(await output('pdfinfo', [clean]), /^Tagged:\s+yes$/m);
    assert.match(await output('qpdf', ['--check', clean]), /No syntax or stream encoding errors found/);
    // The structure's text now holds the link's words whole (poppler stopped at the soft hyphen before).
    assert.match(await output('pdfinfo', ['-struct-text', clean]), /link to corruption/);
  });

  it('is deterministic, and a second pass finds nothing left to do', async () => {
    const again = await cleaned(rawBytes);
    assert.ok(Buffer.from(again.bytes).equals(Buffer.from(cleanBytes)));
    assert.deepEqual((await cleaned(cleanBytes)).cleaning, { removed: 0, glyphsDeleted: 0, streams: 0, unreadable: 0, artifacts: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// The default manuscript, built by the CLI.

const LINE_BREAK = '\u23ce';

/**
 * The words of a text dump in reading order, without the running heads and page footers; a
 * word that a line end broke after a hyphen comes as one word, `frag-⏎ment`. A soft hyphen left in
 * the text would show as "¬" (normalizeText drops them), and mupdf's reading of Chromium's
 * apostrophe glyph (U+02BC, where the ActualText says U+2019) as the apostrophe it is.
 */
function words(dump: string): string[] {
  const lines = dump
    .replaceAll('\f', '\n')
    .replaceAll(SHY, '¬')
    .replaceAll('\u02bc', "'")
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== TITLE && !/^Page \d+ of \d+$/.test(line));
  // mupdf sometimes starts a block after a line that ends in a hyphen drawn on its own: an empty line.
  return normalizeText(lines.join('\n').replace(/-\n+/g, `-${LINE_BREAK}`)).split(' ');
}

/**
 * Whether `found`, a word of the PDF's text, gives back `word`, the source's. Where a line end
 * broke the word after a hyphen (`frag-⏎ment`), the hyphen is either the one drawn where the line
 * broke at a soft hyphen (`cor-⏎ruption` gives back "corruption") or the source's own
 * (`anti-⏎corruption` gives back "anti-corruption"): the source word decides, so each is accepted
 * only for the word it can stand for, and a hyphen anywhere but at a line end never is.
 */
function givesBack(found: string, word: string): boolean {
  const [fragment, rest] = found.split(`-${LINE_BREAK}`);
  const readings = rest === undefined ? [found] : [`${fragment}${rest}`, `${fragment}-${rest}`];
  return readings.some((reading) => reading === word || (reading.includes('\ufffd') && ligatures(reading).test(word)));
}

/**
 * A word as mupdf reads it, where U+FFFD stands for an f-ligature: Chromium maps the ligature's
 * glyph to nothing and gives its letters in an ActualText, which mupdf skips.
 */
function ligatures(reading: string): RegExp {
  const escaped = reading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('\ufffd', '(?:ff[il]?|f[ilt])')}$`);
}

/** Where the paragraph's words start in `found`, found by its first four; -1 when they are not there. */
function paragraphStart(found: string[], paragraph: string): number {
  const expected = normalizeText(paragraph).split(' ');
  return found.findIndex((_, index) => expected.slice(0, 4).every((word, at) => found[index + at] === word));
}

/** The first word of `paragraphs` that `found` does not give back, as a message; undefined when all come back. */
function firstMismatch(found: string[], paragraphs: string[]): string | undefined {
  for (const paragraph of paragraphs) {
    const expected = normalizeText(paragraph).split(' ');
    const start = paragraphStart(found, paragraph);
    if (start < 0) return `no paragraph starting "${expected.slice(0, 4).join(' ')}"`;
    const at = expected.findIndex((word, offset) => !givesBack(found[start + offset] ?? '', word));
    if (at >= 0) return `"${expected[at]}" came back as "${found[start + at]}"`;
  }
  return undefined;
}

/** The article's text in the PDF: from its first paragraph's first word to its last paragraph's last, line-end hyphens dropped. */
async function bodyText(file: string, paragraphs: string[]): Promise<string> {
  const found = words(await output('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']));
  const start = paragraphStart(found, paragraphs[0]!);
  const last = paragraphStart(found, paragraphs.at(-1)!);
  assert.ok(start >= 0 && last >= start, `the article's first and last paragraphs in ${path.basename(file)}`);
  const end = last + normalizeText(paragraphs.at(-1)!).split(' ').length;
  return found.slice(start, end).join(' ').replaceAll(`-${LINE_BREAK}`, '');
}

/** Baselines whose last glyph, the one furthest right, is a drawn hyphen, from `mutool trace`. */
async function lineEndHyphens(file: string): Promise<number> {
  const ends = new Map<string, { x: number; unicode: string }>();
  let page = 0;
  let transform = '';
  for (const line of (await output('mutool', ['trace', file])).split('\n')) {
    if (line.includes('<page ')) page++;
    transform = /<fill_text .*transform="([^"]*)"/.exec(line)?.[1] ?? transform;
    const glyph = /<g unicode="([^"]*)" glyph="[^"]*" x="([^"]*)" y="([^"]*)"/.exec(line);
    if (!glyph) continue;
    const key = `${page} ${transform} ${glyph[3]}`;
    const x = Number(glyph[2]);
    if (x >= (ends.get(key)?.x ?? -Infinity)) ends.set(key, { x, unicode: glyph[1]! });
  }
  return [...ends.values()].filter((end) => end.unicode === '-').length;
}

describe('the default manuscript, built at A5 and as an A4 booklet', () => {
  let paragraphs: string[];
  let a5: string;
  let a4: string;
  let booklet: string;

  before(async () => {
    paragraphs = await seedParagraphs();
    const [a5Dir, a4Dir] = await Promise.all([tempDir(), tempDir()]);
    const builds = await Promise.all([
      runCli(['build', DEFAULT_MANUSCRIPT, '--paper', 'a5', '--format', 'pdf', '--quiet', '--out', a5Dir]),
      runCli(['build', DEFAULT_MANUSCRIPT, '--booklet', '--format', 'pdf', '--quiet', '--out', a4Dir]),
    ]);
    for (const build of builds) assert.equal(build.code, 0, build.stderr);
    a5 = path.join(a5Dir, 'micro-corruption.pdf');
    a4 = path.join(a4Dir, 'micro-corruption.pdf');
    booklet = path.join(a4Dir, 'micro-corruption-booklet.pdf');
  });

  it('gives back no U+00AD from the A5 PDF, the A4 PDF or the booklet, as poppler (every mode) or mupdf reads them', async () => {
    for (const file of [a5, a4, booklet]) {
      for (const flags of [[], ['-layout'], ['-raw']]) {
        assert.equal(occurrences(await output('pdftotext', [...flags, '-enc', 'UTF-8', file, '-']), SHY), 0, `${path.basename(file)} ${flags.join(' ')}`);
      }
      assert.equal(occurrences(await output('mutool', ['draw', '-F', 'txt', '-o', '-', file]), SHY), 0, `${path.basename(file)} mutool`);
    }
  });

  it('gives back every word of the article, a word broken at a line end only as "frag-" and "ment", as poppler and mupdf read it', async () => {
    // pdftotext -raw keeps each line end and its hyphen as drawn; its default mode joins such lines
    // itself and drops the hyphen, the source's own too ("state-owned" comes back "stateowned").
    for (const file of [a5, a4, booklet]) {
      const mismatch = firstMismatch(words(await output('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])), paragraphs);
      assert.equal(mismatch, undefined, `${path.basename(file)}: ${mismatch}`);
    }
    // mupdf reads the glyphs and skips ActualText: a blank glyph left for a soft hyphen would split the word.
    const mismatch = firstMismatch(words(await output('mutool', ['draw', '-F', 'txt', '-o', '-', a5])), paragraphs);
    assert.equal(mismatch, undefined, `mutool: ${mismatch}`);
  });

  it('finds "corruption" in the body of each PDF as often as the source paragraphs hold it', async () => {
    const expected = occurrences(paragraphs.join('\n').toLowerCase(), 'corruption');
    const markdown = await readFile(DEFAULT_MANUSCRIPT, 'utf8');
    const body = markdown.slice(markdown.indexOf('\n---\n', 4) + 5);
    assert.equal(occurrences(body.toLowerCase(), 'corruption'), expected, 'the fixture holds the manuscript body');
    for (const file of [a5, a4, booklet]) {
      assert.equal(occurrences((await bodyText(file, paragraphs)).toLowerCase(), 'corruption'), expected, path.basename(file));
    }
  });

  it('ends lines of the A5 PDF with a drawn hyphen where it broke a word at a soft hyphen, read as "-"', async () => {
    const lines = (await output('pdftotext', ['-raw', '-enc', 'UTF-8', a5, '-'])).split('\n');
    const sourceWords = new Set(normalizeText(paragraphs.join(' ')).toLowerCase().split(/[^a-z-]+/));
    const softBreaks = lines.flatMap((line, index) => {
      const fragment = /([A-Za-z]+)-$/.exec(line)?.[1];
      const rest = /^([a-z]+)/.exec(lines[index + 1] ?? '')?.[1];
      if (!fragment || !rest) return [];
      const word = `${fragment}${rest}`.toLowerCase();
      // A word the source spells whole and never with a hyphen there: the hyphen came from a soft hyphen.
      return sourceWords.has(word) && !sourceWords.has(`${fragment}-${rest}`.toLowerCase()) ? [`${fragment}-${rest}`] : [];
    });
    assert.ok(softBreaks.length >= 1, 'at least one word broken at a soft hyphen');
    const drawn = await lineEndHyphens(a5);
    assert.ok(drawn >= softBreaks.length, `mutool trace draws ${drawn} line-end hyphens for ${softBreaks.length} soft breaks (${softBreaks.join(', ')})`);
  });

  it('passes qpdf --check; the A5 and A4 PDFs stay tagged and keep their bookmarks', async () => {
    for (const file of [a5, a4, booklet]) {
      assert.match(await output('qpdf', ['--check', file]), /No syntax or stream encoding errors found/, path.basename(file));
    }
    for (const file of [a5, a4]) {
      assert.match(await output('pdfinfo', [file]), /^Tagged:\s+yes$/m, path.basename(file));
      const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
      assert.deepEqual(
        readBookmarks(document).map(({ title, page }) => ({ title, page })),
        [
          { title: TITLE, page: 1 },
          { title: 'Colophon', page: document.getPageCount() },
        ],
      );
    }
  });
});
