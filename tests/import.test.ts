// `imprint import` as a user runs it, end to end: the seed capture of the default manuscript
// imported and built with no edits into editions that carry its text word for word and its
// attribution, and verify shows the capture they came from; a folder of saved pages imported and
// built in one batch; a page imported from its address, its images fetched only when allowed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { epubcheckArgs, output, pdfText, ROOT, runCli, seedParagraphs, tempDir, wordsOf, normalizeText } from './helpers.ts';

const execFileAsync = promisify(execFile);
const SEED = path.join(ROOT, 'tests', 'fixtures', 'seed-article.txt');
const PAGES = path.join(ROOT, 'tests', 'fixtures', 'import', 'pages');
const SAVED_COMPLETE = path.join(ROOT, 'tests', 'fixtures', 'import', 'saved-complete');

/** The text of each paragraph of a manuscript's body that is plain text (no picture, no note mark), white space removed. */
async function plainParagraphs(manuscript: string): Promise<string[]> {
  const tree: Root = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter).parse(await readFile(manuscript, 'utf8'));
  return tree.children
    .filter((node) => node.type === 'paragraph' && !node.children.some((child) => child.type === 'image' || child.type === 'footnoteReference'))
    .map((node) => normalizeText(toString(node)).replace(/\s+/g, ''));
}

describe('imprint import of the seed capture', () => {
  let work: string;
  let manuscript: string;
  let editions: string;

  before(async () => {
    work = await tempDir();
    const imported = await runCli(['import', SEED, '--out', path.join(work, 'manuscripts'), '--timezone', 'Asia/Shanghai']);
    assert.equal(imported.code, 0, imported.stderr);
    manuscript = path.join(work, 'manuscripts', (await readdir(path.join(work, 'manuscripts')))[0]!);
    editions = path.join(work, 'editions');
    const built = await runCli(['build', manuscript, '--out', editions]);
    assert.equal(built.code, 0, built.stderr);
  });

  it('builds with no edits into a PDF that holds every paragraph of the article word for word, and its attribution', async () => {
    const paragraphs = await seedParagraphs();
    const words = wordsOf(paragraphs.join(' '));
    const pdf = path.join(editions, (await readdir(editions)).find((name) => name.endsWith('.pdf'))!);
    const text = await pdfText(pdf, 'The “micro corruption” around the masses is also a “big disaster”', words);
    for (const paragraph of paragraphs) assert.ok(text.includes(normalizeText(paragraph)), paragraph.slice(0, 60));
    for (const chrome of ['Current location', 'Moment News', 'Read the next article', 'Link to this article']) assert.ok(!text.includes(chrome), chrome);
    const info = await output('pdfinfo', [pdf]);
    assert.match(info, /Author:\s+Liu Kun/);
    assert.match(text, /First published in Rednet \(Xiangchao Network\), 6 May 2024, 16:40:15 \(UTC\+08:00\)/);
  });

  it('gives an EPUB that EPUBCheck passes', async () => {
    const epub = path.join(editions, (await readdir(editions)).find((name) => name.endsWith('.epub'))!);
    const { stdout, stderr } = await execFileAsync('java', epubcheckArgs(epub)).catch((error: { stdout: string; stderr: string }) => error);
    assert.match(stdout + stderr, /0 fatals \/ 0 errors \/ 0 warnings/);
  });

  it('records the capture in the manifest, and verify names it beside every file', async () => {
    const manifest = JSON.parse(await readFile(path.join(editions, 'manifest.json'), 'utf8')) as { manuscripts: Array<{ attribution: { source: { capture: { file: string } } } }> };
    assert.equal(manifest.manuscripts[0]!.attribution.source.capture.file, 'seed-article.txt');
    const verified = await runCli(['verify', editions]);
    assert.equal(verified.code, 0, verified.stdout);
    const lines = verified.stdout.trim().split('\n');
    assert.equal(lines.length, 4);
    for (const line of lines) assert.match(line, /^ok .*\(imported from seed-article\.txt, sha256 [0-9a-f]{12}…\)$/);
  });

  it('without --timezone: the build stops at the published line and says what to add', async () => {
    const out = await tempDir();
    const imported = await runCli(['import', SEED, '--out', out]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /to complete\s+source\.published: the capture gives no time zone/);
    const file = path.join(out, (await readdir(out))[0]!);
    const line = (await readFile(file, 'utf8')).split('\n').findIndex((text) => text.includes('published:')) + 1;
    const built = await runCli(['build', file, '--out', path.join(out, 'editions')]);
    assert.equal(built.code, 1);
    assert.match(built.stderr, new RegExp(`${line}:\\d+-${line}:\\d+\\s+error\\s+\`source\\.published\` needs a date, a time and a UTC offset.*--timezone ZONE`));
  });
});

