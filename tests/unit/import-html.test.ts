/**
 * `imprint import` on web pages: the article Readability finds, converted to Markdown with its
 * images, notes and links. The real pages are ten of Mozilla Readability's own test pages
 * (tests/fixtures/import/readability/SOURCES.md); the saved page with its `_files/` folder is
 * written for its images (tests/fixtures/import/saved-complete).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { convertArticleHtml, extractHtmlArticle, type HtmlArticleOptions } from '../../src/import/html-article.ts';
import { parseHtmlPage } from '../../src/import/html-dom.ts';
import { importCaptures } from '../../src/import/import.ts';
import { ImportProblem } from '../../src/import/problems.ts';

const FIXTURES = path.resolve('tests/fixtures/import');
const READABILITY_PAGES = ['001', 'heise', 'hukumusume', 'lemonde-1', 'mathjax', 'medium-1', 'nytimes-1', 'pixnet', 'qq', 'wikipedia'];
const SAVED_PAGE = path.join(FIXTURES, 'saved-complete/field-notes.html');
/** Readability's test pages were saved from this address (its test harness uses it too). */
const AT_FAKEHOST: HtmlArticleOptions = { location: { url: 'http://fakehost/test/page.html' }, slug: 'page', allowRemote: false };

const readabilityPage = (name: string, file: 'source.html' | 'expected.html'): string => readFileSync(path.join(FIXTURES, 'readability', name, file), 'utf8');
const markdownTree = (markdown: string): Root => unified().use(remarkParse).use(remarkGfm).parse(markdown);
/** The words of a Markdown text, without its markup, spacing or link addresses. */
const wordsOf = (markdown: string): string => toString(markdownTree(markdown)).replace(/\s+/g, ' ').trim();
const collapsed = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

describe('importing real web pages (Mozilla Readability test pages)', () => {
  for (const name of READABILITY_PAGES) {
    it(`${name}: the Markdown holds, word for word, the article Readability's own test expects`, async () => {
      const imported = await extractHtmlArticle(readabilityPage(name, 'source.html'), AT_FAKEHOST);
      const expected = await convertArticleHtml(readabilityPage(name, 'expected.html'), AT_FAKEHOST);
      assert.ok(wordsOf(imported.markdown).length > 500, 'an article, not a scrap');
      assert.equal(wordsOf(imported.markdown), wordsOf(expected.markdown));
    });
  }

  it('Readability finds the same article text in linkedom (the DOM Imprint uses) as in jsdom, on every one of those pages', () => {
    for (const name of READABILITY_PAGES) {
      const html = readabilityPage(name, 'source.html');
      const inLinkedom = new Readability(parseHtmlPage(html)).parse();
      const inJsdom = new Readability(new JSDOM(html, { url: 'http://fakehost/test/page.html' }).window.document).parse();
      assert.equal(collapsed(inLinkedom?.textContent), collapsed(inJsdom?.textContent), name);
    }
  });

  it("wikipedia: every note reference has its note, and a note's hidden maintenance remark (display:none) is not carried", async () => {
    const { markdown } = await extractHtmlArticle(readabilityPage('wikipedia', 'source.html'), AT_FAKEHOST);
    const references = new Set<string>();
    const definitions = new Set<string>();
    visit(markdownTree(markdown), (node) => {
      if (node.type === 'footnoteReference') references.add(node.identifier);
      if (node.type === 'footnoteDefinition') definitions.add(node.identifier);
    });
    assert.ok(references.size > 50, `${references.size} notes`);
    assert.deepEqual([...references].filter((id) => !definitions.has(id)), []);
    assert.doesNotMatch(markdown, /CS1 maint/);
  });

  it('mathjax: each formula is set as its text, and one warning names them', async () => {
    const imported = await extractHtmlArticle(readabilityPage('mathjax', 'source.html'), AT_FAKEHOST);
    assert.match(imported.markdown, /there are two solutions to a x 2 \+ b x \+ c = 0 and they are/);
    assert.deepEqual(imported.warnings.filter((warning) => /formulas \(MathML\)/.test(warning)).length, 1);
  });
});

describe('importing pages Imprint gets from other tools', () => {
  it('reads pasted HTML without <html> or <body>, and comments never cut a sentence', async () => {
    const fragment = `<div><p>A version of this article appears in print on <!-- -->page<!-- --> A22 with the headline: ${'Under the city’s streets. '.repeat(8)}</p></div>`;
    const { markdown } = await extractHtmlArticle(fragment, AT_FAKEHOST);
    assert.match(markdown, /^A version of this article appears in print on page A22 with the headline: Under/);
    assert.doesNotMatch(markdown, /<!--/);
  });

  it('leaves a relative link as written when the page does not say its address, and warns that the build prints it as text', async () => {
    const page = `<p>${'A paragraph of the article, long enough to be one. '.repeat(5)} See <a href="/archive/2019/">the archive</a> and <a href="#top">the top</a>.</p>`;
    const saved = await extractHtmlArticle(page, { ...AT_FAKEHOST, location: { file: path.join(FIXTURES, 'pasted.html') } });
    assert.match(saved.markdown, /\[the archive\]\(\/archive\/2019\/\)/);
    assert.deepEqual(saved.warnings, ['A link is relative to a site the page does not name (the first: /archive/2019/): the build prints them as plain text. Import the page from its address, or save it with its address (Chrome notes it), to keep them.']);
    const fetched = await extractHtmlArticle(page, AT_FAKEHOST);
    assert.match(fetched.markdown, /\[the archive\]\(http:\/\/fakehost\/archive\/2019\/\)/);
    assert.deepEqual(fetched.warnings, []);
  });

  it('takes the <h1> for the title when the <title> adds the site name after "_", as Chinese portals do', async () => {
    const page = `<html><head><title>地铁东延，延伸的是城市的温度_湘水网评论_湘水网</title></head><body><h1>地铁东延，延伸的是城市的温度</h1><p>${'一条地铁线的延伸，延伸的不只是里程，更是城市的温度。'.repeat(8)}</p></body></html>`;
    const { candidates } = await extractHtmlArticle(page, AT_FAKEHOST);
    assert.deepEqual(candidates[0]?.title, { value: '地铁东延，延伸的是城市的温度', origin: "the page's <h1> (its <title> adds the site's name)" });
  });

  it('refuses a page of navigation only, saying why and what to do', async () => {
    const links = Array.from({ length: 30 }, (_, index) => `<li><a href="/section/${index}">Section ${index}</a></li>`).join('');
    await assert.rejects(extractHtmlArticle(`<html><body><nav><ul>${links}</ul></nav><footer>© 2024</footer></body></html>`, AT_FAKEHOST), (error: unknown) => {
      return error instanceof ImportProblem && /No article found in this page/.test(error.message) && /Save the article's own page/.test(error.message);
    });
  });
});

