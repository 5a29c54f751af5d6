// Fixture tests for the conformance pass and the raw-HTML repairs: each folder of
// tests/fixtures/conformance holds an input.md, the body Imprint makes of it (output.html) and the
// messages it reports (messages.txt). `UPDATE=1 node --import tsx --test tests/conformance.test.ts`
// writes the expected files anew; review them as a diff.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { describe, it } from 'node:test';
import { toHtml } from 'hast-util-to-html';
import { build } from '../src/index.ts';
import { readManuscript } from '../src/manuscript/assemble.ts';
import { epubcheckArgs, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'conformance');
const UPDATE = process.env.UPDATE === '1';

async function expect(file: string, actual: string): Promise<void> {
  if (UPDATE || !existsSync(file)) {
    await writeFile(file, actual);
    return;
  }
  assert.equal(actual, await readFile(file, 'utf8'), `${path.relative(ROOT, file)} differs (UPDATE=1 writes it anew)`);
}

describe('the conformance pass, on fixtures', async () => {
  for (const name of (await readdir(FIXTURES)).sort()) {
    it(`${name}: the body and the messages are as expected`, async () => {
      const read = await readManuscript(path.join(FIXTURES, name, 'input.md'), { allowRemote: false });
      assert.ok(read.manuscript, 'the fixture builds');
      const html = `${toHtml({ type: 'root', children: read.manuscript.body })}\n`;
      const messages = read.files
        .flatMap((file) => file.messages)
        .map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.reason}\n`)
        .join('');
      await expect(path.join(FIXTURES, name, 'output.html'), html);
      await expect(path.join(FIXTURES, name, 'messages.txt'), messages);
    });
  }
});

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
