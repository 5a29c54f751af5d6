// Formulas in the real editions: tests/fixtures/technical.md (the quadratic formula, Euler's identity,
// Gauss's law, the Cauchy–Schwarz inequality, a cross product, and two prices that are no formula)
// built into every edition and read back: SVG with its TeX as <title> in the HTML, drawn in the PDF,
// MathML marked in the EPUB package; a formula TeX cannot read stops the build at its place.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { epubcheckArgs, output, ROOT, runCli, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const TECHNICAL = path.join(ROOT, 'tests', 'fixtures', 'technical.md');
const FORMULAS = ['E = mc^2', 'ax^2 + bx + c = 0', 'x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}', 'e^{i\\pi} + 1 = 0', '\\nabla \\cdot \\mathbf{E} = \\frac{\\rho}{\\varepsilon_0}'];

describe('formulas in the editions', () => {
  let out: string;
  let built: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    out = await tempDir();
    built = await runCli(['build', TECHNICAL, '--out', out]);
  });

  it('sets each of the 6 formulas in the HTML as an SVG picture whose <title> is its TeX, and leaves the prices as text', async () => {
    assert.equal(built.code, 0, built.stderr);
    const html = await readFile(path.join(out, 'technical.html'), 'utf8');
    const pictures = html.match(/<span class="math math-inline"[^>]*><svg|<div class="math math-display"[^>]*><svg/g) ?? [];
    assert.equal(pictures.length, 6);
    for (const tex of FORMULAS) assert.ok(html.includes(`<title>${tex.replace(/&/g, '&#x26;')}</title>`), tex);
    assert.doesNotMatch(html, /language-math/);
    assert.match(html, /A price of \$5 and \$10 stays text/);
  });

  it('draws the formulas in the PDF as paths, in the text around them', async () => {
    const pdf = path.join(out, 'technical.pdf');
    const text = await output('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    assert.match(text.replace(/\s+/g, ' '), /The mass–energy equivalence, , and the roots of/);
    assert.match(text, /A price of \$5 and \$10 stays text/);
    const paths = (await output('mutool', ['trace', pdf])).match(/<fill_path/g)?.length ?? 0;
    assert.ok(paths > 100, `${paths} filled paths`);
  });

  it('gives an EPUB that EPUBCheck passes, each formula as MathML with its TeX as alttext, the document marked mathml', async () => {
    const epub = path.join(out, 'technical.epub');
    const { stdout, stderr } = await execFileAsync('java', epubcheckArgs(epub)).catch((error: { stdout: string; stderr: string }) => error);
    assert.match(stdout + stderr, /0 fatals \/ 0 errors \/ 0 warnings/);
    const text = await output('unzip', ['-p', epub, 'OEBPS/*.xhtml']);
    assert.equal(text.match(/<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/g)?.length, 6);
    assert.match(text, /alttext="E = mc\^2"/);
    assert.doesNotMatch(text, /<svg|data-tex/);
    const opf = await output('unzip', ['-p', epub, 'OEBPS/content.opf']);
    const marked = [...opf.matchAll(/<item [^>]*href="([^"]+\.xhtml)"[^>]*properties="[^"]*mathml/g)].map((match) => match[1]);
    assert.ok(marked.length >= 1, opf);
    for (const document of marked) assert.match(await output('unzip', ['-p', epub, `OEBPS/${document}`]), /<math /);
  });

  it('with --embed-fonts packs a face with a MATH table for the MathML, named for <math>, and stays valid', async () => {
    const embedded = await tempDir();
    const run = await runCli(['build', TECHNICAL, '--out', embedded, '--format', 'epub', '--embed-fonts']);
    assert.equal(run.code, 0, run.stderr);
    const epub = path.join(embedded, 'technical.epub');
    assert.match(await output('unzip', ['-l', epub]), /OEBPS\/fonts\/noto-sans-math-[\w-]+\.woff2/);
    assert.match(await output('unzip', ['-p', epub, 'OEBPS/style.css']), /math \{ font-family: 'Noto Sans Math', math; \}/);
    const { stdout, stderr } = await execFileAsync('java', epubcheckArgs(epub)).catch((error: { stdout: string; stderr: string }) => error);
    assert.match(stdout + stderr, /0 fatals \/ 0 errors \/ 0 warnings/);
  });

  it('stops at a formula TeX cannot read, naming its line, column and TeX message, and writes nothing', async () => {
    const work = await tempDir();
    const manuscript = path.join(work, 'broken.md');
    const text = (await readFile(TECHNICAL, 'utf8')).replace('$E = mc^2$', '$E = \\frac{mc^2$');
    await writeFile(manuscript, text);
    const rows = text.split('\n');
    const line = rows.findIndex((row) => row.includes('\\frac{mc^2')) + 1;
    const column = rows[line - 1]!.indexOf('$E = ') + 1;
    const run = await runCli(['build', manuscript, '--out', path.join(work, 'out')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`${line}:${column}-${line}:${column + 16}\\s+error\\s+The formula \`E = \\\\frac\\{mc\\^2\` cannot be typeset: Missing close brace`));
    assert.deepEqual(await readdir(work), ['broken.md']);
  });
});
