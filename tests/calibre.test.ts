// The EPUB on the route to Kindle: calibre's ebook-convert (the tool most Kindle conversions go
// through) does not know CSS custom properties and drops each declaration that uses `var()`. The
// EPUB's style sheet has none, so the text font, the rules and the muted colour survive the
// conversion to AZW3; calibre's debug pipeline shows the styles it writes into the book.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { build } from '../src/index.ts';
import { DEFAULT_MANUSCRIPT, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const COVER = path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png');

describe('the EPUB converted by calibre to AZW3', () => {
  let epubCss: string;
  let convertedCss: string;
  let azw3: string;
  before(async () => {
    const outDir = await tempDir();
    const result = await build({ input: DEFAULT_MANUSCRIPT, outDir, formats: ['epub'], cover: COVER });
    assert.equal(result.ok, true);
    const epub = path.join(outDir, 'micro-corruption.epub');
    epubCss = await (await JSZip.loadAsync(await readFile(epub))).file('OEBPS/style.css')!.async('string');
    azw3 = path.join(outDir, 'micro-corruption.azw3');
    const pipeline = path.join(outDir, 'calibre-pipeline');
    await execFileAsync('ebook-convert', [epub, azw3, '--debug-pipeline', pipeline], { maxBuffer: 16 * 1024 * 1024 });
    const processed = path.join(pipeline, 'processed');
    const sheets = (await readdir(processed, { recursive: true })).filter((name) => name.endsWith('.css'));
    convertedCss = (await Promise.all(sheets.map((name) => readFile(path.join(processed, name), 'utf8')))).join('\n');
  });

  it('has an EPUB style sheet with no custom property left', () => {
    assert.doesNotMatch(epubCss, /var\(|--[a-z-]+\s*:/);
  });

  it('keeps the text font, the rules and the muted colour in the book calibre writes', () => {
    assert.match(convertedCss, /font-family: "Source Serif 4"/);
    assert.match(convertedCss, /border-top-color: #bbb/, 'the colophon rule');
    assert.match(convertedCss, /color: #555/, 'the muted attribution lines');
  });

  it('carries the title, the author and the original date into the AZW3', async () => {
    const { stdout } = await execFileAsync('ebook-meta', [azw3]);
    // calibre joins the subtitle to the title.
    assert.match(stdout, /^Title\s+: The “micro corruption” around the masses is also a “big disaster”: Improve the anti-corruption efforts/m);
    assert.match(stdout, /^Author\(s\)\s+: Liu Kun/m);
    assert.match(stdout, /^Published\s+: 2024-05-06T08:40:15\+00:00$/m);
  });
});
