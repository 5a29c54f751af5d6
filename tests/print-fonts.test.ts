// The printed edition's fonts: bundled faces only, the same bytes under any fontconfig, and a
// warning at its place for characters no bundled face has.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build, openBrowser, type BrowserSession, type BuildResult } from '../src/index.ts';
import { output, ROOT, runCli, tempDir } from './helpers.ts';

/** The translations appendix of the Rust book: a list of a dozen scripts, as written there. */
const TRANSLATIONS = path.join(ROOT, 'tests', 'fixtures', 'rust-translations.md');

/** The families the bundled packages (and Imprint's last-resort face) embed under their PostScript names. */
const BUNDLED = /^(SourceSerif4|SourceCodePro|NotoSerif|NotoSans|NotoNaskhArabic|NotoEmoji|Tinos|Arimo|Cousine|Imprint Last Resort)/;

let browser: BrowserSession;
before(async () => {
  browser = await openBrowser();
});
after(() => browser.close());

/** The embedded fonts' names, subset prefix removed. */
async function fontNames(pdf: string): Promise<string[]> {
  const listing = await output('pdffonts', [pdf]);
  return [...new Set(listing.split('\n').slice(2).filter(Boolean).map((line) => line.slice(0, 37).trim().replace(/^[A-Z]{6}\+/, '')))];
}

describe('a text in a dozen scripts (the Rust book’s list of translations)', () => {
  let result: BuildResult;
  let pdf: string;
  before(async () => {
    const outDir = await tempDir();
    result = await build({ input: TRANSLATIONS, outDir, browser, formats: ['pdf'] });
    pdf = path.join(outDir, 'rust-translations.pdf');
  });

  it('builds without a warning: every character has a bundled glyph', () => {
    assert.equal(result.ok, true);
    assert.deepEqual(result.files.flatMap((file) => file.messages.map(String)), []);
  });

  it('embeds only bundled faces, one for each script', async () => {
    const names = await fontNames(pdf);
    assert.deepEqual(names.filter((name) => !BUNDLED.test(name)), []);
    for (const family of ['NotoSerifSC', 'NotoSerifKR', 'NotoSerifDevanagari', 'NotoSerifThai', 'NotoSerifBengali']) {
      assert.ok(names.some((name) => name.startsWith(family)), `${family} is not among ${names.join(', ')}`);
    }
    assert.ok(!names.includes('Imprint Last Resort'), 'a box was printed');
  });

  it('keeps every script’s words in the text layer', async () => {
    const text = await output('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    for (const word of ['简体中文', '正體中文', 'Українська', '한국어', '日本語', 'ελληνική', 'हिंदी', 'ไทย', 'বাংলা', 'Tiếng Việt']) {
      assert.ok(text.includes(word), `${word} is missing`);
    }
  });
});

