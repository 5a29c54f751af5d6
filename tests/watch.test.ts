// The live preview in a real browser: an edit shows up without a manual reload, a broken
// manuscript keeps the last good page and shows the problem, and Ctrl-C stops everything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import JSZip from 'jszip';
import { locateBrowser, preview, type Preview } from '../src/index.ts';
import { DEFAULT_MANUSCRIPT, output, ROOT, tempDir, xmlText } from './helpers.ts';

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('imprint watch', () => {
  let folder: string;
  let manuscript: string;
  let running: Preview;
  let browser: Browser;
  let page: Page;
  const events: string[] = [];

  before(async () => {
    folder = await tempDir();
    manuscript = path.join(folder, 'article.md');
    await copyFile(DEFAULT_MANUSCRIPT, manuscript);
    running = await preview({ input: manuscript, outDir: path.join(folder, 'out'), port: 0, backgroundDelay: 300, onEvent: (line) => events.push(line) });
    const location = await locateBrowser();
    browser = await puppeteer.launch({
      executablePath: location!.executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.goto(running.url);
    // Let the first background build finish, so the timing below measures the preview alone.
    await waitFor(() => events.some((line) => line.startsWith('rebuilt ')), 60_000);
    events.length = 0;
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  it('serves the HTML preview on loopback only', async () => {
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(await page.title(), 'The “micro corruption” around the masses is also a “big disaster”');
    const served = await (await fetch(running.url)).text();
    assert.match(served, /new EventSource\("\/__imprint\/events"\)/, 'the reload client is in the preview');
  });

  it('shows an edit without a manual reload', async (t) => {
    const text = await readFile(manuscript, 'utf8');
    const started = performance.now();
    await writeFile(manuscript, text.replace('As a grass-roots party member', 'As a freshly edited party member'));
    await page.waitForFunction(() => document.body.textContent?.replace(/\u00ad/g, '').includes('As a freshly edited party member'), {
      timeout: 10_000,
    });
    t.diagnostic(`the preview showed the edit ${Math.round(performance.now() - started)} ms after the save`);
  });

  it('keeps the last good page and shows a problem over it', async () => {
    const text = await readFile(manuscript, 'utf8');
    await writeFile(manuscript, text.replace(/^title: .*$/m, 'title: [unclosed'));
    await page.waitForSelector('#imprint-problem', { timeout: 10_000 });
    const problem = await page.$eval('#imprint-problem', (box) => box.textContent ?? '');
    assert.match(problem, /article\.md/);
    assert.match(problem, /not valid YAML/);
    assert.ok((await page.evaluate(() => document.body.textContent ?? '')).replace(/\u00ad/g, '').includes('As a freshly edited party member'));
    await writeFile(manuscript, text);
  });

  it('rebuilds PDF and EPUB in the background after the edits, with the edited text', async () => {
    await waitFor(() => events.some((line) => line.startsWith('rebuilt ') && line.includes('.pdf') && line.includes('.epub')), 60_000);
    assert.ok(events.some((line) => line.startsWith('rebuilt ') && line.includes('micro-corruption.pdf') && line.includes('micro-corruption.epub')), events.join('\n---\n'));
    // Written by the last rebuild: the text as it is after the edits (the title restored, the edit kept).
    const pdfText = (await output('pdftotext', ['-enc', 'UTF-8', path.join(folder, 'out', 'micro-corruption.pdf'), '-'])).replace(/-\n/g, '').replace(/\s+/g, ' ');
    assert.match(pdfText, /As a freshly edited party member/);
    const epub = await JSZip.loadAsync(await readFile(path.join(folder, 'out', 'micro-corruption.epub')));
    const text = await Promise.all(Object.values(epub.files).filter((entry) => entry.name.endsWith('.xhtml')).map(async (entry) => xmlText(await entry.async('string'))));
    assert.match(text.join(' ').replace(/\s+/g, ' '), /As a freshly edited party member/);
  });

  it('stops cleanly: the server no longer answers', async () => {
    await running.close();
    await assert.rejects(fetch(running.url));
  });
});

describe('imprint watch from the command line', () => {
  it('stops on Ctrl-C (SIGINT) with exit code 0, closing the browser', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'imprint.js'), 'watch', DEFAULT_MANUSCRIPT, '--port', '0', '--out', await tempDir()], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const deadline = Date.now() + 60_000;
    // Wait until the background editions were built with the warm browser, so it is open.
    while (!/rebuilt /.test(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    assert.match(stderr, /preview at http:\/\/127\.0\.0\.1:\d+\//);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /stopping the preview/);
  });
});
