// Property-based: random Markdown and front matter never crash a build. Either it succeeds, with
// HTML that parses cleanly and EPUB documents that are well-formed XML, or it fails with messages
// for the user. Bounded: a fixed seed and run count, and no browser (the cover is given).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromHtml } from 'hast-util-from-html';
import JSZip from 'jszip';
import { fromXml } from 'xast-util-from-xml';
import { build } from '../src/index.ts';
import { ROOT, tempDir } from './helpers.ts';

const COVER = path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png');

const BLOCKS = [
  '# Heading', '## Heading', '### Sub *heading*', '###### Deep', 'Plain paragraph with **bold** and _em_.',
  '- item\n- item\n  - nested', '1. one\n2. two', '- [x] done\n- [ ] open', '> quote\n> > nested', '```js\nif (a < b && c > d) "]]>";\n```',
  '    indented <code> & ]]>', '| a | b |\n|---|:-:|\n| 1 | <x> |', 'Footnote[^n].\n\n[^n]: The note.', '[link](#heading) and [dead](#nowhere)',
  '<div><p>unclosed <b>bold', '<span onclick="x()">raw</span>', '<!-- comment -- with dashes -->', '&nbsp;&copy;&#x1F600;&bogus;', '***',
  '<script>alert(1)</script>', '<img src="missing.png">', '![remote](https://example.org/x.png)', 'Emoji 😀 and 𝒜𝓈𝓉𝓇𝒶𝓁 and 中文标点，测试。', '<table><tr><td>cell',
  '<li>stray</li>', '<h1>raw heading</h1>', 'Line with a trailing backslash\\', '[ref]\n\n[ref]: https://example.org', '<svg><rect/></svg>', '<math><mi>x</mi></math>',
];

const frontMatter = fc.oneof(
  fc.constant('---\ntitle: Fuzz\nauthor: A\noriginal: true\n---\n'),
  fc.constant('---\ntitle: Fuzz\nauthor: [A, B]\nlang: zh-CN\nsource:\n  name: S\n  published: 2024-01-02T03:04:05Z\n---\n'),
  fc.string({ maxLength: 40 }).map((noise) => `---\ntitle: ${JSON.stringify(noise)}\nauthor: A\noriginal: true\n---\n`),
  fc.string({ maxLength: 60 }).map((noise) => `---\n${noise}\n---\n`),
  fc.constant(''),
);

const body = fc.array(fc.oneof(fc.constantFrom(...BLOCKS), fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 30 })), { maxLength: 12 }).map((blocks) => blocks.join('\n\n'));

describe('fuzzing the pipeline', () => {
  it('never throws; sound builds give clean HTML and well-formed EPUB XHTML', async () => {
    const folder = await tempDir();
    let built = 0;
    await fc.assert(
      fc.asyncProperty(frontMatter, body, async (matter, markdown) => {
        const input = path.join(folder, 'fuzz.md');
        await writeFile(input, `${matter}\n${markdown}\n`);
        const outDir = path.join(folder, 'out');
        const result = await build({ input, outDir, formats: ['html', 'epub'], cover: COVER });
        if (!result.ok) {
          assert.ok(result.files.some((file) => file.messages.some((message) => message.fatal)), 'a failed build says why');
          return;
        }
        built += 1;
        const errors: string[] = [];
        fromHtml(await readFile(path.join(outDir, 'fuzz.html'), 'utf8'), { onerror: (error) => void errors.push(String(error.reason)) });
        assert.deepEqual(errors, [], 'the HTML parses without errors');
        const zip = await JSZip.loadAsync(await readFile(path.join(outDir, 'fuzz.epub')));
        for (const name of Object.keys(zip.files).filter((entry) => /\.(xhtml|opf|ncx)$/.test(entry))) {
          fromXml(await zip.file(name)!.async('string'));
        }
      }),
      { seed: 20261128, numRuns: 100 },
    );
    assert.ok(built > 25, `${built} of 100 random manuscripts built`);
  });
});
