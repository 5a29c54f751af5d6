// Fitting code listings and table headers to the printed page, without a browser: the hast the print page is made of.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { selectFonts } from '../../src/fonts/select.ts';
import { codeColumns } from '../../src/html/page-style.ts';
import rehypeCodeOverflow, { CODE_SCALE_PROPERTY, CONTINUATION_CLASS, CONTINUATION_MARK } from '../../src/plugins/rehype-code-overflow.ts';
import rehypeHyphenate from '../../src/plugins/rehype-hyphenate.ts';

/** rustc's message for listing 13-08 of the Rust book (listings/ch13-functional-features/listing-13-08/output.txt). */
const RUSTC_LINE = "15 |     let value = String::from(\"closure called\");\n   |         -----   ------------------------------ move occurs because `value` has type `String`, which does not implement the `Copy` trait";

function listing(text: string): Root {
  return { type: 'root', children: [h('pre', [h('code.language-console', text)])] };
}

function pre(tree: Root): Element {
  return tree.children[0] as Element;
}

/** The printed lines of a wrapped listing, each continuation with its mark as printed. */
function printedLines(tree: Root): string[] {
  return toString(pre(tree)).split('\n');
}

describe('long code lines on the printed page', () => {
  it('counts the columns of code the text block holds at each paper size', () => {
    // Code at 0.88 em of the text (10.5 pt, 9.5 pt on A5), Source Code Pro 0.6 em wide: 5.544 pt a column (5.016 on A5).
    assert.equal(codeColumns('a4'), 84);
    assert.equal(codeColumns('letter'), 87);
    assert.equal(codeColumns('a5'), 66);
  });

  it('wraps a line past the last column behind a continuation mark, two columns in, and leaves short lines alone', () => {
    const tree = listing(RUSTC_LINE);
    rehypeCodeOverflow({ columns: 60 })(tree);
    const lines = printedLines(tree);
    assert.equal(lines[0], '15 |     let value = String::from("closure called");');
    assert.ok(lines.slice(1).every((line) => [...line].length <= 60), lines.join('\n'));
    assert.deepEqual(
      lines.slice(2).map((line) => line.slice(0, 2)),
      lines.slice(2).map(() => `${CONTINUATION_MARK} `),
    );
    // Cut at the column, not at a space: what follows keeps its place under the line above.
    assert.equal(lines[1], '   |         -----   ------------------------------ move occ');
    // Without the marks and the breaks in front of them, the text is the listing's own.
    let rebuilt = '';
    for (const child of (pre(tree).children[0] as Element).children) {
      if (child.type === 'text') rebuilt += child.value;
      else if (child.type === 'element' && (child.properties.className as string[]).includes(CONTINUATION_CLASS)) rebuilt = rebuilt.replace(/\n$/, '') + toString(child).slice(2);
    }
    assert.equal(rebuilt, RUSTC_LINE);
  });

  it('counts a tab to the next stop of eight and a Han character as two columns', () => {
    const tree = listing(`\tx = "${'汉'.repeat(20)}"`);
    rehypeCodeOverflow({ columns: 30 })(tree);
    const [first, second] = printedLines(tree);
    // 8 for the tab, 5 for `x = "`, then 8 characters of two columns each: 29.
    assert.equal(first, `\tx = "${'汉'.repeat(8)}`);
    // The rest, behind the mark's two columns: 12 characters and the quote, 25 columns.
    assert.equal(second, `${CONTINUATION_MARK} ${'汉'.repeat(12)}"`);
  });

  it('takes the indent of a list item off the columns', () => {
    const line = 'x'.repeat(70);
    const tree: Root = { type: 'root', children: [h('ul', [h('li', [h('pre', [h('code', line)])])])] };
    rehypeCodeOverflow({ columns: 74 })(tree);
    assert.match(toString(tree), new RegExp(`^x{68}\\n${CONTINUATION_MARK} x{2}$`));
  });

  it('shrinks a listing to fit when asked, down to 60 % of its size, and wraps one that would need more', () => {
    const fits = listing(`${'y'.repeat(80)}\n${'z'.repeat(100)}`);
    rehypeCodeOverflow({ columns: 84, overflow: 'shrink' })(fits);
    assert.equal(pre(fits).properties.style, `${CODE_SCALE_PROPERTY}: 0.84`);
    assert.doesNotMatch(toString(fits), new RegExp(CONTINUATION_MARK));
    const tooWide = listing('w'.repeat(150));
    rehypeCodeOverflow({ columns: 84, overflow: 'shrink' })(tooWide);
    assert.equal(pre(tooWide).properties.style, undefined);
    assert.match(toString(tooWide), new RegExp(`^w{84}\\n${CONTINUATION_MARK} w{66}$`));
  });

  it('leaves a listing alone when its lines fit or when it holds markup of its own', () => {
    const narrow = listing('fn main() {}\n');
    rehypeCodeOverflow({ columns: 84 })(narrow);
    assert.deepEqual(narrow, listing('fn main() {}\n'));
    const marked: Root = { type: 'root', children: [h('pre', [h('code', ['x'.repeat(100), h('b', 'bold')])])] };
    const before = structuredClone(marked);
    rehypeCodeOverflow({ columns: 84 })(marked);
    assert.deepEqual(marked, before);
  });

  it('finds a printable face for the continuation mark and for mathematical letters', async () => {
    // Noto Sans Math holds ↪ and ℝ, but @fontsource declares its one file for Latin only.
    const fonts = await selectFonts({ text: 'x ∈ ℝ', codeText: `let x = 1;\n${CONTINUATION_MARK} y`, lang: 'en' });
    assert.deepEqual(fonts.uncovered, []);
    const math = /@font-face \{\n {2}font-family: 'Noto Sans Math';[^}]*unicode-range: ([^;]+);/.exec(fonts.css);
    assert.ok(math, 'a Noto Sans Math face is declared');
    const ranges = math[1]!.split(',').map((item) => item.replace('U+', '').split('-').map((hex) => parseInt(hex, 16)));
    for (const character of [CONTINUATION_MARK, 'ℝ']) {
      const point = character.codePointAt(0)!;
      assert.ok(ranges.some(([first, last = first]) => first! <= point && point <= last!), `${character} is in the face's unicode-range`);
    }
  });
});

describe('hyphenation of table headers and numbers', () => {
  it('never hyphenates a column header, and never a word with a digit in it', () => {
    const header = h('th', 'Overloadable? Explanation');
    const cell = h('td', 'Internationalization of 1080p v2beta');
    rehypeHyphenate({ lang: 'en' })({ type: 'root', children: [h('table', [h('tr', [header, cell])])] });
    assert.equal(toString(header), 'Overloadable? Explanation');
    assert.equal(toString(cell), 'In\u00adter\u00adna\u00adtion\u00adal\u00adiza\u00adtion of 1080p v2beta');
  });
});
