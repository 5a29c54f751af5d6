// Imposes small PDFs made on the spot and reads the sheets back with poppler, as a printer's
// preflight would: sheet size, which page sits on which half, and where exactly it landed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { degrees, PageSizes, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { imposeBooklet, type BookletSheet } from '../src/pdf/booklet.ts';

const run = promisify(execFile);

const A4_LANDSCAPE: Size = [841.89, 595.28];
const LETTER_LANDSCAPE: Size = [792, 612];
const HALF_LETTER: Size = [396, 612];

type Size = [width: number, height: number];

interface SourceOptions {
  /** Page size of every page. */
  size: Size;
  /** Page numbers (1-based) left without any content stream. */
  empty?: number[];
  /** /Rotate of each page, by 1-based page number. */
  rotations?: Record<number, number>;
  /** Where every page's MediaBox starts, on both axes; pdf-lib puts it at 0. */
  origin?: number;
}

/** A PDF whose page K shows "Page K" near its top left corner. */
async function sourcePdf(pageCount: number, { size, empty = [], rotations = {}, origin = 0 }: SourceOptions): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let number = 1; number <= pageCount; number++) {
    const page = document.addPage(size);
    page.setMediaBox(origin, origin, size[0], size[1]);
    if (!empty.includes(number)) {
      page.drawText(`Page ${number}`, { x: origin + 60, y: origin + size[1] - 100, size: 24, font });
    }
    const rotation = rotations[number];
    if (rotation !== undefined) page.setRotation(degrees(rotation));
  }
  return document.save();
}

let workDir: string;
let fileCount = 0;

async function writeTemp(bytes: Uint8Array): Promise<string> {
  const file = path.join(workDir, `booklet-${++fileCount}.pdf`);
  await writeFile(file, bytes);
  return file;
}

async function impose(source: Uint8Array, sheet: BookletSheet): Promise<string> {
  return writeTemp(await imposeBooklet(source, { sheet }));
}

/** Every page's size as pdfinfo reports it, in points. */
async function pageSizes(file: string): Promise<Size[]> {
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '9999', file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
  const sizes = [...stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(
    (match): Size => [Number(match[1]), Number(match[2])],
  );
  assert.equal(sizes.length, pages, `pdfinfo listed ${sizes.length} sizes for ${pages} pages:\n${stdout}`);
  return sizes;
}

function assertSizes(actual: Size[], expected: Size, count: number): void {
  assert.equal(actual.length, count);
  for (const [index, [width, height]] of actual.entries()) {
    assert.ok(
      Math.abs(width - expected[0]) < 0.01 && Math.abs(height - expected[1]) < 0.01,
      `page ${index + 1} is ${width} x ${height} pts, expected ${expected[0]} x ${expected[1]}`,
    );
  }
}

/** The "Page K" labels pdftotext finds on one half of one sheet side. */
async function labelsOnHalf(file: string, page: number, half: 'left' | 'right', [width, height]: Size): Promise<string[]> {
  const x = half === 'left' ? 0 : Math.ceil(width / 2);
  const crop = ['-x', String(x), '-y', '0', '-W', String(Math.floor(width / 2)), '-H', String(Math.ceil(height))];
  const { stdout } = await run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), ...crop, file, '-']);
  return stdout.match(/Page \d+/g) ?? [];
}

/** The text of one whole sheet side, laid out as printed. */
async function layoutText(file: string, page: number): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);
  return stdout;
}

