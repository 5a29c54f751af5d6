// The printed edition's fonts: bundled faces only, the same bytes under any fontconfig, and a
// warning at its place for characters no bundled face has.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build, openBrowser, type BrowserSession, type BuildResult } from '../src/index.ts';
import { output, ROOT, runCli, tempDir } from './helpers.ts';

/** The translations appendix of the Rust book: a list of a dozen scripts, as written there. */
const TRANSLATIONS = path.join(ROOT, 'tests', 'fixtures', 'rust-translations.md');

/** The families the bundled packages (and Imprint's last-resort face) embed under their PostScript names. */
const BUNDLED = /^(SourceSerif4|SourceCodePro|NotoSerif|NotoSans|NotoNaskhArabic|NotoEmoji|Imprint Last Resort)/;

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
