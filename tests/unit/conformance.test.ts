// Fixture tests for the conformance pass and the raw-HTML repairs: each folder of
// tests/fixtures/conformance holds an input.md, the body Imprint makes of it (output.html) and the
// messages it reports (messages.txt). `UPDATE=1 node --import tsx --test tests/unit/conformance.test.ts`
// writes the expected files anew; review them as a diff. tests/conformance.test.ts binds the same
// fixtures into a book and runs EPUBCheck on it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { toHtml } from 'hast-util-to-html';
import { readManuscript } from '../../src/manuscript/assemble.ts';
import { ROOT } from '../helpers.ts';

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
