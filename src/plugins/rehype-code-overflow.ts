/**
 * rehypeCodeOverflow: code lines longer than the printed page is wide. Left to the browser, a long
 * compiler message wraps to column 0 with no mark, and the `^^^^` under it no longer points
 * anywhere. Code is set in a monospaced face, so the column where a line would leave the page is
 * known before printing:
 * - `wrap` (the default) cuts such a line there and starts the rest on a new line behind a
 *   continuation mark, indented past it (a hanging indent);
 * - `shrink` sets the whole listing smaller, just enough for its longest line to fit.
 * Only the page Chromium prints is changed; the HTML and EPUB editions reflow on their own.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visitParents } from 'unist-util-visit-parents';

export type CodeOverflow = 'wrap' | 'shrink';

export interface Options {
  /** Columns of code that fit across the text block, outside any list or quotation. */
  columns: number;
  overflow?: CodeOverflow;
}

/** The class of a wrapped line's continuation, and of the mark in front of it. */
export const CONTINUATION_CLASS = 'code-continuation';
export const CONTINUATION_MARK_CLASS = 'code-continuation-mark';
/** The mark, and the columns a continuation is indented by (the mark and a space). */
export const CONTINUATION_MARK = '↪';
const HANG = 2;
/** Columns a nesting element takes from the text block (its indent, rounded up). */
const INDENT_COLUMNS: Record<string, number> = { li: 6, blockquote: 3, dd: 6 };
/** A listing is never set smaller than this share of its size: past it, lines wrap after all. */
const SMALLEST_SCALE = 0.6;
const TAB_STOP = 8;
/** The custom property print.css scales a shrunk listing's size by. */
export const CODE_SCALE_PROPERTY = '--code-scale';

export default function rehypeCodeOverflow(options: Options) {
  const overflow = options.overflow ?? 'wrap';
  return (tree: Root): void => {
    visitParents(tree, 'element', (node, ancestors) => {
      if (node.tagName !== 'pre') return;
      const code = node.children.length === 1 && node.children[0]!.type === 'element' && node.children[0]!.tagName === 'code' ? node.children[0]! : node;
      // A listing marked up inside (raw HTML with <b> or links) is left to the browser's wrapping;
      // the token spans of highlighted code are cut with their text.
      const runs = runsOf(code.children, []);
      if (!runs) return;
      const text = runs.map((run) => run.value).join('');
      const indent = ancestors.reduce((sum, ancestor) => sum + (ancestor.type === 'element' ? (INDENT_COLUMNS[ancestor.tagName] ?? 0) : 0), 0);
      const columns = Math.max(20, options.columns - indent);
      const lines = text.split('\n');
      const widest = Math.max(...lines.map(columnsOf));
      if (widest <= columns) return;
      const scale = columns / widest;
      if (overflow === 'shrink' && scale >= SMALLEST_SCALE) {
        node.properties.style = `${CODE_SCALE_PROPERTY}: ${(Math.floor(scale * 1000) / 1000).toString()}`;
        return;
      }
      code.children = wrapLines(runs, columns);
    });
  };
}

/** A run of a listing's text and the token spans (rehype-highlight's) it sits in, outermost first. */
interface Run {
  value: string;
  spans: Element[];
}

/** The runs of `nodes`, or undefined when they hold anything but text and token spans. */
function runsOf(nodes: ElementContent[], spans: Element[]): Run[] | undefined {
  const runs: Run[] = [];
  for (const node of nodes) {
    if (node.type === 'text') runs.push({ value: node.value, spans });
    else if (node.type === 'element' && node.tagName === 'span' && isTokenSpan(node)) {
      const inner = runsOf(node.children, [...spans, node]);
      if (!inner) return undefined;
      runs.push(...inner);
    } else return undefined;
  }
  return runs;
}

function isTokenSpan(span: Element): boolean {
  const classes = Array.isArray(span.properties.className) ? span.properties.className.map(String) : [];
  return classes.length > 0 && classes.every((name) => name.startsWith('pl-'));
}

/** The lines of `runs`, each a list of runs, cut at the line feeds. */
function linesOf(runs: Run[]): Run[][] {
  const lines: Run[][] = [[]];
  for (const run of runs) {
    run.value.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part !== '') lines.at(-1)!.push({ value: part, spans: run.spans });
    });
  }
  return lines;
}

/** The lines again, each cut where it reaches `columns`, the rest behind a continuation mark. */
function wrapLines(runs: Run[], columns: number): ElementContent[] {
  const children: ElementContent[] = [];
  linesOf(runs).forEach((line, index) => {
    if (index > 0) children.push({ type: 'text', value: '\n' });
    const [first, ...rest] = sliceRuns(line, cut(line.map((run) => run.value).join(''), columns, columns - HANG));
    children.push(...first!);
    for (const piece of rest) {
      children.push({ type: 'text', value: '\n' }, continuation(piece));
    }
  });
  return children;
}

/** `line` cut into `pieces` (their text in order), each piece's runs set back in copies of their spans. */
function sliceRuns(line: Run[], pieces: string[]): ElementContent[][] {
  const queue = line.map((run) => ({ ...run }));
  return pieces.map((piece) => {
    const nodes: ElementContent[] = [];
    let wanted = piece.length;
    while (wanted > 0 && queue.length > 0) {
      const run = queue[0]!;
      const taken = run.value.slice(0, wanted);
      run.value = run.value.slice(taken.length);
      if (run.value === '') queue.shift();
      wanted -= taken.length;
      nodes.push(run.spans.reduceRight<ElementContent>((inner, span) => ({ ...span, properties: { ...span.properties }, children: [inner] }), { type: 'text', value: taken }));
    }
    return nodes.length > 0 ? nodes : [{ type: 'text', value: '' }];
  });
}

function continuation(piece: ElementContent[]): Element {
  // The mark is furniture: hidden from assistive technology (and so an artifact in the tagged PDF).
  return h(`span.${CONTINUATION_CLASS}`, [h(`span.${CONTINUATION_MARK_CLASS}`, { ariaHidden: 'true' }, `${CONTINUATION_MARK} `), ...piece]);
}

/** Cuts a line into a first piece of `first` columns and further pieces of `next` columns. */
function cut(line: string, first: number, next: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let width = 0;
  let limit = first;
  for (const character of line) {
    const advance = character === '\t' ? TAB_STOP - (width % TAB_STOP) : columnsOfCharacter(character);
    if (width + advance > limit && piece !== '') {
      pieces.push(piece);
      piece = '';
      width = HANG;
      limit = next + HANG;
    }
    piece += character;
    width += advance;
  }
  pieces.push(piece);
  return pieces;
}

function columnsOf(line: string): number {
  let width = 0;
  for (const character of line) width += character === '\t' ? TAB_STOP - (width % TAB_STOP) : columnsOfCharacter(character);
  return width;
}

/** East Asian wide characters take two columns; combining marks none. */
function columnsOfCharacter(character: string): number {
  if (/\p{M}/u.test(character)) return 0;
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uff60]/u.test(character) ? 2 : 1;
}
