/**
 * SmartyPants for Markdown, as remark-smartypants 3 does it (the same retext-smartypants passes,
 * the same output), with one shortcut. remark-smartypants educates quotes in one pass over all the
 * text (quotes pair across emphasis and links), then runs a second retext pass over every text
 * node for dashes, ellipses and backticks, which change the text's length. That second pass parses
 * each node into a natural-language tree and was half of a chapter's processing time; here it runs
 * only on the nodes that hold something it can change (`--`, `...`, ``` `` ```, `''`).
 * Adapted from remark-smartypants (MIT, © Rahul Dhawani and contributors). retext-smartypants is
 * pinned to 6.1.1: 6.2.0 prints a debug line (`drop …`) to stdout for an en dash before a hyphen.
 */
import type { Root } from 'mdast';
import { retext } from 'retext';
import type { Plugin } from 'unified';
import smartypants, { type Options } from 'retext-smartypants';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';

const VISITED = new Set(['text', 'inlineCode', 'paragraph', 'heading', 'tableCell']);
/** Blocks start fresh: a quote at their start opens, so each adds a space to the running text. */
const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
/**
 * What the second pass can change, or more: dashes (also an en or em dash before a hyphen),
 * ellipses (also spaced, with any whitespace retext knows, U+0085 included) and backtick quotes.
 */
const SECOND_PASS_CANDIDATE = /--|[\u2013\u2014]-|``|''|\.[\s\u0085]*\.[\s\u0085]*\./;

type Literal = Node & { value: string };
const isLiteral = (node: Node): node is Literal => typeof (node as Partial<Literal>).value === 'string';

/** The two retext passes: quotes first (over all the text), then dashes, ellipses and backticks. */
/**
 * Imprint's typography, for the text and everything shown beside it: old-school dashes (`--` is an
 * en dash and `---` an em dash, as typists expect).
 */
export const IMPRINT_SMARTYPANTS: Readonly<Options> = { dashes: 'oldschool' };

function passes(options: Options) {
  // Ellipses, dashes and backticks change the text's length, so the first pass leaves them alone.
  const quotes = retext().use(smartypants, { ...options, ellipses: false, dashes: false, backticks: false });
  const rest = retext().use(smartypants, { ...options, quotes: false });
  return { quotes, rest };
}

const textPasses = new Map<string, ReturnType<typeof passes>>();

/** One line of plain text (a title, a statement) with the same typography as the body. */
export function smartypantsText(text: string, options: Options = {}): string {
  const key = JSON.stringify(options);
  let found = textPasses.get(key);
  if (!found) {
    found = passes(options);
    textPasses.set(key, found);
  }
  return found.rest.processSync(found.quotes.processSync(text).toString()).toString();
}

const remarkSmartypantsFast: Plugin<[Options?], Root> = function (options = {}) {
  const { quotes, rest } = passes(options);
  // With backticks: 'all', every lone ` and ' may change: no text can be skipped.
  const mayChange = (text: string) => options.backticks === 'all' || SECOND_PASS_CANDIDATE.test(text);
  return (tree: Root) => {
    let allText = '';
    const nodes: Node[] = [];
    visit(tree, (node, index, parent) => {
      if (!parent || !VISITED.has(node.type) || !(isLiteral(node) || BLOCKS.has(node.type))) return;
      if (isLiteral(node)) allText += node.type === 'text' ? node.value : 'A'.repeat(node.value.length);
      else allText += ' ';
      nodes.push(node);
    });
    // One string, so that quotes around links and emphasis pair up.
    allText = quotes.processSync(allText).toString();
    let start = 0;
    for (const node of nodes) {
      if (!isLiteral(node)) {
        start += 1;
        continue;
      }
      const end = start + node.value.length;
      if (node.type === 'text') {
        const educated = allText.slice(start, end);
        node.value = mayChange(educated) ? rest.processSync(educated).toString() : educated;
      }
      start = end;
    }
  };
};

export default remarkSmartypantsFast;