/** Checks each sheet side of `file` against the expected [left, right] page numbers. */
async function assertLabels(file: string, sheet: Size, expected: Array<[number | null, number | null]>): Promise<void> {
  for (const [index, [left, right]] of expected.entries()) {
    const page = index + 1;
    const label = (number: number | null) => (number === null ? [] : [`Page ${number}`]);
    assert.deepEqual(await labelsOnHalf(file, page, 'left', sheet), label(left), `left half of sheet side ${page}`);
    assert.deepEqual(await labelsOnHalf(file, page, 'right', sheet), label(right), `right half of sheet side ${page}`);
    const text = await layoutText(file, page);
    assert.deepEqual(text.match(/Page \d+/g) ?? [], [...label(left), ...label(right)], `reading order of side ${page}`);
  }
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Word boxes on one page, in displayed coordinates (origin top left, rotation applied). */
async function words(file: string, page: number): Promise<Word[]> {
  const { stdout } = await run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
  const pattern = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  return [...stdout.matchAll(pattern)].map((match) => ({
    text: match[5]!,
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    xMax: Number(match[3]),
    yMax: Number(match[4]),
  }));
}

/**
 * Checks that the words of a source page reappear on one half of a sheet side exactly where a
 * uniform scale to fit the half, centred, would put them; any stretch or offset shows up here.
 */
async function assertPlaced(options: {
  source: string;
  sourcePage: number;
  shown: Size;
  booklet: string;
  side: number;
  half: 'left' | 'right';
  sheet: Size;
}): Promise<void> {
  const [sheetWidth, sheetHeight] = options.sheet;
  const halfWidth = sheetWidth / 2;
  const scale = Math.min(halfWidth / options.shown[0], sheetHeight / options.shown[1]);
  const left = (options.half === 'left' ? 0 : halfWidth) + (halfWidth - options.shown[0] * scale) / 2;
  const top = (sheetHeight - options.shown[1] * scale) / 2;
  const expected = (await words(options.source, options.sourcePage)).map((word) => ({
    text: word.text,
    xMin: left + word.xMin * scale,
    yMin: top + word.yMin * scale,
    xMax: left + word.xMax * scale,
    yMax: top + word.yMax * scale,
  }));
  const halfStart = options.half === 'left' ? 0 : halfWidth;
  const actual = (await words(options.booklet, options.side)).filter(
    (word) => word.xMin >= halfStart && word.xMax <= halfStart + halfWidth,
  );
  assert.deepEqual(
    actual.map((word) => word.text),
    expected.map((word) => word.text),
  );
  for (const [index, word] of actual.entries()) {
    const want = expected[index]!;
    for (const edge of ['xMin', 'yMin', 'xMax', 'yMax'] as const) {
      assert.ok(
        Math.abs(word[edge] - want[edge]) < 0.05,
        `"${word.text}" ${edge} is ${word[edge]}, expected ${want[edge].toFixed(3)} (side ${options.side}, ${options.half})`,
      );
    }
  }
}

before(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'imprint-booklet-'));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('imposeBooklet', () => {
  it('imposes six A5 pages on four landscape A4 sides in saddle-stitch order', async () => {
    const booklet = await impose(await sourcePdf(6, { size: PageSizes.A5 }), 'a4');
    assertSizes(await pageSizes(booklet), A4_LANDSCAPE, 4);
    await assertLabels(booklet, A4_LANDSCAPE, [
      [null, 1],
      [2, null],
      [6, 3],
      [4, 5],
    ]);
  });

  it('keeps an A5 page at full size, centred in its half (A5 is 148 mm, half of A4 148.5 mm)', async () => {
    const source = await writeTemp(await sourcePdf(6, { size: PageSizes.A5 }));
    const booklet = await impose(await sourcePdf(6, { size: PageSizes.A5 }), 'a4');
    const placement = { source, shown: PageSizes.A5, booklet, sheet: A4_LANDSCAPE } as const;
    await assertPlaced({ ...placement, sourcePage: 6, side: 3, half: 'left' });
    await assertPlaced({ ...placement, sourcePage: 3, side: 3, half: 'right' });
    const [word] = await words(booklet, 3);
    assert.ok(word && Math.abs(word.xMin - 60.7075) < 0.01, `unscaled A5 text starts at ${word?.xMin}`);
  });

  it('imposes half-letter pages on landscape letter sheets', async () => {
    const booklet = await impose(await sourcePdf(3, { size: HALF_LETTER }), 'letter');
    assertSizes(await pageSizes(booklet), LETTER_LANDSCAPE, 2);
    await assertLabels(booklet, LETTER_LANDSCAPE, [
      [null, 1],
      [2, 3],
    ]);
  });

  it('scales A4 portrait pages uniformly to fit half a landscape A4 sheet, centred', async () => {
    const sourceBytes = await sourcePdf(4, { size: PageSizes.A4 });
    const source = await writeTemp(sourceBytes);
    const booklet = await impose(sourceBytes, 'a4');
    assertSizes(await pageSizes(booklet), A4_LANDSCAPE, 2);
    await assertLabels(booklet, A4_LANDSCAPE, [
      [4, 1],
      [2, 3],
    ]);
    const placement = { source, shown: PageSizes.A4, booklet, sheet: A4_LANDSCAPE } as const;
    await assertPlaced({ ...placement, sourcePage: 4, side: 1, half: 'left' });
    await assertPlaced({ ...placement, sourcePage: 1, side: 1, half: 'right' });
    await assertPlaced({ ...placement, sourcePage: 2, side: 2, half: 'left' });
    await assertPlaced({ ...placement, sourcePage: 3, side: 2, half: 'right' });
  });

  it('shows rotated pages the way a viewer does', async () => {
    const rotations = { 1: 90, 2: 180, 3: 270, 4: -90 };
    const sourceBytes = await sourcePdf(4, { size: PageSizes.A5, rotations });
    const source = await writeTemp(sourceBytes);
    const booklet = await impose(sourceBytes, 'a4');
    const landscapeA5: Size = [PageSizes.A5[1], PageSizes.A5[0]];
    const placement = { source, booklet, sheet: A4_LANDSCAPE } as const;
    await assertPlaced({ ...placement, shown: landscapeA5, sourcePage: 4, side: 1, half: 'left' });
    await assertPlaced({ ...placement, shown: landscapeA5, sourcePage: 1, side: 1, half: 'right' });
    await assertPlaced({ ...placement, shown: PageSizes.A5, sourcePage: 2, side: 2, half: 'left' });
    await assertPlaced({ ...placement, shown: landscapeA5, sourcePage: 3, side: 2, half: 'right' });
  });

  it('places a page whose MediaBox does not start at the origin by what is visible', async () => {
    const sourceBytes = await sourcePdf(2, { size: PageSizes.A5, origin: 100 });
    const source = await writeTemp(sourceBytes);
    const booklet = await impose(sourceBytes, 'a4');
    const placement = { source, shown: PageSizes.A5, booklet, sheet: A4_LANDSCAPE } as const;
    await assertPlaced({ ...placement, sourcePage: 1, side: 1, half: 'right' });
    await assertPlaced({ ...placement, sourcePage: 2, side: 2, half: 'left' });
  });

  it('treats a page with no content stream as blank instead of failing', async () => {
    const booklet = await impose(await sourcePdf(3, { size: PageSizes.A5, empty: [2] }), 'a4');
    assertSizes(await pageSizes(booklet), A4_LANDSCAPE, 2);
    await assertLabels(booklet, A4_LANDSCAPE, [
      [null, 1],
      [null, 3],
    ]);
  });

  it('carries the document Info and language over unchanged, and is deterministic', async () => {
    const document = await PDFDocument.load(await sourcePdf(2, { size: PageSizes.A5 }), { updateMetadata: false });
    document.setTitle('Micro-corruption, répété', { showInWindowTitleBar: true });
    document.setAuthor('Liu Kun and Min Meiying');
    document.setSubject('From Rednet');
    document.setKeywords(['corruption, public health']);
    document.setCreator('Imprint 0.1.0');
    document.setProducer('Imprint 0.1.0 (Chromium, pdf-lib)');
    document.setCreationDate(new Date('2024-05-06T08:40:15Z'));
    document.setModificationDate(new Date('2024-05-07T09:00:00Z'));
    document.setLanguage('zh-CN');
    const source = await document.save();

    const first = await imposeBooklet(source, { sheet: 'a4' });
    const second = await imposeBooklet(source, { sheet: 'a4' });
    assert.deepEqual(Buffer.from(first), Buffer.from(second), 'two impositions of the same PDF differ');

    const booklet = await PDFDocument.load(first, { updateMetadata: false });
    assert.equal(booklet.getTitle(), 'Micro-corruption, répété');
    assert.equal(booklet.getAuthor(), 'Liu Kun and Min Meiying');
    assert.equal(booklet.getSubject(), 'From Rednet');
    assert.equal(booklet.getKeywords(), 'corruption, public health');
    assert.equal(booklet.getCreator(), 'Imprint 0.1.0');
    assert.equal(booklet.getProducer(), 'Imprint 0.1.0 (Chromium, pdf-lib)');
    assert.equal(booklet.getCreationDate()?.toISOString(), '2024-05-06T08:40:15.000Z');
    assert.equal(booklet.getModificationDate()?.toISOString(), '2024-05-07T09:00:00.000Z');
    assert.equal(booklet.catalog.lookup(PDFName.of('Lang'))?.toString(), '(zh-CN)');
    assert.equal(booklet.catalog.getViewerPreferences()?.getDisplayDocTitle(), true);
  });

  it('adds no Info of its own to a source that had none', async () => {
    const booklet = await PDFDocument.load(await imposeBooklet(await sourcePdf(1, { size: PageSizes.A5 }), { sheet: 'a4' }), {
      updateMetadata: false,
    });
    assert.equal(booklet.getProducer(), undefined);
    assert.equal(booklet.getCreationDate(), undefined);
    assert.equal(booklet.getModificationDate(), undefined);
  });

  it('refuses a PDF with no pages', async () => {
    // Without addDefaultPage: false, pdf-lib quietly saves a page-less document with one blank page.
    const empty = await (await PDFDocument.create({ updateMetadata: false })).save({ addDefaultPage: false });
    await assert.rejects(imposeBooklet(empty, { sheet: 'a4' }), /no pages/);
  });
});
