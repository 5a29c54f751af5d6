// Two shortcuts of the Markdown pipeline must not change its output: Imprint's SmartyPants plugin skips
// remark-smartypants' second retext pass on text it cannot change, and raw HTML is re-parsed by parse5
// only when there is some.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import remarkSmartypantsFast from '../../src/plugins/remark-smartypants-fast.ts';
import { ROOT } from '../helpers.ts';

const reference = unified().use(remarkParse).use(remarkSmartypants, { dashes: 'oldschool' }).freeze();
const fast = unified().use(remarkParse).use(remarkSmartypantsFast, { dashes: 'oldschool' }).freeze();
const educate = (processor: typeof reference | typeof fast, markdown: string) => JSON.stringify(processor.runSync(processor.parse(markdown)));

/** Pieces of text where quotes, dashes, ellipses and backticks meet emphasis, links and blocks. */
const PIECES = ['"', "'", '`', '``', "''", '-', '--', '---', '–', '—', '.', '...', '. . .', '\u0085', ' ', 'word', '*', '_', '**', '[link](url)', '\n\n', '# ', '> ', '| a | b |\n|---|---|\n| c | d |\n', "'80s", "it's", '(', ')', '!', '?', ',', '“', '\n', '`code`'];

describe('SmartyPants', () => {
  it('gives exactly what remark-smartypants gives, on random Markdown', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const markdown = pieces.join('');
        assert.equal(educate(fast, markdown), educate(reference, markdown), JSON.stringify(markdown));
      }),
      { seed: 20261129, numRuns: 3000 },
    );
  });

  it('gives exactly what remark-smartypants gives, on the manuscripts in the repository', () => {
    for (const file of ['manuscript/micro-corruption.md', 'tests/fixtures/all-constructs.md', 'tests/fixtures/handbook.md', 'examples/book/02-reprint.md']) {
      const markdown = readFileSync(path.join(ROOT, file), 'utf8');
      assert.equal(educate(fast, markdown), educate(reference, markdown), file);
    }
    assert.match(educate(fast, 'He said "it\'s -- well... ``fine\'\'"'), /He said “it’s – well… “fine””/);
  });
});

describe('raw HTML parsed only when present', () => {
  it('gives the same HTML for Markdown alone as when parse5 re-parses it', async () => {
    const { processManuscript } = await import('../../src/manuscript/process.ts');
    const { toHtml } = await import('hast-util-to-html');
    const { VFile } = await import('vfile');
    const html = async (markdown: string) =>
      toHtml({ type: 'root', children: await processManuscript(new VFile({ path: 'chapter.md', value: markdown }), { role: 'chapter' }) });
    const samples = [
      'A note.[^1] And [a link with a note[^2]](https://example.org).\n\n[^1]: The note.\n[^2]: Another.',
      '| a | b |\n|:--|--:|\n| `c` | **d** |\n\n- [x] done\n- [ ] to do',
      '# Title\n\n> "Quoted" -- text...\n\n1. one\n2. two\n\n![image](missing.png "title")\n\n---\n\nEnd.',
      readFileSync(path.join(ROOT, 'examples/book/01-introduction.md'), 'utf8').replace(/^---[\s\S]*?---\n/, ''),
    ];
    for (const markdown of samples) {
      // An HTML comment is raw HTML that the sanitizer drops: it only makes parse5 run (and leaves
      // a line break where it stood, hence the whitespace between tags is not compared).
      const between = (text: string) => text.replace(/>\s+</g, '><').trim();
      assert.equal(between(await html(markdown)), between(await html(`${markdown}\n\n<!-- parse5 -->\n`)), markdown);
    }
  });
});