describe('characters no bundled face has', () => {
  it('are printed as boxes of Imprint’s own face, kept in the text, and warned about at their line and column', async () => {
    const folder = await tempDir();
    const source = `${await readFile(TRANSLATIONS, 'utf8')}\nNot yet translated: ᏣᎳᎩ (Cherokee).\n`;
    await writeFile(path.join(folder, 'translations.md'), source);
    const result = await build({ input: path.join(folder, 'translations.md'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    assert.equal(result.ok, true);
    const line = source.split('\n').findIndex((text) => text.includes('ᏣᎳᎩ')) + 1;
    const warnings = result.files.flatMap((file) => file.messages).filter((message) => message.ruleId === 'missing-glyph');
    assert.equal(warnings.length, 1, warnings.map(String).join('\n'));
    assert.equal(warnings[0]!.line, line);
    assert.equal(warnings[0]!.column, 'Not yet translated: '.length + 1);
    assert.match(warnings[0]!.reason, /Cherokee characters “Ꭹ” \(U\+13A9\), “Ꮃ” \(U\+13B3\), “Ꮳ” \(U\+13E3\)/);
    const pdf = path.join(folder, 'out', 'rust-translations.pdf');
    assert.ok((await fontNames(pdf)).includes('Imprint Last Resort'));
    assert.ok((await output('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).includes('ᏣᎳᎩ'));
  });
});

describe('the text of SVG pictures from Graphviz and Inkscape', () => {
  it('prints in the bundled faces with Times’s and Arial’s metrics, never as boxes, and stays in the text layer', async () => {
    // An SVG is printed as an image, a document of its own that no style sheet of the page reaches:
    // its `font-family="Times,serif"` is looked up in the browser's fontconfig.
    const folder = await tempDir();
    for (const picture of ['graphviz-trpl04-01.svg', 'inkscape-sympy-vec_add.svg']) {
      await copyFile(path.join(ROOT, 'tests', 'fixtures', 'images', 'real', picture), path.join(folder, picture));
    }
    await writeFile(
      path.join(folder, 'pictures.md'),
      `---\ntitle: Pictures\nauthor: Imprint Tests\nlang: en\noriginal: true\ndate: 2024-05-06T16:40:15+08:00\n---\n\n![Figure 4-1](graphviz-trpl04-01.svg)\n\n![Vector addition](inkscape-sympy-vec_add.svg)\n`,
    );
    const result = await build({ input: path.join(folder, 'pictures.md'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    assert.deepEqual(result.files.flatMap((file) => file.messages).filter((message) => message.ruleId === 'missing-glyph').map(String), []);
    const pdf = path.join(folder, 'out', 'pictures.pdf');
    const names = await fontNames(pdf);
    assert.ok(names.includes('Tinos-Regular'), names.join(', '));
    assert.deepEqual(names.filter((name) => !BUNDLED.test(name) || name.startsWith('Imprint')), []);
    const text = await output('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    for (const label of ['capacity', 'index', 'value', 'ptr']) assert.match(text, new RegExp(`\\b${label}\\b`));
  });
});

describe('characters no picture face has, in an SVG picture', () => {
  it('are warned about at the picture’s line and column, naming the picture', async () => {
    const folder = await tempDir();
    // Figure 4-1 of the Rust book with its labels translated, as a translation would draw it.
    const figure = (await readFile(path.join(ROOT, 'tests', 'fixtures', 'images', 'real', 'graphviz-trpl04-01.svg'), 'utf8')).replace('>capacity<', '>容量<');
    await writeFile(path.join(folder, 'figure.svg'), figure);
    await writeFile(path.join(folder, 'figure.md'), `---\ntitle: Ownership\nauthor: Imprint Tests\nlang: en\noriginal: true\ndate: 2024-05-06T16:40:15+08:00\n---\n\nThe parts of a String:\n\n![Figure 4-1](figure.svg)\n`);
    const result = await build({ input: path.join(folder, 'figure.md'), outDir: path.join(folder, 'out'), browser, formats: ['pdf'] });
    assert.equal(result.ok, true);
    const warnings = result.files.flatMap((file) => file.messages).filter((message) => message.ruleId === 'missing-glyph');
    assert.deepEqual(
      warnings.map((message) => [message.line, message.column, message.reason]),
      [[11, 1, 'No bundled font has a glyph for these Han characters “容” (U+5BB9), “量” (U+91CF) in the picture figure.svg: the PDF prints them as boxes']],
    );
  });
});

describe('the machine’s fontconfig', () => {
  it('changes no byte of the PDF: the system’s, an empty one, and a user’s with other fonts and hinting give the same file', async () => {
    const folder = await tempDir();
    const empty = path.join(folder, 'empty.conf');
    await writeFile(empty, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    const userConfig = path.join(folder, 'xdg', 'fontconfig');
    await mkdir(userConfig, { recursive: true });
    await writeFile(
      path.join(userConfig, 'fonts.conf'),
      '<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts</dir><match target="font"><edit name="hintstyle" mode="assign"><const>hintfull</const></edit><edit name="rgba" mode="assign"><const>rgb</const></edit></match>' +
        '<alias><family>serif</family><prefer><family>DejaVu Sans Mono</family></prefer></alias></fontconfig>\n',
    );
    const runs = [
      { name: 'system', env: {} },
      { name: 'empty', env: { FONTCONFIG_FILE: empty } },
      { name: 'user', env: { XDG_CONFIG_HOME: path.join(folder, 'xdg') } },
    ];
    const files = await Promise.all(
      runs.map(async ({ name, env }) => {
        const outDir = path.join(folder, name);
        const run = await runCli(['build', TRANSLATIONS, '--format', 'pdf', '--quiet', '--out', outDir], { env });
        assert.equal(run.code, 0, run.stderr);
        return readFile(path.join(outDir, 'rust-translations.pdf'));
      }),
    );
    assert.ok(files[0]!.equals(files[1]!), 'the empty fontconfig changed the PDF');
    assert.ok(files[0]!.equals(files[2]!), 'the user fontconfig changed the PDF');
  });
});