describe('imprint import of a folder of saved web pages, built in one batch', () => {
  let work: string;
  let imported: Awaited<ReturnType<typeof runCli>>;
  let manuscripts: string;
  let editions: string;
  let built: Awaited<ReturnType<typeof runCli>>;
  const BUILT = ['harbor-district-flood-barrier-wins-final-approval', 'why-my-sourdough-starter-died-twice', 'chinese-news.gbk', 'counting-marsh-birds-at-dawn'];

  before(async () => {
    work = await tempDir();
    const captures = path.join(work, 'captures');
    for (const name of ['news.html', 'blog.html', 'journal.html', 'chinese-news.gbk.html', 'no-article.html']) await cp(path.join(PAGES, name), path.join(captures, name));
    await cp(SAVED_COMPLETE, captures, { recursive: true });
    manuscripts = path.join(work, 'manuscripts');
    imported = await runCli(['import', captures, '--out', manuscripts, '--timezone', 'Asia/Shanghai']);
    editions = path.join(work, 'editions');
    built = await runCli(['build', ...BUILT.map((name) => path.join(manuscripts, `${name}.md`)), '--out', editions]);
  });

  it('imports the five articles, refuses the page without one (exit 1) and writes nothing of it', async () => {
    assert.equal(imported.code, 1, imported.stderr);
    assert.match(imported.stderr, /no-article\.html: not imported: No article found in this page/);
    assert.match(imported.stderr, /imported 5 of 6 captures/);
    const written = (await readdir(manuscripts)).filter((name) => name.endsWith('.md')).sort();
    assert.deepEqual(written, [...BUILT, 'shoreline-retreat-and-salt-marsh-migration-on-a-mesotidal'].map((name) => `${name}.md`).sort());
  });

  it('says in the report where each field came from, and what is left to complete', () => {
    assert.match(imported.stderr, /title\s+Harbor District Flood Barrier Wins Final Approval\n\s+from JSON-LD headline/);
    assert.match(imported.stderr, /author\s+Priya Raman\n\s+from <meta name="author">/);
    assert.match(imported.stderr, /title\s+地铁东延，延伸的是城市的温度\n\s+from the page's <h1>/);
    assert.match(imported.stderr, /source\.published\s+2024-05-06T16:40:15\+08:00\n\s+from the byline, line 8; zone from --timezone Asia\/Shanghai/);
    assert.match(imported.stderr, /to complete\s+source\.published: the capture gives a date without a time/);
  });

  it('builds the four complete manuscripts with no edits into PDFs holding every plain paragraph and the attribution', async () => {
    assert.equal(built.code, 0, built.stderr);
    const authors: Record<string, RegExp> = {
      'harbor-district-flood-barrier-wins-final-approval': /Author:\s+Maria Alvarez, Tom Chen|Author:\s+Maria Alvarez and Tom Chen/,
      'why-my-sourdough-starter-died-twice': /Author:\s+Priya Raman/,
      'chinese-news.gbk': /Author:\s+王晓/,
      'counting-marsh-birds-at-dawn': /Author:\s+Hana Okafor/,
    };
    for (const name of BUILT) {
      const pdf = path.join(editions, `${name}.pdf`);
      const text = normalizeText(await output('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).replace(/\s+/g, '');
      const paragraphs = await plainParagraphs(path.join(manuscripts, `${name}.md`));
      assert.ok(paragraphs.length >= 3, `${name}: ${paragraphs.length} paragraphs`);
      for (const paragraph of paragraphs) assert.ok(text.includes(paragraph), `${name}: ${paragraph.slice(0, 50)}`);
      assert.match(await output('pdfinfo', [pdf]), authors[name]!);
    }
  });

  it('gives EPUBs that EPUBCheck passes, with the imported images inside', async () => {
    await Promise.all(
      BUILT.map(async (name) => {
        const epub = path.join(editions, `${name}.epub`);
        const { stdout, stderr } = await execFileAsync('java', epubcheckArgs(epub)).catch((error: { stdout: string; stderr: string }) => error);
        assert.match(stdout + stderr, /0 fatals \/ 0 errors \/ 0 warnings/, name);
      }),
    );
    const listing = await output('unzip', ['-l', path.join(editions, 'counting-marsh-birds-at-dawn.epub')]);
    assert.equal(listing.match(/OEBPS\/images\/[0-9a-f]{16}\.(png|svg|gif)\n/g)?.length, 3, listing);
  });

  it('verify names the saved page each file was imported from', async () => {
    const verified = await runCli(['verify', editions]);
    assert.equal(verified.code, 0, verified.stdout);
    assert.match(verified.stdout, /\(imported from field-notes\.html, sha256 [0-9a-f]{12}…\)/);
    assert.match(verified.stdout, /\(imported from chinese-news\.gbk\.html, sha256 [0-9a-f]{12}…\)/);
  });
});

describe('imprint import of an address', () => {
  let server: Server;
  let requests: string[];
  let base: string;

  before(async () => {
    const page = await readFile(path.join(PAGES, 'news.html'));
    const photo = await readFile(path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png'));
    requests = [];
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/2024/05/06/harbor.html') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      else if (request.url?.endsWith('.jpg')) response.writeHead(200, { 'content-type': 'image/png' }).end(photo);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the page alone without --allow-remote, and records its address as the capture', async () => {
    requests.length = 0;
    const out = await tempDir();
    const run = await runCli(['import', `${base}/2024/05/06/harbor.html`, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(requests, ['/2024/05/06/harbor.html']);
    const text = await readFile(path.join(out, 'harbor-district-flood-barrier-wins-final-approval.md'), 'utf8');
    assert.match(text, new RegExp(`capture:\\n    file: ${base.replace(/[.]/g, '\\.')}/2024/05/06/harbor\\.html\\n    sha256: [0-9a-f]{64}`));
    assert.match(run.stderr, /harbor-barrier\.jpg is left out: it is remote .* not fetched without --allow-remote/);
  });

  it('with --allow-remote also fetches the article image and carries it beside the manuscript', async () => {
    requests.length = 0;
    const out = await tempDir();
    const run = await runCli(['import', `${base}/2024/05/06/harbor.html`, '--out', out, '--allow-remote']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(requests.sort(), ['/2024/05/06/harbor.html', '/wp-content/uploads/2024/05/harbor-barrier.jpg']);
    const images = await readdir(path.join(out, 'harbor-district-flood-barrier-wins-final-approval'));
    assert.equal(images.length, 1);
    assert.match(images[0]!, /^[0-9a-f]{16}\.png$/);
  });
});