describe('the images of a saved page ("Web page, complete")', () => {
  let out: string;
  before(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'imprint-import-images-'));
  });
  after(() => rm(out, { recursive: true, force: true }));

  it('carries the PNG, the SVG (sanitized) and the data: GIF by content hash, and says why each other image stands as its alt text', async () => {
    const [report] = await importCaptures([SAVED_PAGE], { outDir: out });
    assert.equal(report?.ok, true, report?.problem);
    const markdown = await readFile(path.join(out, 'counting-marsh-birds-at-dawn.md'), 'utf8');
    const files = (await readdir(path.join(out, 'counting-marsh-birds-at-dawn'))).sort();
    assert.equal(files.length, 3);
    for (const file of files) {
      assert.match(file, /^[0-9a-f]{16}\.(png|svg|gif)$/);
      assert.ok(markdown.includes(`(counting-marsh-birds-at-dawn/${file}`), `${file} is in the Markdown`);
    }
    const svg = await readFile(path.join(out, 'counting-marsh-birds-at-dawn', files.find((file) => file.endsWith('.svg'))!), 'utf8');
    assert.doesNotMatch(svg, /<script|onload=/i);
    assert.match(markdown, /!\[The marsh at first light\]\(counting-marsh-birds-at-dawn\/[0-9a-f]{16}\.png "The east marsh at 5:02, from point 3\."\)/);
    assert.match(markdown, /Two pictures did not survive the save: a damaged photo of the heron and a photo outside the page's folder; a third was never saved: an egret in flight\./);
    const warnings = report!.warnings.join('\n');
    assert.match(warnings, /broken\.png is left out: it is not a PNG, JPEG, GIF or SVG image; its alt text “a damaged photo of the heron”/);
    assert.match(warnings, /figure\.svg had parts no edition may carry, left out: event-handler \(3\), script \(3\)/);
    assert.match(warnings, /egret\.jpg is left out: it is remote .* not fetched without --allow-remote/);
    assert.match(warnings, /The embedded video at https:\/\/www\.youtube\.com\/embed\/abc123XYZ is not carried/);
  });

  it('carries the footnote, resolves site links against the address Chrome noted, and drops the byline the title block shows', async () => {
    const [report] = await importCaptures([SAVED_PAGE], { outDir: out, dryRun: true });
    const text = report?.text ?? '';
    assert.match(text, /\[east marsh trail\]\(https:\/\/fieldnotes\.example\/trails\/east-marsh\/\)\.\[\^1\]/);
    assert.match(text, /\n\[\^1\]: The protocol is the national marsh bird survey's, revised in 2019\.\n/);
    assert.doesNotMatch(text, /↩|\n#+ Notes|Privacy|\[Archive\]/);
    assert.doesNotMatch(text, /\nBy Hana Okafor\n/);
    assert.deepEqual(report?.dropped.map(({ text: line }) => line), ['By Hana Okafor']);
  });
});

describe('remote images, fetched only with allowRemote', () => {
  let server: Server;
  let requests: string[];
  let base: string;
  before(async () => {
    const png = readFileSync(path.resolve('tests/fixtures/images/gradient.png'));
    requests = [];
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/photo.png') response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const page = (): string => `<html><body><article><p>${'A paragraph of the article, long enough to be one. '.repeat(5)}</p><p><img src="${base}/photo.png" alt="the photo"> <img src="${base}/gone.png" alt="a lost photo"></p></article></body></html>`;

  it('makes no request without allowRemote, and the images stand as their alt text', async () => {
    requests.length = 0;
    const imported = await extractHtmlArticle(page(), { ...AT_FAKEHOST, allowRemote: false });
    assert.deepEqual(requests, []);
    assert.equal(imported.images.length, 0);
    assert.match(imported.markdown, /the photo a lost photo/);
  });

  it('with allowRemote fetches each image once, carries the one that loads and names the 404', async () => {
    requests.length = 0;
    const imported = await extractHtmlArticle(page(), { ...AT_FAKEHOST, allowRemote: true });
    assert.deepEqual(requests.sort(), ['/gone.png', '/photo.png']);
    assert.equal(imported.images.length, 1);
    assert.match(imported.markdown, /!\[the photo\]\(page\/[0-9a-f]{16}\.png\) a lost photo/);
    assert.match(imported.warnings.join('\n'), /gone\.png could not be fetched \(the server answered 404/);
  });
});
