// The output folder as an archive, without a browser: the folder's lock makes writers take turns,
// a damaged manifest is replaced by a build (with a warning at the manuscript, never silently),
// and an empty shard leaves a manifest without overwriting one that is there.
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withFolderLock } from '../../src/archive/lock.ts';
import { writeEmptyManifest } from '../../src/archive/manifest.ts';
import { build, readManifest } from '../../src/index.ts';
import { DEFAULT_MANUSCRIPT, tempDir } from '../helpers.ts';

describe("the output folder's lock", () => {
  it('lets one writer in at a time and leaves no lock behind', async () => {
    const folder = await tempDir();
    const timeline: string[] = [];
    const writer = (name: string) =>
      withFolderLock(folder, async () => {
        timeline.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        timeline.push(`${name} out`);
      });
    await Promise.all([writer('a'), writer('b')]);
    assert.ok(
      JSON.stringify(timeline) === JSON.stringify(['a in', 'a out', 'b in', 'b out']) || JSON.stringify(timeline) === JSON.stringify(['b in', 'b out', 'a in', 'a out']),
      timeline.join(', '),
    );
    assert.deepEqual(await readdir(folder), []);
  });

  it('is released when the work fails, and the failure is the caller\'s', async () => {
    const folder = await tempDir();
    await assert.rejects(withFolderLock(folder, async () => Promise.reject(new Error('disk full'))), /disk full/);
    assert.deepEqual(await readdir(folder), []);
  });
});

describe('manifests in the output folder', () => {
  it('a build replaces a damaged manifest, with a warning that names the problem', async () => {
    const outDir = await tempDir();
    await writeFile(path.join(outDir, 'manifest.json'), '{ "format": 1, "artifacts": "none" }');
    const result = await build({ input: DEFAULT_MANUSCRIPT, outDir, formats: ['html'] });
    assert.ok(result.ok);
    const warning = result.files.flatMap((file) => file.messages).find((message) => message.ruleId === 'damaged-manifest');
    assert.ok(warning, 'a damaged-manifest warning');
    assert.match(warning.reason, /manifest\.json is damaged \(not an Imprint manifest of format 1: .*\): it is replaced by a manifest that lists only this build's files/);
    const read = await readManifest(outDir);
    assert.ok(read.ok, read.ok ? '' : read.problem);
    assert.deepEqual(read.manifest.artifacts.map((artifact) => artifact.path), ['micro-corruption.html']);
  });

  it('an empty shard writes a manifest that lists nothing, and never overwrites one', async () => {
    const folder = path.join(await tempDir(), 'shard-3');
    await writeEmptyManifest(folder);
    const read = await readManifest(folder);
    assert.ok(read.ok);
    assert.deepEqual([read.manifest.manuscripts, read.manifest.artifacts, read.manifest.buildDateFrom], [[], [], 'nothing built']);
    await writeFile(path.join(folder, 'manifest.json'), 'kept');
    await writeEmptyManifest(folder);
    assert.equal(await readFile(path.join(folder, 'manifest.json'), 'utf8'), 'kept');
    assert.deepEqual(await readdir(folder), ['manifest.json'], 'no temporary file or lock left');
  });
});
