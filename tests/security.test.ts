// Untrusted manuscripts: nothing is fetched, run or read that should not be; every bad input
// gets a clear message; a failure never costs earlier output; Chromium never outlives a build.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import lockfile from 'proper-lockfile';
import { build, openBrowser, type BrowserSession } from '../src/index.ts';
import { chromiumsIn, DEFAULT_MANUSCRIPT, output, ROOT, runCli, tempDir } from './helpers.ts';

const FRONT = '---\ntitle: T\nauthor: A\noriginal: true\n---\n\n';

describe('a sealed renderer', () => {
  let server: Server;
  const requests: string[] = [];
  let browser: BrowserSession;
  before(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('PAYLOAD-FROM-SERVER');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await openBrowser();
  });
  after(async () => {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fetches nothing, runs no script and reads no file outside the manuscript, in any edition', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const folder = await tempDir();
    const input = path.join(folder, 'hostile.md');
    await writeFile(
      input,
      `${FRONT}Before.

![remote](${base}/markdown-image.png)

<img src="${base}/raw-image.png" alt="raw"> <img src="file:///etc/passwd" alt="passwd">
<link rel="stylesheet" href="${base}/style.css">
<iframe src="${base}/frame"></iframe>
<iframe src="file:///etc/passwd"></iframe>
<script>fetch("${base}/fetch"); document.body.append("PWNED");</script>
<div style="background: url(${base}/background.png)">styled</div>
<style>@import url(${base}/import.css); body::after { content: "PWNED" }</style>
<object data="${base}/object"></object><embed src="${base}/embed">
<base href="${base}/"><meta http-equiv="refresh" content="0; url=${base}/refresh">
<a href="javascript:document.body.append('PWNED')">a link</a>
<svg><image href="${base}/svg-image.png"/></svg>

After.
`,
    );
    const style = path.join(folder, 'user.css');
    await writeFile(style, `body { background-image: url(${base}/user-background.png); }\n`);
    const outDir = await tempDir();
    // A file: URL in raw HTML is dropped by the sanitizer; the build goes on without it.
    const second = await build({ input, outDir, browser, style });
    assert.equal(second.ok, true, second.file.messages.map(String).join('\n'));
    const warnings = second.file.messages.map((message) => message.ruleId);
    assert.ok(warnings.includes('remote-image'));
    assert.ok(
      second.file.messages.some((message) => message.ruleId === 'blocked-request' && message.reason.includes('/user-background.png')),
      'the user style sheet\'s remote background was refused by the request filter',
    );

    assert.deepEqual(requests, [], 'the server received no request');
    const html = await readFile(path.join(outDir, 'hostile.html'), 'utf8');
    const pdf = await output('pdftotext', [path.join(outDir, 'hostile.pdf'), '-']);
    const zip = await JSZip.loadAsync(await readFile(path.join(outDir, 'hostile.epub')));
    const epub = (await Promise.all(Object.values(zip.files).filter((entry) => !entry.dir).map((entry) => entry.async('string')))).join('\n');
    for (const [name, text] of [['HTML', html], ['PDF', pdf], ['EPUB', epub]] as const) {
      assert.doesNotMatch(text, /PWNED|PAYLOAD-FROM-SERVER|root:x:0:0/, name);
      assert.doesNotMatch(text, /<script(?! type="application\/ld\+json")|<iframe|<object|<embed|<base |http-equiv|javascript:|onload=/i, name);
    }
    assert.match(pdf.replace(/\u00ad/g, ""), /Before\.[\s\S]*After\./);
  });
});

