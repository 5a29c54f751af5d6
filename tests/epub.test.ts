// The EPUB edition read back as a reading system, a validator and an accessibility checker see it:
// EPUBCheck and DAISY Ace on the default manuscript and on one that uses every construct.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { build, locateBrowser, openBrowser, type BrowserSession, type BuildOptions, type BuildResult } from '../src/index.ts';
import { committedDate, DEFAULT_MANUSCRIPT, epubcheckArgs, isoSeconds, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const ALL_CONSTRUCTS = path.join(ROOT, 'tests', 'fixtures', 'all-constructs.md');
const GRADIENT = path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png');

let browser: BrowserSession;

async function buildEpub(options: BuildOptions): Promise<{ result: BuildResult; outDir: string }> {
  const outDir = await tempDir();
  const result = await build({ formats: ['epub'], ...options, outDir, browser });
  return { result, outDir };
}

async function epubcheck(file: string): Promise<string> {
  const run = await execFileAsync('java', epubcheckArgs(file)).catch(
    (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  return `${run.stdout}\n${run.stderr}`;
}

/** Runs DAISY Ace through Puppeteer (its Electron front end cannot run here); returns its JSON report. */
async function ace(file: string): Promise<{ outcome: string; violations: string[] }> {
  const reportDir = await tempDir('imprint-ace-');
  const location = await locateBrowser();
  await execFileAsync(path.join(ROOT, 'node_modules', '.bin', 'ace-puppeteer'), ['--silent', '--force', '--outdir', reportDir, file], {
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: location!.executablePath },
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as {
    'earl:result': { 'earl:outcome': string };
    assertions: Array<{ 'earl:testSubject': { url: string }; assertions?: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string } }> }>;
  };
  const violations = report.assertions.flatMap((document) =>
    (document.assertions ?? []).map((found) => `${document['earl:testSubject'].url}: ${found['earl:test']['dct:title']} (${found['earl:test']['earl:impact']})`),
  );
  return { outcome: report['earl:result']['earl:outcome'], violations };
}

async function unzip(file: string): Promise<JSZip> {
  return JSZip.loadAsync(await readFile(file));
}

before(async () => {
  browser = await openBrowser();
});
after(() => browser.close());

describe('a technical manuscript as EPUB (highlighted code and formulas)', () => {
  it('passes EPUBCheck and DAISY Ace with its MathML and token spans', async () => {
    const { result, outDir } = await buildEpub({ input: path.join(ROOT, 'tests', 'fixtures', 'technical.md') });
    assert.equal(result.ok, true);
    const file = path.join(outDir, 'technical.epub');
    const report = await epubcheck(file);
    assert.match(report, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/, report);
    const zip = await unzip(file);
    const text = (await Promise.all(Object.keys(zip.files).filter((name) => name.endsWith('.xhtml')).map((name) => zip.file(name)!.async('string')))).join('');
    assert.match(text, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/);
    assert.match(text, /<span class="pl-k">fn<\/span>/);
    const accessibility = await ace(file);
    assert.equal(accessibility.outcome, 'pass', accessibility.violations.join('\n'));
    assert.deepEqual(accessibility.violations, []);
  });
});

describe('the default manuscript as EPUB', () => {
  let outDir: string;
  let zip: JSZip;
  before(async () => {
    ({ outDir } = await buildEpub({ input: DEFAULT_MANUSCRIPT }));
    zip = await unzip(path.join(outDir, 'micro-corruption.epub'));
  });

  it('passes EPUBCheck and DAISY Ace', async () => {
    assert.match(await epubcheck(path.join(outDir, 'micro-corruption.epub')), /Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
    const report = await ace(path.join(outDir, 'micro-corruption.epub'));
    assert.deepEqual(report.violations, []);
    assert.equal(report.outcome, 'pass');
  });

  it('has a 1600×2560 PNG cover, marked in the package and written beside the EPUB', async () => {
    const cover = await zip.file('OEBPS/cover.png')!.async('nodebuffer');
    assert.equal(cover.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([cover.readUInt32BE(16), cover.readUInt32BE(20)], [1600, 2560]);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.match(opf, /<item id="image_cover" href="cover.png" media-type="image\/png" properties="cover-image"\/>/);
    assert.deepEqual(await readFile(path.join(outDir, 'micro-corruption-cover.png')), cover);
  });

  it('carries the accessibility metadata and the language on every document', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    for (const [property, value] of [
      ['schema:accessMode', 'textual'],
      ['schema:accessModeSufficient', 'textual'],
      ['schema:accessibilityFeature', 'structuralNavigation'],
      ['schema:accessibilityFeature', 'tableOfContents'],
      ['schema:accessibilityFeature', 'readingOrder'],
      ['schema:accessibilityHazard', 'none'],
    ]) {
      assert.ok(opf.includes(`<meta property="${property}">${value}</meta>`), `${property} ${value}`);
    }
    assert.match(opf, /<meta property="schema:accessibilitySummary">[^<]+<\/meta>/);
    const built = (await committedDate(DEFAULT_MANUSCRIPT)) ?? new Date('2024-05-06T16:40:15+08:00');
    assert.ok(opf.includes(`<meta property="dcterms:modified">${isoSeconds(built)}</meta>`));
    for (const name of Object.keys(zip.files).filter((entry) => entry.endsWith('.xhtml'))) {
      assert.match(await zip.file(name)!.async('string'), /<html [^>]*xml:lang="en" lang="en"/, name);
    }
  });

  it('keeps its identifier while the text stays the same', async () => {
    const again = await unzip(path.join((await buildEpub({ input: DEFAULT_MANUSCRIPT })).outDir, 'micro-corruption.epub'));
    const identifier = async (archive: JSZip) =>
      /<dc:identifier id="BookId">([^<]+)</.exec(await archive.file('OEBPS/content.opf')!.async('string'))?.[1];
    assert.equal(await identifier(again), await identifier(zip));
    assert.match((await identifier(zip))!, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('a manuscript with every construct', () => {
  let result: BuildResult;
  let outDir: string;
  let zip: JSZip;
  let chapters: Record<string, string>;
  before(async () => {
    ({ result, outDir } = await buildEpub({ input: ALL_CONSTRUCTS }));
    zip = await unzip(path.join(outDir, 'all-constructs.epub'));
    chapters = Object.fromEntries(
      await Promise.all(
        Object.keys(zip.files)
          .filter((name) => name.endsWith('.xhtml'))
          .map(async (name) => [path.basename(name), await zip.file(name)!.async('string')] as const),
      ),
    );
  });

  it('builds, warning about the dead link and, once per kind, about the raw HTML it leaves out', () => {
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${/`[^`]+`/.exec(message.reason)?.[0]}`),
      [
        '52:11 raw-html `<c>`',
        '62:1 raw-html `class`',
        '62:1 raw-html `align`',
        '62:1 raw-html `onclick`',
        '66:1 raw-html `<script>`',
        '67:1 raw-html `<iframe>`',
        '70:18 raw-html `style`',
        '70:18 raw-html `onmouseover`',
        '74:13 missing-anchor `#nowhere`',
      ],
    );
  });

  it('passes EPUBCheck and DAISY Ace', async () => {
    const file = path.join(outDir, 'all-constructs.epub');
    const report = await epubcheck(file);
    assert.match(report, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/, report);
    const accessibility = await ace(file);
    assert.deepEqual(accessibility.violations, []);
  });

  it('splits the text at its top-level headings and links across chapters', () => {
    assert.deepEqual(
      Object.keys(chapters).filter((name) => name.startsWith('chapter-')).sort(),
      ['chapter-001.xhtml', 'chapter-002.xhtml', 'chapter-003.xhtml'],
    );
    assert.match(chapters['chapter-002.xhtml']!, /<a href="chapter-001.xhtml#lists">link<\/a>/);
    assert.match(chapters['chapter-002.xhtml']!, /<a href="colophon.xhtml#colophon">the colophon<\/a>/);
    assert.match(chapters['chapter-002.xhtml']!, /<a href="#top-heading-two">second top heading<\/a>/);
  });

  it('lists every heading to level three, nested, in the navigation document and the NCX', () => {
    const nav = chapters['toc.xhtml']!;
    assert.match(nav, /<nav epub:type="toc" id="toc" role="doc-toc"/);
    assert.ok(
      nav.includes(
        '<ol><li><a href="chapter-001.xhtml#top-heading-one">Top heading one</a><ol><li><a href="chapter-001.xhtml#lists">Lists</a><ol><li><a href="chapter-001.xhtml#level-three">Level three</a></li></ol></li><li><a href="chapter-001.xhtml#lists-1">Lists</a></li></ol></li><li><a href="chapter-002.xhtml#top-heading-two">Top heading two</a></li><li><a href="chapter-003.xhtml#top-heading-three">Top heading three</a></li><li><a href="colophon.xhtml">Colophon</a></li></ol>',
      ),
      nav,
    );
    assert.doesNotMatch(nav, /Level four/);
  });

  it('turns footnotes into EPUB 3 footnotes in the chapter that cites them', () => {
    const first = chapters['chapter-001.xhtml']!;
    assert.match(first, /<a [^>]*href="#user-content-fn-note"[^>]*epub:type="noteref"/);
    assert.match(first, /<aside class="footnote" id="user-content-fn-note" epub:type="footnote" role="doc-footnote">/);
    assert.match(first, /<aside class="footnote" id="user-content-fn-second"/);
  });

  it('packs the images with their media types and makes task boxes readable', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.match(opf, /href="images\/[^"]+\.png" media-type="image\/png"/);
    assert.match(opf, /href="images\/[^"]+\.svg" media-type="image\/svg\+xml"/);
    assert.match(opf, /<meta property="schema:accessibilityFeature">alternativeText<\/meta>/);
    assert.match(opf, /<meta property="belongs-to-collection" id="series">Imprint Test Suite<\/meta>/);
    assert.match(chapters['chapter-001.xhtml']!, /<span class="task" role="img" aria-label="done">/);
    const packed = await zip.file(/^OEBPS\/images\/.+\.png$/)[0]!.async('nodebuffer');
    assert.deepEqual(packed, await readFile(GRADIENT));
  });

  it('keeps raw HTML safe: no script, frame, handler or file contents', () => {
    const all = Object.values(chapters).join('\n');
    assert.doesNotMatch(all, /<script|<iframe|onclick|onmouseover|passwd|never/);
    assert.match(all, /<kbd>Ctrl<\/kbd>/);
    assert.match(all, /H<sub>2<\/sub>O/);
  });
});

describe('edge cases', () => {
  it('an empty text still makes a valid EPUB', async () => {
    const folder = await tempDir();
    const input = path.join(folder, 'empty.md');
    await writeFile(input, '---\ntitle: Empty\nauthor: Nobody\noriginal: true\n---\n');
    const { result, outDir } = await buildEpub({ input });
    assert.equal(result.ok, true);
    assert.match(await epubcheck(path.join(outDir, 'empty.epub')), /Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
  });
});

describe('EPUB options', () => {
  it('--embed-fonts packs only the faces the text needs, and stays valid', async () => {
    const { outDir } = await buildEpub({ input: DEFAULT_MANUSCRIPT, embedFonts: true });
    const file = path.join(outDir, 'micro-corruption.epub');
    const zip = await unzip(file);
    const fonts = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/'));
    assert.ok(fonts.some((name) => name.includes('source-serif-4-latin-400-normal')));
    assert.ok(!fonts.some((name) => name.includes('noto-serif-sc')), 'no CJK faces for an English text');
    assert.match(await zip.file('OEBPS/style.css')!.async('string'), /src: url\(fonts\/source-serif-4-latin-400-normal\.woff2\)/);
    assert.match(await epubcheck(file), /Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
  });

  it('--cover uses the given image', async () => {
    const { outDir } = await buildEpub({ input: DEFAULT_MANUSCRIPT, cover: GRADIENT });
    const zip = await unzip(path.join(outDir, 'micro-corruption.epub'));
    assert.deepEqual(await zip.file('OEBPS/cover.png')!.async('nodebuffer'), await readFile(GRADIENT));
    assert.deepEqual(await readFile(path.join(outDir, 'micro-corruption-cover.png')), await readFile(GRADIENT));
  });
});

describe('images that cannot be used', () => {
  let folder: string;
  const manuscript = async (body: string) => {
    const file = path.join(folder, `case-${Math.random().toString(36).slice(2)}.md`);
    await writeFile(file, `---\ntitle: Images\nauthor: A\noriginal: true\n---\n\n${body}\n`);
    return file;
  };
  before(async () => {
    folder = path.join(await tempDir(), 'book');
    await mkdir(folder);
    await copyFile(GRADIENT, path.join(folder, 'inside.png'));
    await copyFile(GRADIENT, path.join(folder, '..', 'outside.png'));
    await symlink(path.join(folder, '..', 'outside.png'), path.join(folder, 'link.png'));
  });

  for (const [name, markdown, reason] of [
    ['a missing image', 'Text.\n\n![A missing picture](nowhere.png)', /does not exist/],
    ['a path out of the folder', '![Escape](../outside.png)', /outside the manuscript folder/],
    ['a symlink out of the folder', '![Link](link.png)', /outside the manuscript folder/],
    ['an absolute path', '![Absolute](/etc/hostname)', /not a path inside the manuscript folder/],
  ] as const) {
    it(`${name} is an error at its line and column`, async () => {
      const { result } = await buildEpub({ input: await manuscript(markdown) });
      assert.equal(result.ok, false);
      const error = result.file.messages.find((message) => message.fatal);
      assert.match(error!.reason, reason);
      assert.equal(error!.line, markdown.startsWith('Text') ? 9 : 7);
      assert.equal(error!.column, 1);
    });
  }

  it('an image without alt text is a warning at its place', async () => {
    const { result } = await buildEpub({ input: await manuscript('![](inside.png)') });
    assert.equal(result.ok, true);
    assert.deepEqual(result.file.messages.map((message) => [message.ruleId, message.line, message.column]), [['image-alt', 7, 1]]);
  });

  describe('a remote image', () => {
    let server: Server;
    let requests = 0;
    before(async () => {
      const png = await readFile(GRADIENT);
      server = createServer((_request, response) => {
        requests += 1;
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(png);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is never fetched without --allow-remote, in any edition', async () => {
      const port = (server.address() as AddressInfo).port;
      const input = await manuscript(`![A remote picture](http://127.0.0.1:${port}/picture.png)`);
      const outDir = await tempDir();
      const result = await build({ input, outDir, browser });
      assert.equal(result.ok, true);
      assert.deepEqual(result.file.messages.map((message) => message.ruleId), ['remote-image']);
      assert.equal(requests, 0, 'the server received no request');
      const zip = await unzip(path.join(outDir, `${path.basename(input, '.md')}.epub`));
      assert.ok(!Object.keys(zip.files).some((name) => name.startsWith('OEBPS/images/')));
    });

    it('with --allow-remote is fetched once and carried by every edition', async () => {
      const port = (server.address() as AddressInfo).port;
      const input = await manuscript(`![A remote picture](http://127.0.0.1:${port}/picture.png)`);
      const outDir = await tempDir();
      const before = requests;
      const result = await build({ input, outDir, browser, allowRemote: true });
      assert.equal(result.ok, true);
      assert.deepEqual(result.file.messages, []);
      assert.equal(requests - before, 1, 'one request for all three editions');
      const zip = await unzip(path.join(outDir, `${path.basename(input, '.md')}.epub`));
      const packed = zip.file(/^OEBPS\/images\/.+\.png$/);
      assert.equal(packed.length, 1);
      assert.deepEqual(await packed[0]!.async('nodebuffer'), await readFile(GRADIENT));
      const html = await readFile(path.join(outDir, `${path.basename(input, '.md')}.html`), 'utf8');
      assert.match(html, /<img src="data:image\/png;base64,/);
    });
  });

  it('a data: image is packed as a file of its type; a broken one gives way to its alt text, with a warning', async () => {
    const png = (await readFile(GRADIENT)).toString('base64');
    const input = await manuscript(`<img src="data:image/png;base64,${png}" alt="Inline" width="32">\n\n<img src="data:image/png;base64,AAAA" alt="Broken">`);
    const { result, outDir } = await buildEpub({ input, cover: GRADIENT });
    assert.equal(result.ok, true);
    assert.deepEqual(result.file.messages.map((message) => [message.ruleId, message.line]), [['image', 9]]);
    const zip = await unzip(path.join(outDir, `${path.basename(input, '.md')}.epub`));
    const text = await zip.file('OEBPS/text.xhtml')!.async('string');
    assert.match(text, /<img src="images\/[0-9a-f]{16}\.png" alt="Inline" width="32"\/>/);
    assert.match(text, /<span class="image-alt">Broken<\/span>/);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.match(opf, /<item id="image_0" href="images\/[0-9a-f]{16}\.png" media-type="image\/png"\/>/);
  });
});
