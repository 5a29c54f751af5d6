// Highlighted code in the real editions: the plugin fixture of real listings (the Rust book, CPython's
// textwrap, Zig's hello world) and a compiler message too long for the page, built once with
// highlighting and once with --no-highlight, then read back: the colours Chromium drew (mutool
// trace), the text (pdftotext), the EPUB (EPUBCheck, its XHTML and style sheet).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { epubcheckArgs, output, ROOT, runCli, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'plugins', 'rehype-highlight');
const LONG_LINE = 'error[E0277]: the `?` operator can only be used in a function that returns `Result` or `Option` (or another type that implements `FromResidual`)';

/** The colour of every glyph drawn in the code face, with its character, from `mutool trace`. */
async function codeGlyphColours(pdf: string): Promise<Array<{ colour: string; character: string }>> {
  const trace = await output('mutool', ['trace', pdf]);
  const glyphs: Array<{ colour: string; character: string }> = [];
  for (const block of trace.split('<fill_text').slice(1)) {
    const colour = /color="([^"]*)"/.exec(block)?.[1] ?? '';
    if (!/font="[^"]*SourceCodePro/.test(block)) continue;
    for (const glyph of block.matchAll(/<g unicode="([^"]*)"/g)) glyphs.push({ colour, character: unescapeXml(glyph[1]!) });
  }
  return glyphs;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!);
}

/** The colour of the first glyph of `text` as drawn in the code face. */
function colourOf(glyphs: Array<{ colour: string; character: string }>, text: string, from = 0): string {
  const at = glyphs.map(({ character }) => character).join('').indexOf(text, from);
  assert.ok(at >= 0, `${text} is drawn in the code face`);
  return glyphs[at]!.colour;
}

/** The EPUB's XHTML documents and style sheet, as text. */
async function epubText(epub: string, pattern: string): Promise<string> {
  return output('unzip', ['-p', epub, pattern]);
}

describe('highlighted code in the editions', () => {
  let highlighted: string;
  let plain: string;
  let built: Awaited<ReturnType<typeof runCli>>;
  let builtPlain: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    const work = await tempDir();
    const manuscript = path.join(work, 'code.md');
    const languages = await readFile(path.join(FIXTURES, 'languages', 'input.md'), 'utf8');
    await writeFile(manuscript, `${languages}\nA compiler message longer than the page is wide:\n\n\`\`\`rust\nlet message = "${LONG_LINE}";\n\`\`\`\n`);
    highlighted = path.join(work, 'highlighted');
    plain = path.join(work, 'plain');
    built = await runCli(['build', manuscript, '--out', highlighted]);
    builtPlain = await runCli(['build', manuscript, '--out', plain, '--no-highlight', '--format', 'html,pdf']);
  });

  it('draws the code in at least five distinct colours in the PDF: a keyword, a string, a number and a function name each in its own', async () => {
    assert.equal(built.code, 0, built.stderr);
    const glyphs = await codeGlyphColours(path.join(highlighted, 'code.pdf'));
    const colours = new Set(glyphs.map(({ colour }) => colour));
    assert.ok(colours.size >= 5, `${colours.size} colours: ${[...colours].join(', ')}`);
    const kinds = { keyword: colourOf(glyphs, 'def'), string: colourOf(glyphs, 'hello.txt'), number: colourOf(glyphs, '70'), function: colourOf(glyphs, 'fill(') };
    assert.equal(new Set(Object.values(kinds)).size, 4, JSON.stringify(kinds));
  });

  it('keeps the code word for word in the PDF text, the long line cut behind its mark with both parts coloured', async () => {
    const text = await output('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(highlighted, 'code.pdf'), '-']);
    for (const line of ['fn main() -> Result<(), Box<dyn Error>> {', 'w = TextWrapper(width=width, **kwargs)', 'if (a < b && b > 0) console.log(`${a} &amp; ${b}`);']) {
      assert.ok(text.includes(line), line);
    }
    assert.match(text, /↪/);
    const glyphs = await codeGlyphColours(path.join(highlighted, 'code.pdf'));
    const cut = /\n↪ (\S+)/.exec(text)?.[1];
    assert.ok(cut, 'the continuation starts a line behind the mark');
    assert.equal(colourOf(glyphs, cut), colourOf(glyphs, '"error[E0277]'), 'the string goes on in its colour after the mark');
  });

  it('gives an EPUB that EPUBCheck passes, with token classes, no inline style in the code, and night-mode colours in its style sheet', async () => {
    const epub = path.join(highlighted, 'code.epub');
    const { stdout, stderr } = await execFileAsync('java', epubcheckArgs(epub)).catch((error: { stdout: string; stderr: string }) => error);
    assert.match(stdout + stderr, /0 fatals \/ 0 errors \/ 0 warnings/);
    const xhtml = await epubText(epub, 'OEBPS/*.xhtml');
    assert.match(xhtml, /<code class="language-rust"><span class="pl-k">use<\/span>/);
    const codeBlocks = xhtml.match(/<pre>[\s\S]*?<\/pre>/g) ?? [];
    assert.equal(codeBlocks.length, 4);
    for (const block of codeBlocks) assert.doesNotMatch(block, /style=/);
    const css = await epubText(epub, 'OEBPS/*.css');
    assert.match(css, /\.pl-k[^{]*\{[^}]*color:/);
    assert.match(css, /@media \(prefers-color-scheme: ?dark\)/);
  });

  it('with --no-highlight sets the code in one ink and writes no token spans', async () => {
    assert.equal(builtPlain.code, 0, builtPlain.stderr);
    assert.doesNotMatch(await readFile(path.join(plain, 'code.html'), 'utf8'), /class="pl-/);
    // The continuation mark (and the space after it) is drawn lighter on purpose: it is not code.
    const code = (await codeGlyphColours(path.join(plain, 'code.pdf'))).filter(({ character }) => character.trim() !== '');
    const colours = new Set(code.map(({ colour }) => colour));
    assert.equal(colours.size, 1, [...colours].join(', '));
  });
});
