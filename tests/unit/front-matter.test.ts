import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VFile } from 'vfile';
import { processManuscript } from '../../src/manuscript/process.ts';

const VALID_SOURCE = 'source:\n  name: Rednet\n  published: 2024-05-06T16:40:15+08:00\n';

async function check(frontMatter: string, body = '\nText.\n') {
  const file = new VFile({ path: 'case.md', value: `---\n${frontMatter}---\n${body}` });
  await processManuscript(file);
  return { file, errors: file.messages.filter((message) => message.fatal) };
}

describe('front matter', () => {
  it('accepts the contract and normalizes people to lists', async () => {
    const { file, errors } = await check(
      `title: T\nauthor: Liu Kun\neditor: [Min Meiying, A. N. Other]\n${VALID_SOURCE}`,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(file.data.matter?.author, ['Liu Kun']);
    assert.deepEqual(file.data.matter?.editor, ['Min Meiying', 'A. N. Other']);
    assert.equal(file.data.matter?.lang, 'en');
    assert.equal(file.data.matter?.source?.published, '2024-05-06T16:40:15+08:00');
  });

  it('accepts an original text without a source', async () => {
    const { file, errors } = await check('title: T\nauthor: Me\noriginal: true\n');
    assert.deepEqual(errors, []);
    assert.equal(file.data.matter?.source, undefined);
  });

  it('reports broken YAML at its line and column', async () => {
    const { errors, file } = await check(`title: T\nauthor: X\n  editor: Y\n${VALID_SOURCE}`);
    assert.ok(errors.length >= 1);
    assert.match(errors[0]!.reason, /not valid YAML/);
    assert.deepEqual([errors[0]!.line, errors[0]!.column], [3, 9]);
    assert.equal(file.data.matter, undefined);
  });

  it('reports an unclosed quote as broken YAML', async () => {
    const { errors } = await check(`title: "unclosed\nauthor: X\n${VALID_SOURCE}`);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /not valid YAML: Missing closing "quote/);
  });

  it('reports a missing title, saying what to write', async () => {
    const { errors } = await check(`author: Liu Kun\n${VALID_SOURCE}`);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /`title` is missing.*title: /);
    assert.equal(errors[0]!.line, 2);
  });

  it('reports a missing source.published at the source block', async () => {
    const { errors } = await check('title: T\nauthor: Liu Kun\nsource:\n  name: Rednet\n');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /`source.published` is missing/);
    assert.equal(errors[0]!.line, 5);
    assert.equal(errors[0]!.column, 3);
  });

  it('reports a date without a UTC offset at the value', async () => {
    const { errors } = await check('title: T\nauthor: A\nsource:\n  name: R\n  published: 2024-05-06T16:40:15\n');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /UTC offset.*2024-05-06T16:40:15\+08:00/);
    assert.equal(errors[0]!.line, 6);
    assert.equal(errors[0]!.column, 14);
  });

  it('reports an impossible date', async () => {
    const { errors } = await check('title: T\nauthor: A\nsource:\n  name: R\n  published: 2024-13-45T10:00:00Z\n');
    assert.match(errors[0]!.reason, /not a real calendar date/);
  });

  it('reports a wrong type', async () => {
    const { errors } = await check(`title: T\nauthor: 42\n${VALID_SOURCE}`);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /`author` must be a name or a list of names/);
    assert.deepEqual([errors[0]!.line, errors[0]!.column], [3, 9]);
  });

  it('reports a missing source unless the text is original', async () => {
    const { errors } = await check('title: T\nauthor: A\n');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /`source` is missing.*original: true/);
  });

  it('reports unknown fields by name', async () => {
    const { errors } = await check(`title: T\nautor: X\nauthor: Y\n${VALID_SOURCE}`);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /Unknown front matter field `autor`/);
    assert.equal(errors[0]!.line, 3);
  });

  it('reports a manuscript without front matter', async () => {
    const file = new VFile({ path: 'case.md', value: '# Hello\n' });
    await processManuscript(file);
    assert.equal(file.messages.length, 1);
    assert.match(file.messages[0]!.reason, /no front matter/);
    assert.equal(file.messages[0]!.fatal, true);
  });

  it('reports front matter that is a list, not fields', async () => {
    const { errors } = await check('- a\n- b\n');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /set of `field: value` lines/);
  });
});
