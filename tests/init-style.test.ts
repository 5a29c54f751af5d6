// `imprint init` writes a starter book that builds with no edits and never overwrites;
// `--style` adds the user's CSS after the built-in sheets in every edition.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import JSZip from 'jszip';
import { runCli, tempDir } from './helpers.ts';

describe('imprint init', () => {
  it('writes a starter book with its config file that builds as it is, and refuses to overwrite it', async () => {
    const folder = path.join(await tempDir(), 'starter');
    const first = await runCli(['init', folder]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual((await readdir(folder)).sort(), ['01-first-chapter.md', '02-second-chapter.md', 'book.yaml', 'images', 'imprint.config.yaml', 'styles']);
    assert.match(await readFile(path.join(folder, 'imprint.config.yaml'), 'utf8'), /^# yaml-language-server: \$schema=.*config\.schema\.json$/m);
    const bookYaml = await readFile(path.join(folder, 'book.yaml'), 'utf8');
    for (const field of ['title', 'subtitle', 'author', 'author_note', 'editor', 'lang', 'slug', 'keywords', 'series', 'edition', 'isbn', 'cover', 'source', 'statement', 'chapters']) {
      assert.match(bookYaml, new RegExp(`^#? ?\\s*${field}:`, 'm'), field);
    }

    const outDir = await tempDir();
    const build = await runCli(['build', folder, '--out', outDir, '--quiet', '--style', path.join(folder, 'styles', 'custom.css')]);
    assert.equal(build.code, 0, build.stderr);
    assert.equal(build.stderr, '', 'no warnings');
    assert.ok((await readdir(outDir)).includes('my-first-book.pdf'));

    // Without --out, the config file's `out: output` puts the editions beside it.
    const configured = await runCli(['build', folder, '--quiet', '--format', 'html']);
    assert.equal(configured.code, 0, configured.stderr);
    assert.deepEqual(await readdir(path.join(folder, 'output')), ['manifest.json', 'my-first-book.html']);

    await writeFile(path.join(folder, '02-second-chapter.md'), 'my own words\n');
    const again = await runCli(['init', folder]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /does not overwrite files/);
    assert.equal(await readFile(path.join(folder, '02-second-chapter.md'), 'utf8'), 'my own words\n');
  });
});

describe('--style', () => {
  it('adds the user\'s CSS last, in the HTML (and so the PDF) and the EPUB', async () => {
    const folder = await tempDir();
    const style = path.join(folder, 'mine.css');
    await writeFile(style, 'h1 { color: rgb(1, 2, 3); } /* </style><script>x</script> */\n');
    const outDir = await tempDir();
    const run = await runCli(['build', 'manuscript', '--out', outDir, '--quiet', '--format', 'html,epub', '--style', style]);
    assert.equal(run.code, 0, run.stderr);
    const html = await readFile(path.join(outDir, 'micro-corruption.html'), 'utf8');
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    assert.ok(css.trimEnd().endsWith('h1 { color: rgb(1, 2, 3); } /* <\\/style><script>x</script> */'), 'last, and cannot close the style element');
    const zip = await JSZip.loadAsync(await readFile(path.join(outDir, 'micro-corruption.epub')));
    assert.match(await zip.file('OEBPS/style.css')!.async('string'), /h1 \{ color: rgb\(1, 2, 3\); \}/);
  });

  it('a style that does not exist is a usage error', async () => {
    const run = await runCli(['build', '--style', 'no-such.css']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /The style no-such.css does not exist/);
  });
});
