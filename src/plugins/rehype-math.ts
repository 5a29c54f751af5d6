/**
 * rehypeMath: the formulas remark-math found (`$…$` inline, `$$…$$` and ```` ```math ```` on their
 * own lines) typeset by MathJax at build time into SVG, so no edition runs a script and the
 * printed page needs no math font. Each formula becomes `<span class="math math-inline">` (or a
 * `<div class="math math-display">`) holding the SVG, whose `<title>` is the TeX as written, the
 * text a screen reader and a search find; `data-tex` keeps the TeX for the EPUB, which swaps the
 * SVG for MathML (epub/math.ts). A formula TeX cannot read is an error at its place, with TeX's
 * message.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { texToSvg, TexProblem } from '../math/tex.ts';
import { reportFatal } from '../options/errors.ts';

/** The class of a typeset formula, and the attribute holding its TeX. */
export const MATH_CLASS = 'math';
export const TEX_PROPERTY = 'dataTex';

/** Typesets every `code.language-math` of the tree. */
export default function rehypeMath() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (parent === undefined || index === undefined || !isMath(node)) return undefined;
      const display = node.tagName === 'pre';
      const code = display ? (node.children[0] as Element) : node;
      const written = display ? undefined : notAFormula(code, file);
      if (written !== undefined) {
        parent.children.splice(index, 1, { type: 'text', value: written });
        return [SKIP, index + 1];
      }
      const tex = toString(code).trim();
      // remark-rehype puts a display formula's place on the `pre`.
      const formula = typeset(tex, display, { ...code, position: code.position ?? node.position }, file);
      parent.children.splice(index, 1, formula);
      return [SKIP, index + 1];
    });
  };
}

/**
 * The source of an inline "formula" that is two prices (`$5 and $10`), as pandoc tells them
 * apart: a formula's opening `$` is not followed by a space, its closing `$` not preceded by one
 * nor followed by a digit. Undefined for a formula.
 */
function notAFormula(code: Element, file: VFile): string | undefined {
  const start = code.position?.start.offset;
  const end = code.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const source = String(file.value);
  const written = source.slice(start, end);
  const fence = /^\$+/.exec(written)?.[0].length ?? 0;
  const inner = written.slice(fence, written.length - fence);
  return fence === 1 && (/^\s|\s$/.test(inner) || /^\d/.test(source.slice(end))) ? written : undefined;
}

/** `code.language-math` (inline) or the `pre` around one (display). */
function isMath(node: Element): boolean {
  const only = node.children.length === 1 ? node.children[0] : undefined;
  const code = node.tagName === 'pre' ? (only?.type === 'element' ? only : undefined) : node;
  if (code?.tagName !== 'code') return false;
  const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
  return classes.includes('language-math') && (node.tagName === 'pre' || node === code);
}

function typeset(tex: string, display: boolean, code: Element, file: VFile): Element {
  const wrapper: Element = {
    type: 'element',
    tagName: display ? 'div' : 'span',
    properties: { className: [MATH_CLASS, display ? 'math-display' : 'math-inline'], [TEX_PROPERTY]: tex },
    children: [],
    ...(code.position ? { position: code.position } : {}),
  };
  try {
    const svg = fromHtml(texToSvg(tex, display), { fragment: true }).children.find((child): child is Element => child.type === 'element');
    if (!svg) throw new TexProblem('MathJax gave no picture');
    svg.children.unshift({ type: 'element', tagName: 'title', properties: {}, children: [{ type: 'text', value: tex }] });
    wrapper.children = [svg];
  } catch (error) {
    if (!(error instanceof TexProblem)) throw error;
    reportFatal(file, `The formula \`${tex.length > 60 ? `${tex.slice(0, 60)}…` : tex}\` cannot be typeset: ${error.message}`, { place: code.position, ruleId: 'math' });
    wrapper.children = [{ type: 'text', value: tex } as ElementContent];
  }
  return wrapper;
}
