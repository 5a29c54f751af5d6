// Several manuscripts in one invocation: one Chromium for all of them, every edition written and
// recorded in one manifest that verifies.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chromiumProfilesIn, ROOT, runCli, tempDir } from './helpers.ts';

describe('imprint build with several inputs', () => {
  it('builds them all with one browser, --jobs at a time, into one manifest', async () => {
    const outDir = await tempDir();
    // The build's own temporary folder: only the browsers it starts have their profile there.
    const tmp = await tempDir();
    const seen = new Set<string>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const profile of await chromiumProfilesIn(tmp)) seen.add(profile);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const inputs = ['manuscript', 'tests/fixtures/handbook.md', 'tests/fixtures/chinese.md', 'examples/book'].map((input) => path.join(ROOT, input));
    const run = await runCli(['build', ...inputs, '--out', outDir, '--format', 'html,pdf', '--jobs', '2'], { env: { TMPDIR: tmp } });
    sampling = false;
    await sampler;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /built 4 of 4 manuscripts/);
    assert.equal(seen.size, 1, `Chromium profiles seen: ${[...seen].join(', ')}`);
    const files = (await readdir(outDir)).sort();
    for (const slug of ['micro-corruption', 'handbook', 'chinese-sample', 'grassroots-notes']) {
      assert.ok(files.includes(`${slug}.pdf`) && files.includes(`${slug}.html`), slug);
    }
    const verify = await runCli(['verify', outDir]);
    assert.equal(verify.code, 0, verify.stdout);
    assert.equal(verify.stdout.trim().split('\n').length, 8);
  });

  it('reports each failing manuscript and exits 1, building the others', async () => {
    const outDir = await tempDir();
    const run = await runCli(['build', path.join(ROOT, 'manuscript'), path.join(ROOT, 'no-such.md'), '--out', outDir, '--format', 'html', '--quiet']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no-such\.md/);
    assert.match(run.stderr, /built 1 of 2 manuscripts/);
    assert.ok((await readdir(outDir)).includes('micro-corruption.html'));
  });
});
