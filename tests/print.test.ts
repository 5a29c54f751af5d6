// The print edition read back as a reader, a printer and a screen reader meet it: paper sizes,
// running heads, bookmarks, the numbered contents list, the booklet's page order, metadata, CJK.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { fromXml } from 'xast-util-from-xml';
import { saddleStitchOrder } from '../src/pdf/booklet.ts';
import { build, openBrowser, type BrowserSession, type BuildOptions } from '../src/index.ts';
import { committedDate, contentsEntries, DEFAULT_MANUSCRIPT, isoSeconds, ROOT, output, pdfText, tempDir } from './helpers.ts';

const TITLE = 'The “micro corruption” around the masses is also a “big disaster”';
const HANDBOOK = path.join(ROOT, 'tests', 'fixtures', 'handbook.md');
const CHINESE = path.join(ROOT, 'tests', 'fixtures', 'chinese.md');

let browser: BrowserSession;
let work: string;

/** Builds into a fresh folder with the shared browser; returns the folder. */
async function buildPdf(options: BuildOptions): Promise<string> {
  const outDir = await tempDir();
  const result = await build({ formats: ['pdf'], ...options, outDir, browser });
  assert.equal(result.ok, true, JSON.stringify(result.file.messages));
  return outDir;
}

async function pageCount(file: string): Promise<number> {
  return Number(/^Pages:\s+(\d+)$/m.exec(await output('pdfinfo', [file]))?.[1]);
}

