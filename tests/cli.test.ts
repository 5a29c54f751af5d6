// The command as a user meets it: exit codes, messages with file:line:col, and a failed build
// that leaves the earlier editions exactly as they were.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DEFAULT_MANUSCRIPT, ROOT, runCli, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);

describe('imprint --help, --version and usage errors', () => {
  it('prints help and the version', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /imprint build \[INPUT\.\.\.\]/);
    assert.match(help.stdout, /--format LIST/);
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    const { version: expected } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(version.stdout.trim(), expected);
  });

  it('exits 2 on an unknown option, command or format', async () => {
    for (const args of [
      ['build', '--colour'],
      ['publish'],
      ['build', '--format', 'pdf,docx'],
      ['build', '--paper', 'a3'],
      ['build', '--layout', 'magazine'],
      ['build', '--booklet', '--paper', 'a5'],
      ['build', '--booklet', '--format', 'html'],
      ['build', '--pdfa', '--format', 'epub'],
      ['build', '--json'],
      ['verify', '--paper', 'a4'],
      [],
    ]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, `imprint ${args.join(' ')}`);
      assert.match(run.stderr, /imprint --help/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});

describe('bad input', () => {
  let work: string;
  let outDir: string;
  let before_: Map<string, Buffer>;

  const manuscript = (name: string, text: string) => writeFile(path.join(work, name), text);
  const snapshot = async () => {
    const names = (await readdir(outDir)).sort();
    return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(outDir, name))] as const)));
  };

  before(async () => {
    work = await tempDir();
    outDir = path.join(work, 'out');
    const good = await runCli(['build', DEFAULT_MANUSCRIPT, '--out', outDir, '--format', 'html,epub', '--quiet']);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stderr, '', '--quiet prints nothing on success');
    before_ = await snapshot();
    assert.deepEqual([...before_.keys()], ['manifest.json', 'micro-corruption-cover.png', 'micro-corruption.epub', 'micro-corruption.html']);
  });

  const assertUntouched = async () => assert.deepEqual(await snapshot(), before_);

  const CASES: Array<{ name: string; text: string; place: RegExp; reason: RegExp }> = [
    {
      name: 'broken YAML',
      text: '---\ntitle: T\nauthor: X\n  editor: Y\nslug: micro-corruption\n---\n\nText.\n',
      place: /3:9/,
      reason: /not valid YAML/,
    },
    {
      name: 'a missing title',
      text: '---\nauthor: X\nslug: micro-corruption\nsource:\n  name: R\n  published: 2024-05-06T16:40:15+08:00\n---\n\nText.\n',
      place: /2:1/,
      reason: /`title` is missing/,
    },
    {
      name: 'a missing source.published',
      text: '---\ntitle: T\nauthor: X\nslug: micro-corruption\nsource:\n  name: R\n---\n\nText.\n',
      place: /6:3/,
      reason: /`source.published` is missing/,
    },
  ];

  for (const { name, text, place, reason } of CASES) {
    it(`${name}: exit 1, file:line:col, earlier output untouched`, async () => {
      await manuscript('bad.md', text);
      const run = await runCli(['build', 'bad.md', '--out', outDir], { cwd: work });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /bad\.md/);
      assert.match(run.stderr, place);
      assert.match(run.stderr, reason);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      await assertUntouched();
    });
  }

  it('a nonexistent input: exit 1, the path named', async () => {
    const run = await runCli(['build', 'no/such/file.md', '--out', outDir], { cwd: work });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no\/such\/file\.md/);
    assert.match(run.stderr, /No such file or folder/);
    await assertUntouched();
  });

  it('a browser that cannot be found: exit 1 with the fix, no staged files left', async () => {
    const run = await runCli(['build', DEFAULT_MANUSCRIPT, '--out', outDir], {
      env: { PUPPETEER_EXECUTABLE_PATH: path.join(work, 'no-chromium') },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /PUPPETEER_EXECUTABLE_PATH is set to .*no-chromium/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    await assertUntouched();
  });
});

describe('the bundle in dist/', () => {
  // `imprint` runs dist/ only while it matches the sources: a test run from an edited checkout
  // would otherwise never run the bundle, and a package that breaks when bundled would go unseen.
  it('builds a book with SVG images and raw HTML as the sources do (run directly, not through bin/)', async (t) => {
    const bundle = path.join(ROOT, 'dist', 'cli.js');
    await access(bundle).catch(() => assert.fail('dist/cli.js is missing: `npm test` bundles it first (npm run compile)'));
    const outDir = await tempDir();
    const args = ['build', path.join(ROOT, 'tests', 'fixtures', 'mdbook-style'), '--format', 'html,epub', '--out', outDir];
    const { stdout: bundled } = await execFileAsync(process.execPath, [bundle, ...args]).catch((error: { stderr?: string }) => {
      assert.fail(`the bundled CLI failed: ${error.stderr}`);
    });
    t.diagnostic(bundled.trim());
    const names = (await readdir(outDir)).sort();
    assert.ok(names.some((name) => name.endsWith('.epub')), `an EPUB among ${names.join(', ')}`);
    const html = await readFile(path.join(outDir, names.find((name) => name.endsWith('.html'))!), 'utf8');
    assert.match(html, /<img [^>]*src="data:image\/svg\+xml/, 'the sanitized SVG is in the page');
  });
});
