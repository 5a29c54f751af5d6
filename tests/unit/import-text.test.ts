// `imprint import` on text captures, without a browser: the seed capture of the default manuscript
// gives its attribution and its paragraphs word for word, the chrome is dropped line by line with a
// reason, dates get their zone only from --timezone, and what a capture does not say is never guessed.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { build, importCaptures, OptionsError } from '../../src/index.ts';
import { findDate, inZone } from '../../src/import/dates.ts';
import { decodeCapture } from '../../src/import/decode.ts';
import { names, parseByline } from '../../src/import/byline.ts';
import { ImportProblem } from '../../src/import/problems.ts';
import { manuscriptSlug } from '../../src/import/slug.ts';
import { DEFAULT_MANUSCRIPT, ROOT, seedParagraphs, tempDir } from '../helpers.ts';

const SEED = path.join(ROOT, 'tests', 'fixtures', 'seed-article.txt');

const frontMatter = (text: string) => parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!) as Record<string, unknown> & { source: Record<string, unknown> };
const bodyOf = (text: string) => text.replace(/^---\n[\s\S]*?\n---\n/, '').trim().split(/\n\n+/);

describe('importing the seed capture', () => {
  it('gives the default manuscript\'s attribution and its paragraphs word for word, with --timezone Asia/Shanghai', async () => {
    const [report] = await importCaptures([SEED], { timezone: 'Asia/Shanghai', dryRun: true });
    assert.ok(report?.ok, report?.problem);
    const imported = frontMatter(report.text!);
    const handMade = frontMatter(await readFile(DEFAULT_MANUSCRIPT, 'utf8'));
    for (const field of ['title', 'subtitle', 'author', 'author_note', 'editor'] as const) assert.deepEqual(imported[field], handMade[field], field);
    for (const field of ['name', 'publisher', 'published', 'statement'] as const) assert.deepEqual(imported.source[field], handMade.source[field], `source.${field}`);
    assert.equal(imported.original, undefined, 'import never sets original');
    assert.deepEqual(bodyOf(report.text!), await seedParagraphs());
    assert.deepEqual(report.incomplete, []);
  });

  it('names the origin of every field and drops each chrome line with its reason, none of the text', async () => {
    const [report] = await importCaptures([SEED], { timezone: 'Asia/Shanghai', dryRun: true });
    const origins = Object.fromEntries(report!.fields.map((field) => [field.field, field.origin]));
    assert.equal(origins.title, 'the title line, line 3, before the dash');
    assert.equal(origins.author, 'the byline, line 5');
    assert.equal(origins['source.published'], 'the byline, line 5; zone from --timezone Asia/Shanghai');
    assert.equal(origins['source.statement'], 'the reprint statement, line 27');
    assert.equal(origins['source.publisher'], 'the reprint statement, line 27');
    const dropped = report!.dropped.map((line) => line.text);
    for (const chrome of ['Current location:', 'Moment News', '- Share -', 'Link to this article:', 'Read the next article']) assert.ok(dropped.includes(chrome), chrome);
    const paragraphs = await seedParagraphs();
    assert.ok(report!.dropped.every((line) => !paragraphs.includes(line.text) && line.reason !== ''));
  });

  it('without --timezone writes the date as found, with the fix beside it, and the build stops at that line', async () => {
    const out = await tempDir();
    const [report] = await importCaptures([SEED], { outDir: out });
    assert.deepEqual(report!.incomplete, ['source.published: the capture gives no time zone: add its UTC offset (e.g. +08:00), or import again with --timezone ZONE']);
    const text = await readFile(report!.manuscript!, 'utf8');
    assert.match(text, /^ {2}published: 2024-05-06T16:40:15 # the capture gives no time zone/m);
    const result = await build({ input: report!.manuscript!, outDir: path.join(out, 'editions'), formats: ['html'] });
    assert.equal(result.ok, false);
    const fatal = result.file.messages.find((message) => message.fatal)!;
    assert.equal(fatal.line, text.split('\n').findIndex((line) => line.includes('published:')) + 1);
    assert.match(fatal.reason, /--timezone ZONE/);
  });

  it('records the capture\'s name and SHA-256 in source.capture', async () => {
    const [report] = await importCaptures([SEED], { timezone: 'Asia/Shanghai', dryRun: true });
    const { createHash } = await import('node:crypto');
    assert.deepEqual(frontMatter(report!.text!).source.capture, { file: 'seed-article.txt', sha256: createHash('sha256').update(await readFile(SEED)).digest('hex') });
  });
});

describe('what a capture does not say', () => {
  it('is written as a placeholder the build refuses at its line, never guessed', async () => {
    const folder = await tempDir();
    const capture = path.join(folder, 'anonymous.txt');
    await writeFile(capture, `A title of an article\n\n${'A paragraph of text long enough to be a paragraph of the article, and not a label. '.repeat(2)}\n`);
    const [report] = await importCaptures([capture], { outDir: folder });
    assert.deepEqual(report!.incomplete, ['author: not in the capture', 'source.name: not in the capture', 'source.published: not in the capture']);
    const text = await readFile(report!.manuscript!, 'utf8');
    assert.match(text, /^author: "\?\? the author's name: not found in the capture" # write it out/m);
    const result = await build({ input: report!.manuscript!, outDir: path.join(folder, 'out'), formats: ['html'] });
    assert.ok(result.file.messages.some((message) => message.fatal && /`author` is a placeholder left by `imprint import`/.test(message.reason) && message.line === 3));
  });
});

describe('reading captures', () => {
  it('refuses binary data, bad UTF-8, an empty page and a page not in its declared charset, and decodes GBK, Shift-JIS and UTF-16', () => {
    assert.throws(() => decodeCapture(Buffer.from([0x50, 0x4b, 0x00, 0x01]), 'text'), (error: unknown) => error instanceof ImportProblem && /binary data/.test(error.message));
    assert.throws(() => decodeCapture(Buffer.from([0x61, 0xff, 0x62]), 'text'), /not valid UTF-8/);
    assert.throws(() => decodeCapture(Buffer.from('  \n\n '), 'text'), /empty/);
    const gbk = Buffer.concat([Buffer.from('<meta charset="gbk"><p>'), Buffer.from([0xba, 0xec, 0xcd, 0xf8]), Buffer.from('</p>')]);
    assert.match(decodeCapture(gbk, 'html').text, /红网/);
    const notGbk = Buffer.concat([Buffer.from('<meta charset="shift_jis"><p>'), Buffer.from([0x82, 0xa0, 0x82]), Buffer.from('</p>')]);
    assert.throws(() => decodeCapture(notGbk, 'html'), /not valid SHIFT_JIS, as its <meta charset> declares/);
    assert.match(decodeCapture(Buffer.from([0x82, 0xa0]), 'text', 'shift_jis').text, /あ/);
    assert.equal(decodeCapture(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00]), 'text').text, 'AB');
  });

  it('reads a page whose <meta> names GBK but whose bytes are UTF-8 as UTF-8, with a warning; a header or BOM allows no such guess', () => {
    const sentence = '一条地铁线的延伸，延伸的不只是里程，更是城市的温度。';
    const resaved = Buffer.from(`<meta charset="gbk"><p>${sentence}</p>`);
    const decoded = decodeCapture(resaved, 'html');
    assert.match(decoded.text, new RegExp(sentence));
    assert.match(decoded.warning ?? '', /says GBK, but its bytes are valid UTF-8/);
    // Two characters prove nothing: the famous 联通 is valid GBK and UTF-8 at once, and the declaration wins.
    assert.equal(decodeCapture(Buffer.from('<meta charset="gbk"><p>红网</p>'), 'html').warning, undefined);
    assert.throws(() => decodeCapture(resaved, 'html', 'gbk'), /not valid GBK, as its server declares/);
  });

  it('refuses an unknown time zone before reading anything', async () => {
    await assert.rejects(importCaptures([SEED], { timezone: 'Mars/Olympus' }), (error: unknown) => error instanceof OptionsError && /Unknown time zone "Mars\/Olympus"/.test(error.message));
  });
});

