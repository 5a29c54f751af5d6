// The build cache: a second build takes the cover and a book's contents page numbers from it and
// does less work, yet writes exactly the same bytes; a damaged or wrong entry changes nothing (the
// print page numbers the contents itself); IMPRINT_CACHE_DIR=off turns it off.
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runCli, tempDir } from './helpers.ts';

const BOOK = path.join(ROOT, 'examples', 'book');

async function buildBook(cache: string, formats = 'pdf,epub'): Promise<{ stderr: string; outDir: string }> {
  const outDir = await tempDir();
  const run = await runCli(['build', BOOK, '--out', outDir, '--format', formats], { env: { IMPRINT_CACHE_DIR: cache } });
  assert.equal(run.code, 0, run.stderr);
  return { stderr: run.stderr, outDir };
}

const read = (folder: string, name: string) => readFile(path.join(folder, name));

describe('the build cache', () => {
  it('prints a book once, cold or warm; lets a second build skip the cover photograph, with identical editions', async () => {
    const cache = await tempDir('imprint-cache-');
    const cold = await buildBook(cache);
    assert.match(cold.stderr, /printed pdf \(1 pass[;)]/);
    assert.doesNotMatch(cold.stderr, /cover from the cache/);
    const warm = await buildBook(cache);
    assert.match(warm.stderr, /printed pdf \(1 pass\)/);
    assert.match(warm.stderr, /packed epub \(cover from the cache\)/);
    for (const name of ['grassroots-notes.pdf', 'grassroots-notes.epub', 'grassroots-notes-cover.png', 'manifest.json']) {
      assert.ok((await read(cold.outDir, name)).equals(await read(warm.outDir, name)), `${name} differs between the cold and the warm build`);
    }
    assert.deepEqual((await readdir(path.join(cache, 'contents'))).length, 1);

    const off = await buildBook('off');
    assert.match(off.stderr, /printed pdf \(1 pass[;)]/);
    assert.ok((await read(cold.outDir, 'grassroots-notes.pdf')).equals(await read(off.outDir, 'grassroots-notes.pdf')));
  });

  it('checks cached page numbers against the print: wrong or damaged entries change nothing', async () => {
    const cache = await tempDir('imprint-cache-');
    const cold = await buildBook(cache, 'pdf');
    const [entry] = await readdir(path.join(cache, 'contents'));
    const file = path.join(cache, 'contents', entry!);
    const numbers = JSON.parse(await readFile(file, 'utf8')) as Array<[string, number]>;
    await writeFile(file, JSON.stringify(numbers.map(([id, page]) => [id, page + 7])));
    const wrong = await buildBook(cache, 'pdf');
    assert.match(wrong.stderr, /printed pdf \(1 pass[;)]/);
    assert.ok((await read(cold.outDir, 'grassroots-notes.pdf')).equals(await read(wrong.outDir, 'grassroots-notes.pdf')));
    // The build put the right numbers back.
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), numbers);

    await writeFile(file, '{ not json');
    const damaged = await buildBook(cache, 'pdf');
    assert.match(damaged.stderr, /printed pdf \(1 pass[;)]/);
    assert.ok((await read(cold.outDir, 'grassroots-notes.pdf')).equals(await read(damaged.outDir, 'grassroots-notes.pdf')));
  });
});
