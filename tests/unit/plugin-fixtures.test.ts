// Fixture tests for the plugins of src/plugins/, in the style of remark-gfm's own: each folder
// tests/fixtures/plugins/<plugin>/<case>/ holds an input.md, the body Imprint makes of it
// (expected.html) and, when there are any, the messages it reports (expected-messages.txt): a
// warning at its place is part of a plugin's contract. Each plugin's SOURCES.md says where the
// text of every case comes from.
//
// `UPDATE=1 node --import tsx --test tests/unit/plugin-fixtures.test.ts` writes the expected files
// anew; review them as a diff before committing.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { codeColumns } from '../../src/html/page-style.ts';
import { assembleManuscript } from '../../src/manuscript/assemble.ts';
import { crossReferenceEdition } from '../../src/plugins/rehype-crossref.ts';
import { processManuscript } from '../../src/manuscript/process.ts';
import rehypeCodeOverflow from '../../src/plugins/rehype-code-overflow.ts';
import rehypeHyphenate from '../../src/plugins/rehype-hyphenate.ts';
import rehypeTableFigure from '../../src/plugins/rehype-table-figure.ts';
import { ROOT } from '../helpers.ts';

const PLUGINS = path.join(ROOT, 'src', 'plugins');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'plugins');
const UPDATE = process.env.UPDATE === '1';
/** The paper the printed page is set for when no `--paper` is given. */
const DEFAULT_PAPER = 'a4';

/** From a manuscript to the body a plugin's cases are compared on. */
type Stage = (file: VFile) => Promise<ElementContent[]>;

/** Most plugins are links of the one unified chain: their cases compare its output. */
const processed: Stage = (file) => processManuscript(file);

/** The body of an article edition: processed, then conformed (rehype-conformance) as a whole. */
const edition: Stage = async (file) => {
  const manuscript = await assembleManuscript({ kind: 'article', files: [file], problems: [] }, { allowRemote: false });
  assert.ok(manuscript, 'the case builds as an article (no fatal message)');
  return manuscript.body;
};

/** A plugin of the printed page run on the edition's body, the way render.ts's printedBody runs it. */
function printed(plugin: (root: Root, file: VFile) => void): Stage {
  return async (file) => {
    const root: Root = { type: 'root', children: structuredClone(await edition(file)) };
    plugin(root, file);
    return root.children as ElementContent[];
  };
}

/** Plugins whose cases are not compared on the processed body alone. */
const STAGES: Record<string, Stage> = {
  'rehype-conformance': edition,
  'rehype-crossref': async (file) => {
    const root: Root = { type: 'root', children: await processManuscript(file) };
    crossReferenceEdition([{ root, file }], { book: false, lang: 'en' });
    return root.children as ElementContent[];
  },
  'rehype-hyphenate': printed((root, file) => rehypeHyphenate({ lang: file.data.matter!.lang })(root)),
  'rehype-code-overflow': printed((root, file) => rehypeCodeOverflow({ columns: codeColumns(DEFAULT_PAPER), overflow: file.data.matter!.code_overflow })(root)),
  'rehype-table-figure': printed((root) => rehypeTableFigure()(root)),
};

const folders = (parent: string) =>
  readdirSync(parent)
    .filter((name) => statSync(path.join(parent, name)).isDirectory())
    .sort();

/** Folders of this checkout as messages name them (images are resolved through real paths). */
const ROOT_PREFIXES = [...new Set([ROOT, `${realpathSync(ROOT)}${path.sep}`])];

const relative = (text: string) => ROOT_PREFIXES.reduce((result, prefix) => result.replaceAll(prefix, ''), text);

/** One message a line: `file:line:column severity reason [source:ruleId]`, with paths from the checkout. */
function describeMessage(message: VFileMessage): string {
  const place = message.line === undefined ? '' : `:${message.line}:${message.column ?? 1}`;
  const severity = message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info';
  return `${relative(message.file ?? '')}${place} ${severity} ${relative(message.reason)} [${message.source ?? ''}:${message.ruleId ?? ''}]\n`;
}

/** Characters a reader of a diff cannot see, written as character references (the same HTML). */
const INVISIBLE = /[\u00a0\u00ad\u200b-\u200f\u2060\ufeff]/g;
const visible = (html: string) => html.replace(INVISIBLE, (character) => `&#x${character.codePointAt(0)!.toString(16).toUpperCase()};`);

/** Compares `actual` with the expected file (absent when `actual` is undefined), or writes it under UPDATE=1. */
async function expectFile(file: string, actual: string | undefined): Promise<void> {
  const name = path.relative(ROOT, file);
  if (UPDATE) {
    if (actual === undefined) await rm(file, { force: true });
    else await writeFile(file, actual);
    return;
  }
  if (actual === undefined) {
    assert.ok(!existsSync(file), `${name} expects messages, but there are none (UPDATE=1 removes it)`);
    return;
  }
  assert.ok(existsSync(file), `${name} is missing: run with UPDATE=1 to write it, then review it`);
  try {
    assert.equal(actual, await readFile(file, 'utf8'));
  } catch (error) {
    // The assertion's own message is the line diff; say first which file it is about.
    assert.fail(`${name} differs (UPDATE=1 writes it anew)\n${(error as Error).message}`);
  }
}

describe('plugin fixtures (tests/fixtures/plugins/<plugin>/<case>)', () => {
  for (const plugin of folders(FIXTURES)) {
    const stage = STAGES[plugin] ?? processed;
    for (const name of folders(path.join(FIXTURES, plugin))) {
      it(`${plugin}: ${name}`, async () => {
        const folder = path.join(FIXTURES, plugin, name);
        const input = path.join(folder, 'input.md');
        const file = new VFile({ path: input, value: await readFile(input, 'utf8') });
        const body = await stage(file);
        await expectFile(path.join(folder, 'expected.html'), `${visible(toHtml({ type: 'root', children: body }))}\n`);
        const messages = file.messages.map(describeMessage).join('');
        await expectFile(path.join(folder, 'expected-messages.txt'), messages === '' ? undefined : messages);
      });
    }
  }
});

describe('the plugin fixtures themselves', () => {
  const plugins = readdirSync(PLUGINS)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.replace(/\.ts$/, ''))
    .sort();

  it('cover every plugin of src/plugins with at least two cases, and no plugin that is gone', () => {
    const covered = folders(FIXTURES);
    assert.deepEqual(covered, plugins);
    const thin = plugins.filter((plugin) => folders(path.join(FIXTURES, plugin)).length < 2);
    assert.deepEqual(thin, [], 'plugins with fewer than two cases');
  });

  it('name the source of every case in the plugin folder’s SOURCES.md', async () => {
    for (const plugin of folders(FIXTURES)) {
      const sources = await readFile(path.join(FIXTURES, plugin, 'SOURCES.md'), 'utf8');
      for (const name of folders(path.join(FIXTURES, plugin))) {
        assert.match(sources, new RegExp(`^- \`${name}\`: `, 'm'), `${plugin}/SOURCES.md has no line for ${name}`);
      }
    }
  });
});