describe('dates and bylines', () => {
  it('gives a date its zone\'s offset for that date, summer time included', () => {
    assert.equal(inZone(findDate('2024-05-06 16:40:15')!, 'Asia/Shanghai'), '2024-05-06T16:40:15+08:00');
    assert.equal(inZone(findDate('2024-07-01 12:00')!, 'America/New_York'), '2024-07-01T12:00:00-04:00');
    assert.equal(inZone(findDate('2024-01-15 12:00')!, 'America/New_York'), '2024-01-15T12:00:00-05:00');
    assert.equal(inZone(findDate('2024年5月6日 16:40')!, 'Asia/Shanghai'), '2024-05-06T16:40:00+08:00');
    assert.equal(inZone(findDate('06.05.2024, 09:30')!, 'Europe/Berlin'), '2024-05-06T09:30:00+02:00');
    assert.equal(inZone(findDate('2024-05-06')!, 'Asia/Shanghai'), undefined, 'no time, no offset');
    assert.equal(findDate('2024-05-06T08:40:15Z')?.iso, '2024-05-06T08:40:15Z');
  });

  it('reads bylines in several languages, with their names and dates', () => {
    const chinese = parseByline({ text: '来源：红网 作者：刘坤 责任编辑：闵美莹 2024-05-06 16:40', line: 4 });
    assert.deepEqual([chinese.sourceName?.value, chinese.author?.value, chinese.editor?.value, chinese.published?.value.local], ['红网', ['刘坤'], ['闵美莹'], '2024-05-06T16:40:00']);
    const german = parseByline({ text: 'Quelle: Die Zeit Autor: Anna Meier und Paul Roth', line: 2 });
    assert.deepEqual([german.sourceName?.value, german.author?.value], ['Die Zeit', ['Anna Meier', 'Paul Roth']]);
    assert.deepEqual(names('张三 李四'), ['张三', '李四']);
    assert.deepEqual(names('Liu Kun'), ['Liu Kun']);
  });
});

describe('manuscript file names', () => {
  it('slugs the title within 60 characters, falls back to the capture name for a title the slug cannot spell, and numbers a repeat', () => {
    const taken = new Set<string>();
    assert.equal(manuscriptSlug('The “micro corruption” around the masses is also a “big disaster”', 'seed.txt', taken), 'the-micro-corruption-around-the-masses-is-also-a-big');
    assert.equal(manuscriptSlug('新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::', 'pixnet.html', taken), 'pixnet');
    assert.equal(manuscriptSlug(undefined, 'https://news.example/2024/05/06/harbor.html', taken), 'harbor');
    assert.equal(manuscriptSlug('Harbor', 'a.html', taken), 'harbor-2');
    assert.equal(manuscriptSlug('Harbor', 'b.html', taken), 'harbor-3');
  });
});
