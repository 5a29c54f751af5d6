// The conformance fixtures (tests/fixtures/conformance, compared one by one in
// tests/unit/conformance.test.ts) bound into one book: its EPUB must pass EPUBCheck.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { describe, it } from 'node:test';
import { build } from '../src/index.ts';
import { epubcheckArgs, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'conformance');

describe('the conformance fixtures as one book', () => {
  it('passes EPUBCheck with no errors and no warnings', async () => {
    const folder = await tempDir();
    const names = (await readdir(FIXTURES)).sort();
    for (const name of names) await cp(path.join(FIXTURES, name, 'input.md'), path.join(folder, `${name}.md`));
    await writeFile(
      path.join(folder, 'book.yaml'),
      ['title: Conformance fixtures', 'author: Imprint Tests', 'original: true', 'chapters:', ...names.map((name) => `  - ${name}.md`)].join('\n'),
    );
    const outDir = path.join(folder, 'out');
    const result = await build({ input: folder, outDir, formats: ['epub'], cover: path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png') });
    assert.equal(result.ok, true);
    const epub = (await readdir(outDir)).find((name) => name.endsWith('.epub'))!;
    const run = await execFileAsync('java', epubcheckArgs(path.join(outDir, epub))).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
    );
    assert.match(`${run.stdout}${run.stderr}`, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/, `${run.stdout}${run.stderr}`);
  });
});