describe('nothing lost', () => {
  it('two builds into one folder at once both finish, one after the other, and the result verifies', async () => {
    const outDir = await tempDir();
    const [first, second] = await Promise.all([
      runCli(['build', DEFAULT_MANUSCRIPT, '--out', outDir, '--quiet', '--format', 'html,epub', '--cover', path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png')]),
      runCli(['build', path.join(ROOT, 'tests', 'fixtures', 'handbook.md'), '--out', outDir, '--quiet', '--format', 'html']),
    ]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    const verify = await runCli(['verify', outDir]);
    assert.equal(verify.code, 0, verify.stdout);
    assert.equal(verify.stdout.trim().split('\n').length, 4);
    assert.ok(!(await readdir(outDir)).some((name) => name.startsWith('.imprint')), 'no lock or staged file is left');
  });

  it('a lock left by a crashed build (not refreshed for a minute) is taken over', async () => {
    const outDir = await tempDir();
    // proper-lockfile's lock is a folder its holder keeps touching; a crashed holder stops touching it.
    const lock = path.join(outDir, '.imprint.lock');
    await mkdir(lock);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lock, aMinuteAgo, aMinuteAgo);
    const run = await runCli(['build', DEFAULT_MANUSCRIPT, '--out', outDir, '--quiet', '--format', 'html']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!(await readdir(outDir)).includes('.imprint.lock'), 'the lock is released');
  });

  it('a lock held by a live build (on this host or another sharing the folder) is waited for', async () => {
    const outDir = await tempDir();
    const release = await lockfile.lock(outDir, { lockfilePath: path.join(outDir, '.imprint.lock'), realpath: false });
    let released = 0;
    setTimeout(() => {
      released = Date.now();
      void release();
    }, 2_000);
    const run = await runCli(['build', DEFAULT_MANUSCRIPT, '--out', outDir, '--quiet', '--format', 'html']);
    const finished = Date.now();
    assert.equal(run.code, 0, run.stderr);
    assert.ok(released > 0 && finished >= released, 'the build wrote only after the other holder let go');
  });
});

describe('Chromium never outlives a build', () => {
  const cases: Array<[string, string[], number, NodeJS.Signals?]> = [
    ['success', ['--format', 'pdf'], 0],
    ['an error (the output folder cannot be written)', ['--format', 'pdf', '--out', '/dev/null/x'], 1],
    ['a timeout', ['--format', 'pdf', '--timeout', '0.05'], 1],
    ['Ctrl-C', ['--format', 'pdf'], 130, 'SIGINT'],
    ['SIGTERM', ['--format', 'pdf'], 130, 'SIGTERM'],
  ];
  for (const [name, args, code, signal] of cases) {
    it(`on ${name}`, async () => {
      // The build's own temporary folder: its Chromium's profile is made there, and only it is counted.
      const tmp = await tempDir();
      const outDir = await tempDir();
      const child = execFile(process.execPath, [path.join(ROOT, 'bin', 'imprint.js'), 'build', DEFAULT_MANUSCRIPT, '--out', outDir, ...args], {
        env: { ...process.env, TMPDIR: tmp },
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      if (signal) {
        // Wait until Chromium is up and printing, then interrupt.
        const deadline = Date.now() + 20_000;
        while ((await chromiumsIn(tmp)).size === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        child.kill(signal);
      }
      const exit = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(exit, code, stderr);
      if (signal) assert.match(stderr, /interrupted; the earlier editions are untouched/);
      if (name === 'a timeout') assert.match(stderr, /did not finish loading or printing the page within 0.05 s/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual([...(await chromiumsIn(tmp))], [], `Chromium processes left after ${name}`);
      assert.deepEqual((await readdir(tmp)).filter((entry) => entry.startsWith('imprint-chromium-')), [], `profile folders left after ${name}`);
    });
  }
});

describe('bad input, each with a clear message', () => {
  let folder: string;
  before(async () => {
    folder = await tempDir();
  });
  const write = async (name: string, content: string | Buffer) => {
    const file = path.join(folder, name);
    await writeFile(file, content);
    return file;
  };
  const attempt = (file: string, extra: string[] = []) => runCli(['build', file, '--out', path.join(folder, 'out'), '--quiet', '--format', 'html', ...extra]);

  const failures: Array<[string, () => Promise<string>, RegExp]> = [
    ['an empty file', () => write('empty.md', ''), /1:1(-\S+)? +error +The manuscript has no front matter/],
    ['binary data', () => write('binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), /This is binary data, not a Markdown text/],
    ['invalid UTF-8', () => write('latin1.md', Buffer.concat([Buffer.from(FRONT), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])])), /7:4(-\S+)? +error +This is not valid UTF-8/],
    ['YAML indented with tabs', () => write('tabs.md', '---\ntitle: T\nsource:\n\tname: R\n---\n'), /not valid YAML/],
    ['duplicate keys', () => write('dup.md', '---\ntitle: T\ntitle: U\nauthor: A\noriginal: true\n---\n'), /3:1(-\S+)? +error +This is not valid YAML: Map keys must be unique/],
    [
      'an alias bomb',
      () =>
        write(
          'bomb.md',
          `---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\ntitle: T\nauthor: A\noriginal: true\n---\n`,
        ),
      /YAML aliases \(`\*name`\) are not allowed/,
    ],
    ['a value of the wrong type', () => write('type.md', '---\ntitle: [1, 2]\nauthor: A\noriginal: true\n---\n'), /2:8(-\S+)? +error +`title` must be text/],
    ['a 10 MB manuscript', () => write('huge.md', FRONT + 'word '.repeat(2 * 1024 * 1024)), /is 10\.0 MB; Imprint builds manuscripts up to 5 MB per file/],
    ['block quotes nested 10,000 deep', () => write('quotes.md', `${FRONT}${'>'.repeat(10_000)} deep\n`), /7:1(-\S+)? +error +Block quotes or lists nest more than 100 levels deep/],
    ['lists nested 10,000 deep', () => write('lists.md', `${FRONT}${'- '.repeat(10_000)}item\n`), /7:1(-\S+)? +error +Block quotes or lists nest more than 100 levels deep/],
    ['a folder with no Markdown', async () => {
      const empty = path.join(folder, 'no-markdown');
      await mkdir(empty, { recursive: true });
      return empty;
    }, /The folder holds no Markdown \(\.md\) file/],
  ];
  for (const [name, make, message] of failures) {
    it(`${name}: exit 1`, async () => {
      const started = performance.now();
      const run = await attempt(await make());
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(performance.now() - started < 30_000, 'refused quickly');
    });
  }

  it('an output folder that cannot be written: exit 1', async () => {
    const run = await attempt(DEFAULT_MANUSCRIPT, ['--out', '/dev/null/out']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Cannot create the output folder \/dev\/null\/out: ENOTDIR/);
  });

  it('a --format that does not exist: exit 2', async () => {
    const run = await attempt(DEFAULT_MANUSCRIPT, ['--format', 'docx']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown format "docx": choose from html, pdf, epub/);
  });

  const successes: Array<[string, () => Promise<string>, RegExp]> = [
    ['a UTF-8 byte order mark', () => write('bom.md', `\uFEFF${FRONT}Text after a BOM.\n`), /Text after a BOM\./],
    ['CRLF line endings', () => write('crlf.md', `${FRONT}Line one,\r\nline two.\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r')), /Line one,\s+line two\./],
    ['a line of one million characters', () => write('long.md', `${FRONT}${'word '.repeat(200_000)}\n`), /word word/],
    ['20,000 headings', () => write('headings.md', FRONT + Array.from({ length: 20_000 }, (_, index) => `## Heading ${index}\n`).join('\n')), /Heading 19999/],
  ];
  for (const [name, make, text] of successes) {
    it(`${name}: builds`, async () => {
      const file = await make();
      const run = await attempt(file);
      assert.equal(run.code, 0, run.stderr);
      const html = await readFile(path.join(folder, 'out', `${path.parse(file).name}.html`), 'utf8');
      assert.match(html.replace(/\u00ad/g, ''), text);
    });
  }
});
