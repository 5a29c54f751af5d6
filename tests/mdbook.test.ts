// A book written the mdBook way (tests/fixtures/mdbook-style): chapters that link each other by
// their `.html` and `.md` names, files that open with comments and anchors, a `<Listing>` and a
// Graphviz SVG with its DOCTYPE. Built into every edition with the real Chromium and read back:
// every link lands in each edition, and the EPUB passes EPUBCheck.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import { build, openBrowser, type BrowserSession, type BuildResult } from '../src/index.ts';
import { epubcheckArgs, pdfText, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const BOOK = path.join(ROOT, 'tests', 'fixtures', 'mdbook-style');
const CAPTION = 'Listing 1-1: A program that prints Hello, world!';

let browser: BrowserSession;
let result: BuildResult;
let outDir: string;
let zip: JSZip;
let html: string;

before(async () => {
  browser = await openBrowser();
  outDir = await tempDir();
  result = await build({ input: BOOK, outDir, browser });
  zip = await JSZip.loadAsync(await readFile(path.join(outDir, 'mdbook-style.epub')));
  html = await readFile(path.join(outDir, 'mdbook-style.html'), 'utf8');
});
after(() => browser.close());

/** Every `attribute="value"` in a serialized document. */
function attributes(document: string, attribute: string): string[] {
  return [...document.matchAll(new RegExp(` ${attribute}="([^"]*)"`, 'g'))].map((match) => match[1]!.replace(/&#x26;/g, '&'));
}

function decodedIds(document: string): Set<string> {
  return new Set(attributes(document, 'id'));
}

describe('a book in the mdBook style', () => {
  it('builds, warning only about the link out of the book and the raw HTML it leaves out', () => {
    assert.equal(result.ok, true);
    const messages = result.files.flatMap((file) => file.messages.map((message) => `${path.basename(file.path)}:${message.line} ${message.ruleId}`));
    assert.deepEqual(messages.sort(), [
      'ch01-00-introduction.md:10 local-link',
      // `class` and `style`, each once for the file.
      'ch02-00-ownership.md:5 raw-html',
      'ch02-00-ownership.md:5 raw-html',
    ]);
  });

  it('passes EPUBCheck with no errors and no warnings', async () => {
    const run = await execFileAsync('java', epubcheckArgs(path.join(outDir, 'mdbook-style.epub'))).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
    );
    const report = `${run.stdout}${run.stderr}`;
    assert.match(report, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/, report);
  });

  it('titles each chapter by its first heading, not by its file name, although comments and anchors come first', async () => {
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    const labels = [...nav.matchAll(/<a href="chapter-[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]);
    assert.deepEqual(labels, ['Introduction', 'Hello, World!', 'Understanding Ownership', 'What Is Ownership?']);
  });

  it('points every link of the EPUB at a document of the package and an id in it', async () => {
    const documents = Object.fromEntries(
      await Promise.all(
        Object.keys(zip.files)
          .filter((name) => name.endsWith('.xhtml'))
          .map(async (name) => [path.basename(name), await zip.file(name)!.async('string')] as const),
      ),
    );
    let internal = 0;
    for (const [name, document] of Object.entries(documents)) {
      for (const href of attributes(document, 'href').filter((value) => !/^https?:/.test(value) && value !== 'style.css')) {
        const [file, fragment] = href.split('#') as [string, string | undefined];
        const target = file === '' ? name : file;
        assert.ok(documents[target], `${name}: ${href} names a document of the package`);
        if (fragment) assert.ok(decodedIds(documents[target]!).has(decodeURIComponent(fragment)), `${name}: ${href} names an id of ${target}`);
        internal += 1;
      }
    }
    const chapterLinks = Object.entries(documents)
      .filter(([name]) => name.startsWith('chapter-'))
      .flatMap(([, document]) => attributes(document, 'href'));
    assert.ok(chapterLinks.includes('chapter-002.xhtml#listing-1-1'), 'the listing, linked from another chapter');
    assert.ok(chapterLinks.includes('chapter-003.xhtml#what-is-ownership'), 'a heading of another chapter, by its .md name');
    assert.ok(!chapterLinks.some((href) => /\.(md|html)(#|$)/.test(href)), 'no link is left as written');
    assert.ok(internal >= 8, `${internal} internal links`);
  });

  it('packs the SVG without its DOCTYPE and keeps the listing caption', async () => {
    const svgs = zip.file(/^OEBPS\/images\/.+\.svg$/);
    assert.equal(svgs.length, 1);
    const svg = await svgs[0]!.async('string');
    assert.doesNotMatch(svg, /<!DOCTYPE/);
    assert.match(svg, /viewBox="0\.00 0\.00 1000\.00 700\.00"/);
    const chapter = await zip.file('OEBPS/chapter-002.xhtml')!.async('string');
    assert.match(chapter, /<figcaption>Listing 1-1: A program that prints <code>Hello, world!<\/code><\/figcaption>/);
  });

  it('makes every in-page link of the HTML edition land on an id of the page', () => {
    const ids = decodedIds(html);
    const links = attributes(html, 'href').filter((href) => href.startsWith('#'));
    assert.ok(links.length >= 8);
    for (const href of links) assert.ok(ids.has(decodeURIComponent(href.slice(1))), `${href} lands`);
    assert.ok(!attributes(html, 'href').some((href) => /\.(md|html)(#|$)/.test(href)));
    assert.ok(html.includes('Listing 1-1: A program that prints <code>Hello, world!</code>'));
  });

  it('gives the PDF internal links only, to destinations in the file, and never a file: address', async () => {
    const bytes = await readFile(path.join(outDir, 'mdbook-style.pdf'));
    const document = await PDFDocument.load(bytes, { updateMetadata: false });
    let internal = 0;
    const uris: string[] = [];
    for (const page of document.getPages()) {
      const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (let index = 0; index < (annotations?.size() ?? 0); index++) {
        const annotation = annotations!.lookup(index, PDFDict);
        if (annotation.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
        const action = annotation.lookupMaybe(PDFName.of('A'), PDFDict);
        const uri = action?.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString);
        if (uri) uris.push(uri.decodeText());
        else if (annotation.get(PDFName.of('Dest')) || action?.get(PDFName.of('D'))) internal += 1;
      }
    }
    assert.ok(internal >= 8, `${internal} internal links`);
    assert.deepEqual(uris.filter((uri) => !/^https?:/.test(uri)), []);
    assert.ok(!bytes.includes(Buffer.from('file:')), 'no file: address anywhere in the PDF');
    assert.ok((await pdfText(path.join(outDir, 'mdbook-style.pdf'))).includes(CAPTION));
  });
});