async function pageText(file: string, page: number, ...flags: string[]): Promise<string> {
  return output('pdftotext', ['-enc', 'UTF-8', ...flags, '-f', String(page), '-l', String(page), file, '-']);
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Share of the page's pixels that are not white, from a small grey rendering. */
async function inkCoverage(file: string, page: number): Promise<number> {
  const prefix = path.join(work, `ink-${path.basename(file)}-${page}`);
  await output('pdftoppm', ['-gray', '-r', '20', '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
  const image = await readFile(`${prefix}.pgm`);
  // Binary PGM: "P5", width, height, maxval, then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.subarray(0, 40).toString('latin1'))!;
  const pixels = image.subarray(header[0].length);
  const inked = pixels.filter((value) => value < 160).length;
  return inked / pixels.length;
}

before(async () => {
  browser = await openBrowser();
  work = await tempDir();
});
after(() => browser.close());

describe('paper sizes', () => {
  const expected = { a4: /594\.96 x 841\.92 pts \(A4\)/, letter: /612 x 792 pts \(letter\)/, a5: /420 x 594\.96 pts \(A5\)/ } as const;
  for (const paper of ['a4', 'letter', 'a5'] as const) {
    it(`prints on ${paper}`, async () => {
      const file = path.join(await buildPdf({ input: DEFAULT_MANUSCRIPT, paper }), 'micro-corruption.pdf');
      assert.match(await output('pdfinfo', [file]), expected[paper]);
      assert.ok((await pageCount(file)) >= (paper === 'a5' ? 4 : 2));
    });
  }
});

describe('the handout (default manuscript, A4)', () => {
  let file: string;
  before(async () => {
    file = path.join(await buildPdf({ input: DEFAULT_MANUSCRIPT }), 'micro-corruption.pdf');
  });

  it('has the running head from page 2 on, and "Page N of M" on every page', async () => {
    const pages = await pageCount(file);
    const first = lines(await pageText(file, 1, '-layout'));
    assert.ok(!first.includes(TITLE), 'no running head on page 1');
    assert.equal(first.at(-1), `Page 1 of ${pages}`);
    const second = lines(await pageText(file, 2, '-layout'));
    assert.equal(second[0], TITLE);
    assert.equal(second.at(-1), `Page 2 of ${pages}`);
  });

  it('is tagged, in English, with Info and a well-formed XMP packet carrying the attribution', async () => {
    const info = await output('pdfinfo', [file]);
    assert.match(info, /^Tagged:\s+yes$/m);
    assert.match(info, /^Author:\s+Liu Kun$/m);
    assert.match(info, /^Creator:\s+Imprint /m);
    assert.match(info, /^Producer:\s+Imprint /m);
    assert.match(info, /^Metadata Stream:\s+yes$/m);
    const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
    assert.equal(document.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText(), 'en');

    const xmp = await output('pdfinfo', ['-meta', file]);
    const tree = fromXml(xmp);
    assert.equal(tree.type, 'root');
    assert.match(xmp, /<dc:title><rdf:Alt><rdf:li xml:lang="x-default">The “micro corruption”/);
    assert.match(xmp, /<dc:creator><rdf:Seq><rdf:li>Liu Kun<\/rdf:li><\/rdf:Seq><\/dc:creator>/);
    assert.match(xmp, /<dc:source>Rednet \(Xiangchao Network\), 6 May 2024, 16:40:15 \(UTC\+08:00\)<\/dc:source>/);
    assert.match(xmp, /<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Reprinted from Rednet;.*this statement\.<\/rdf:li>/);
    assert.match(xmp, /<dc:contributor><rdf:Bag><rdf:li>Min Meiying \(editor\)<\/rdf:li>/);
    const built = (await committedDate(DEFAULT_MANUSCRIPT)) ?? new Date('2024-05-06T16:40:15+08:00');
    assert.ok(xmp.includes(`<xmp:CreateDate>${isoSeconds(built)}</xmp:CreateDate>`));
  });

  it('has no soft hyphen in its text layer, every font embedded and no Type 3 font', async () => {
    assert.ok(!(await output('pdftotext', [file, '-'])).includes('\u00ad'), 'the soft hyphens of the printed page stay out of the text');
    const fonts = lines(await output('pdffonts', [file])).slice(2);
    for (const font of fonts) assert.match(font, /CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('renders pages that are not blank', async () => {
    assert.ok((await inkCoverage(file, 1)) > 0.01);
    assert.ok((await inkCoverage(file, 2)) > 0.01);
  });
});

describe('the book layout (handbook fixture)', () => {
  let file: string;
  let pages: number;
  before(async () => {
    file = path.join(await buildPdf({ input: HANDBOOK, layout: 'book' }), 'handbook.pdf');
    pages = await pageCount(file);
  });

  it('opens with a title page without running head or page number', async () => {
    const first = lines(await pageText(file, 1, '-layout'));
    assert.equal(first[0], 'A Handbook for Print Tests');
    assert.ok(!first.some((line) => /^Page \d+ of/.test(line)));
  });

  it('lists the headings with the pages they landed on, each chapter on a new page', async () => {
    const contents = lines(await pageText(file, 2, '-layout'));
    assert.ok(contents.includes('Contents'));
    const entries = contentsEntries(contents);
    assert.deepEqual(
      entries.map((entry) => entry.title),
      ['First chapter', 'A section of the first chapter', 'Second chapter', 'A section whose heading is long enough to wrap across two lines in the outline of the', 'Third chapter'],
    );
    for (const entry of entries) {
      assert.ok(entry.page > 2 && entry.page <= pages);
      const text = lines(await pageText(file, entry.page));
      assert.ok(text.some((line) => entry.title.startsWith(line) || line.startsWith(entry.title)), `${entry.title} on page ${entry.page}`);
    }
    for (const chapter of entries.filter((entry) => /^(First|Second|Third) chapter$/.test(entry.title))) {
      const text = lines(await pageText(file, chapter.page));
      assert.equal(text[1], chapter.title, `${chapter.title} opens page ${chapter.page} (after the running head)`);
    }
  });

  it('has bookmarks for every heading, nested, with their exact titles', async () => {
    const { outlines } = JSON.parse(await output('qpdf', ['--json', '--json-key=outlines', file])) as {
      outlines: Array<{ title: string; kids: unknown[] }>;
    };
    type Item = { title: string; kids: Item[] };
    const flat = (items: Item[], depth = 0): string[] => items.flatMap((item) => [`${depth}:${item.title}`, ...flat(item.kids, depth + 1)]);
    assert.deepEqual(flat(outlines as Item[]), [
      '0:A Handbook for Print Tests',
      '1:Contents',
      '1:First chapter',
      '2:A section of the first chapter',
      '1:Second chapter',
      '2:A section whose heading is long enough to wrap across two lines in the outline of the printed document',
      '1:Third chapter',
      '1:Colophon',
    ]);
  });

  it('prints the address of an external link after its text, once', async () => {
    // The address may break anywhere across lines: compare without white space.
    const text = (await pdfText(file, 'A Handbook for Print Tests')).replace(/\s/g, '');
    assert.ok(text.includes('originalannouncement<https://example.org/announcements/2021/a-very-long-path-that-keeps-going-and-going-without-any-break-at-all>'));
    assert.ok(text.includes('seehttps://example.org/short.'), 'a bare URL is not repeated');
  });

  it('keeps links live: URI annotations for external links, internal ones for the contents', async () => {
    const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
    const uris: string[] = [];
    let internal = 0;
    for (const page of document.getPages()) {
      const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (const annotation of annotations?.asArray() ?? []) {
        const dict = document.context.lookup(annotation, PDFDict);
        if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
        const uri = dict.lookupMaybe(PDFName.of('A'), PDFDict)?.lookupMaybe(PDFName.of('URI'), PDFString)?.decodeText();
        if (uri) uris.push(uri);
        else internal += 1;
      }
    }
    assert.ok(uris.includes('https://example.org/announcements/2021/a-very-long-path-that-keeps-going-and-going-without-any-break-at-all'));
    assert.ok(uris.includes('https://example.org/short'));
    assert.ok(internal >= 5, `${internal} internal links (the contents entries)`);
  });

  it('keeps long words inside the text block', async () => {
    // A word that overflowed the right margin would show as cut off or beyond the page in the text box coordinates.
    const bbox = await output('pdftotext', ['-bbox', '-f', '3', '-l', '3', file, '-']);
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(bbox)![1]);
    const xMax = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((match) => Number(match[1])));
    assert.ok(xMax < pageWidth - 40, `text reaches ${xMax} of ${pageWidth} pt`);
  });
});

describe('the booklet', () => {
  it('imposes A5 pages two per A4 landscape side, in saddle-stitch order', async () => {
    const outDir = await tempDir();
    const result = await build({ input: DEFAULT_MANUSCRIPT, outDir, formats: ['pdf'], booklet: true, browser });
    assert.equal(result.ok, true);
    const booklet = path.join(outDir, 'micro-corruption-booklet.pdf');
    assert.ok(result.artifacts.some((artifact) => artifact.path === booklet));
    const info = await output('pdfinfo', [booklet]);
    assert.match(info, /841\.89 x 595\.28 pts/);
    const sides = await pageCount(booklet);

    // The A5 pages number themselves "Page k of n": read each half back.
    const firstHalf = lines(await pageText(booklet, 1, '-layout', '-x', '421', '-y', '0', '-W', '421', '-H', '595'));
    const total = Number(/Page 1 of (\d+)/.exec(firstHalf.join('\n'))![1]);
    assert.equal(sides, Math.ceil(total / 4) * 2);
    const order = saddleStitchOrder(total);
    for (let side = 1; side <= sides; side++) {
      const [left, right] = order[side - 1]!;
      for (const [expected, x] of [[left, 0], [right, 421]] as const) {
        const half = (await pageText(booklet, side, '-layout', '-x', String(x), '-y', '0', '-W', '421', '-H', '595')).trim();
        if (expected === null) assert.equal(half, '', `side ${side} ${x ? 'right' : 'left'} is blank`);
        else assert.match(half, new RegExp(`Page ${expected} of ${total}$`), `side ${side} ${x ? 'right' : 'left'}`);
      }
    }
  });
});

describe('CJK (zh-CN sample)', () => {
  let file: string;
  before(async () => {
    file = path.join(await buildPdf({ input: CHINESE }), 'chinese-sample.pdf');
  });

  it('embeds the CJK face as CID subsets and gives the Chinese text back', async () => {
    const fonts = lines(await output('pdffonts', [file])).slice(2);
    assert.ok(fonts.some((font) => /NotoSerifSC/.test(font)));
    assert.ok(fonts.every((font) => /CID TrueType\s+Identity-H\s+yes yes yes/.test(font)), fonts.join('\n'));
    const text = (await output('pdftotext', ['-enc', 'UTF-8', file, '-'])).replace(/\s+/g, '');
    assert.ok(text.includes('注意：本讲义仅用于测试中文排版。'), 'bold emphasis next to CJK punctuation is not literal asterisks');
    assert.ok(text.includes('基层工作千头万绪，既要“接地气”，也要讲规矩。'));
    assert.ok(!/[\u4e00-\u9fff]\u00ad|\u00ad[\u4e00-\u9fff]/.test(text), 'no hyphenation in Chinese');
  });

  it('keeps closing punctuation off the start of a line', async () => {
    const textLines = lines(await output('pdftotext', ['-enc', 'UTF-8', file, '-']));
    assert.ok(textLines.every((line) => !/^[，。、；：？！”）]/.test(line)));
  });
});
