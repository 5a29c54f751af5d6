// The contracts at Imprint's edges, without a browser: the build settings' schema (defaults,
// choices, contradictions, in the words a user reads), each command's own flags, and
// manifest.json read through its schema, so a damaged manifest is named as damaged.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_COMMAND, parseCommandArgs, VERIFY_COMMAND, WATCH_COMMAND } from '../../src/cli/args.ts';
import { OptionsError, readManifest, verify } from '../../src/index.ts';
import { resolveSettings } from '../../src/options/build-options.ts';
import { parseManifest } from '../../src/options/manifest.ts';
import { serializeManifest } from '../../src/archive/manifest.ts';
import { ROOT, tempDir } from '../helpers.ts';

const REAL_MANIFEST = path.join(ROOT, 'tests', 'fixtures', 'manifest', 'default-build.json');

describe('the build settings', () => {
  it('apply their defaults', () => {
    const settings = resolveSettings({});
    assert.deepEqual(
      { input: settings.input, outDir: settings.outDir, formats: settings.formats, paper: settings.paper, booklet: settings.booklet, pageTimeoutMs: settings.pageTimeoutMs },
      { input: 'manuscript', outDir: 'output', formats: ['html', 'pdf', 'epub'], paper: 'a4', booklet: false, pageTimeoutMs: 60_000 },
    );
    assert.equal(settings.layout, undefined, 'the layout follows the manuscript');
  });

  it('take choices in any case, formats once each, in the order given', () => {
    const settings = resolveSettings({ formats: ['EPUB', 'pdf', 'epub'] as never, paper: 'Letter' as never, booklet: true });
    assert.deepEqual(settings.formats, ['epub', 'pdf']);
    assert.equal(settings.paper, 'letter');
    assert.equal(settings.booklet, 'letter', 'a booklet is imposed on the paper');
  });

  it('refuse what is unknown or contradictory, naming the option and the fix', () => {
    const cases: Array<[Parameters<typeof resolveSettings>[0], RegExp]> = [
      [{ paper: 'a3' as never }, /Unknown paper "a3": choose from a4, letter, a5/],
      [{ formats: ['pdf', 'docx'] as never }, /Unknown format "docx": choose from html, pdf, epub/],
      [{ formats: [] }, /No format given/],
      [{ layout: 'magazine' as never }, /Unknown layout "magazine"/],
      [{ footnotes: 'margin' as never }, /Unknown footnotes "margin": choose from page, chapter/],
      [{ booklet: true, paper: 'a5' }, /A booklet is imposed on A4 or letter sheets/],
      [{ booklet: true, formats: ['html'] }, /A booklet is made from the PDF/],
      [{ pdfa: true, formats: ['epub'] }, /--pdfa applies to the PDF/],
      [{ timeout: -1 }, /--timeout must be a positive number of seconds, not -1/],
      [{ timeout: Number.NaN }, /--timeout must be a number of seconds/],
      [{ style: 'README.md' }, /The style README.md must be a .css file/],
      [{ style: 'no-such.css' }, /The style no-such.css does not exist/],
      [{ cover: 'cover.gif' }, /The cover cover.gif must be a PNG or JPEG image/],
    ];
    for (const [settings, message] of cases) {
      assert.throws(() => resolveSettings(settings), (error: unknown) => error instanceof OptionsError && message.test(error.message), JSON.stringify(settings));
    }
  });
});

describe("each command's own flags", () => {
  it('refuse a flag of another command, naming the command that takes it', () => {
    assert.throws(() => parseCommandArgs('build', ['a.md', '--port', '1'], BUILD_COMMAND), /--port is not an option of build: it is an option of watch/);
    assert.throws(() => parseCommandArgs('watch', ['--jobs', '2'], WATCH_COMMAND), /--jobs is not an option of watch: it is an option of build/);
    assert.throws(() => parseCommandArgs('watch', ['--shard', '1/2'], WATCH_COMMAND), /--shard is not an option of watch/);
    assert.throws(() => parseCommandArgs('verify', ['--paper', 'a4'], VERIFY_COMMAND), /--paper is not an option of verify: it is an option of build and watch/);
    assert.throws(() => parseCommandArgs('build', ['--colour'], BUILD_COMMAND), /Unknown option --colour for build/);
  });

  it('take their own flags and operands', () => {
    const { values, positionals } = parseCommandArgs('build', ['a.md', 'b.md', '-f', 'pdf', '--jobs', '2', '-q'], BUILD_COMMAND);
    assert.deepEqual(positionals, ['a.md', 'b.md']);
    assert.deepEqual({ format: values.format, jobs: values.jobs, quiet: values.quiet }, { format: 'pdf', jobs: '2', quiet: true });
  });
});

describe('manifest.json through its schema', () => {
  it('reads a real manifest and writes it back byte for byte', async () => {
    const text = await readFile(REAL_MANIFEST, 'utf8');
    const verdict = parseManifest(text);
    assert.ok(verdict.ok, verdict.ok ? '' : verdict.problem);
    assert.equal(serializeManifest(verdict.manifest), text);
  });

  it('names what is wrong with a damaged one, with the field', async () => {
    const manifest = JSON.parse(await readFile(REAL_MANIFEST, 'utf8')) as { artifacts: Array<Record<string, unknown>>; format: number };
    const damaged = (change: (copy: typeof manifest) => void) => {
      const copy = structuredClone(manifest);
      change(copy);
      const verdict = parseManifest(JSON.stringify(copy));
      return verdict.ok ? 'accepted' : verdict.problem;
    };
    const notJson = parseManifest('{ "format": 1, ');
    assert.ok(!notJson.ok && /^not JSON/.test(notJson.problem), 'a manifest cut short is not JSON');
    assert.match(damaged((copy) => (copy.format = 2)), /format 2, which this Imprint cannot read/);
    assert.match(damaged((copy) => (copy.artifacts[0]!.path = 3)), /at artifacts\.0\.path, path must be text/);
    assert.match(damaged((copy) => (copy.artifacts[0]!.sha256 = 'abc')), /at artifacts\.0\.sha256, sha256 must be a SHA-256/);
    assert.match(damaged((copy) => (copy.artifacts[0]!.extra = true)), /artifacts\.0\.extra is not a field of the manifest/);
    assert.match(damaged((copy) => delete (copy as Record<string, unknown>).node), /node is missing/);
  });

  it('makes verify report a damaged manifest as damaged, not as missing or with a crash', async () => {
    const folder = await tempDir();
    const manifest = JSON.parse(await readFile(REAL_MANIFEST, 'utf8')) as { artifacts: Array<Record<string, unknown>> };
    manifest.artifacts[0]!.path = 3;
    await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
    const report = await verify([folder]);
    assert.equal(report.ok, false);
    assert.deepEqual(report.files.map((file) => file.status), ['damaged']);
    assert.match(report.files[0]!.problems[0]!, /^not an Imprint manifest of format 1: at artifacts\.0\.path, path must be text$/);
    const read = await readManifest(folder);
    assert.equal(read.ok, false);

    const empty = path.join(folder, 'empty');
    await mkdir(empty);
    const missing = await verify([empty]);
    assert.deepEqual(missing.files.map((file) => file.status), ['missing']);
  });
});
