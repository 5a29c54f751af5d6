// Splitting an archive across machines: --shard K/N builds one slice of the inputs, the slices
// cover every input exactly once whatever order they are listed in, and `imprint manifest merge`
// joins the shards' manifests into one that verifies.
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseShard, shardInputs, OptionsError, type Manifest } from '../src/index.ts';
import { DEFAULT_MANUSCRIPT, runCli, tempDir } from './helpers.ts';

/** `count` copies of the default manuscript, each with its own slug. */
async function articles(folder: string, count: number): Promise<string[]> {
  const source = await readFile(DEFAULT_MANUSCRIPT, 'utf8');
  await mkdir(folder, { recursive: true });
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const file = path.join(folder, `article-${index + 1}.md`);
      await writeFile(file, source.replace(/^slug: .*$/m, `slug: article-${index + 1}`));
      return file;
    }),
  );
}

describe('shards', () => {
  it('parses K/N and refuses anything else', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const wrong of ['0/2', '3/2', '1/0', 'a/b', '1', '1/2/3', '-1/2']) {
      assert.throws(() => parseShard(wrong), OptionsError, wrong);
    }
  });

  it('deals every input to exactly one shard, the same whatever the order, sizes within one', () => {
    const inputs = Array.from({ length: 11 }, (_, index) => `archive/article-${String(index).padStart(2, '0')}.md`);
    const shuffled = [...inputs].reverse();
    const slices = [1, 2, 3, 4].map((index) => shardInputs(inputs, { index, count: 4 }));
    assert.deepEqual(
      slices.flat().map((input) => path.resolve(input)).sort(),
      inputs.map((input) => path.resolve(input)).sort(),
    );
    for (const [position, slice] of slices.entries()) {
      assert.deepEqual(shardInputs(shuffled, { index: position + 1, count: 4 }), slice);
    }
    const sizes = slices.map((slice) => slice.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes.join(', ')}`);
    assert.equal(shardInputs([...inputs, inputs[0]!], { index: 1, count: 1 }).length, inputs.length, 'a repeated input counts once');
  });

  it('builds the shards apart and merges their manifests into one that verifies', async () => {
    const work = await tempDir();
    const inputs = await articles(path.join(work, 'archive'), 3);
    const shardDirs = [path.join(work, 'shard-1'), path.join(work, 'shard-2')];
    for (const [index, outDir] of shardDirs.entries()) {
      const run = await runCli(['build', ...inputs, '--shard', `${index + 1}/2`, '--format', 'html', '--out', outDir]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`built ${index === 0 ? 2 : 1} of ${index === 0 ? 2 : 1} manuscripts \\(shard ${index + 1}/2\\)`));
    }
    const built = (await Promise.all(shardDirs.map((folder) => readdir(folder)))).flat().filter((name) => name.endsWith('.html'));
    assert.deepEqual(built.sort(), ['article-1.html', 'article-2.html', 'article-3.html']);

    const merged = path.join(work, 'merged');
    const merge = await runCli(['manifest', 'merge', '--out', merged, ...shardDirs]);
    assert.equal(merge.code, 0, merge.stderr);
    assert.match(merge.stderr, /3 manuscripts, 3 files/);
    const manifest = JSON.parse(await readFile(path.join(merged, 'manifest.json'), 'utf8')) as Manifest;
    assert.deepEqual(
      manifest.artifacts.map((artifact) => artifact.path),
      ['../shard-1/article-1.html', '../shard-1/article-3.html', '../shard-2/article-2.html'],
    );
    assert.deepEqual(manifest.manuscripts[0]!.sources.map((source) => source.path), ['../archive/article-1.md']);
    const verify = await runCli(['verify', merged]);
    assert.equal(verify.code, 0, verify.stdout);
    assert.equal(verify.stdout.trim().split('\n').length, 3);

    // Shards fetched into one folder, their manifests renamed, merge as well.
    const together = path.join(work, 'together');
    for (const [index, folder] of shardDirs.entries()) {
      await cp(folder, together, { recursive: true });
      await cp(path.join(folder, 'manifest.json'), path.join(together, `manifest-${index + 1}.json`));
    }
    const joined = await runCli(['manifest', 'merge', '--out', together, path.join(together, 'manifest-1.json'), path.join(together, 'manifest-2.json')]);
    assert.equal(joined.code, 0, joined.stderr);
    const verifyJoined = await runCli(['verify', together]);
    assert.equal(verifyJoined.code, 0, verifyJoined.stdout);
    assert.deepEqual(verifyJoined.stdout.trim().split('\n').map((line) => path.basename(line.split(/\s+/)[1]!)), ['article-1.html', 'article-2.html', 'article-3.html']);

    // An entry that two manifests disagree on is refused, naming both.
    const altered = JSON.parse(await readFile(path.join(together, 'manifest-2.json'), 'utf8')) as Manifest;
    altered.artifacts[0]!.sha256 = '0'.repeat(64);
    await writeFile(path.join(together, 'manifest-3.json'), JSON.stringify(altered));
    const conflict = await runCli(['manifest', 'merge', '--out', together, path.join(together, 'manifest-2.json'), path.join(together, 'manifest-3.json')]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /article-2\.html is listed by .*manifest-2\.json and by .*manifest-3\.json with different contents/);
  });

  it('leaves an empty manifest for a shard with no inputs, and the merge takes the others', async () => {
    const work = await tempDir();
    const [input] = await articles(path.join(work, 'archive'), 1);
    const shardDirs = [path.join(work, 'shard-1'), path.join(work, 'shard-2')];
    for (const [index, outDir] of shardDirs.entries()) {
      const run = await runCli(['build', input!, '--shard', `${index + 1}/2`, '--format', 'html', '--out', outDir]);
      assert.equal(run.code, 0, run.stderr);
    }
    const empty = JSON.parse(await readFile(path.join(shardDirs[1]!, 'manifest.json'), 'utf8')) as Manifest;
    assert.deepEqual([empty.manuscripts, empty.artifacts], [[], []]);
    const merged = path.join(work, 'merged');
    const merge = await runCli(['manifest', 'merge', '--out', merged, shardDirs[1]!, shardDirs[0]!]);
    assert.equal(merge.code, 0, merge.stderr);
    const manifest = JSON.parse(await readFile(path.join(merged, 'manifest.json'), 'utf8')) as Manifest;
    assert.notEqual(manifest.buildDate, new Date(0).toISOString(), 'the date is the built shard\'s');
    assert.equal((await runCli(['verify', merged])).code, 0);
  });

  it('refuses wrong use of --shard and of manifest merge with exit code 2', async () => {
    for (const args of [
      ['build', DEFAULT_MANUSCRIPT, '--shard', '3/2'],
      ['build', DEFAULT_MANUSCRIPT, '--shard', 'half'],
      ['manifest', 'merge'],
      ['manifest', 'join', 'output'],
      ['manifest', 'merge', 'output', '--format', 'pdf'],
      ['verify', '--shard', '1/2'],
    ]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /Run `imprint --help` for usage/);
    }
    const missing = await runCli(['manifest', 'merge', '--out', await tempDir(), path.join(await tempDir(), 'nothing-here')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no Imprint manifest/);
  });
});
