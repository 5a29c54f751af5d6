/**
 * Numbered figures, tables, listings and equations, and the references to them, in pandoc-crossref's
 * syntax, the one users know:
 * - a figure: `![Caption](shelf.png){#fig:shelf}` (the alt text is the caption when there is no title);
 * - a table or a listing: a paragraph `Table: Caption {#tbl:prices}` or `Listing: Caption {#lst:main}`
 *   right before or after it;
 * - an equation: `{#eq:energy}` alone in the paragraph after a `$$…$$` block;
 * - a reference: `@fig:shelf` or `[@fig:shelf]`, which prints "Figure 2.1" and links to it; `@sec:ID`
 *   names a heading by its text; `[page @fig:shelf]` prints "page 41" on the printed page (the page
 *   is read back from the print, like the contents numbers) and the name in the HTML and EPUB.
 *
 * Two steps. rehypeCrossref (the default export, in the chain before rehype-figure) finds the labels
 * of one file and marks what they label; crossReferenceEdition numbers the marked elements of the
 * whole edition (per chapter in a book: "Figure 2.1") and writes each reference. A reference to a
 * label nowhere in the edition, and a label given twice, are errors at their place.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { matches } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportFatal } from '../options/errors.ts';

type Kind = 'fig' | 'tbl' | 'lst' | 'eq';
const NAME = '[\\p{L}\\p{N}_-]+';
const LABEL = new RegExp(`^\\s*\\{#(fig|eq):(${NAME})\\}\\s*$`, 'u');
const CAPTION = new RegExp(`^\\s*(Table|Listing):\\s*([\\s\\S]*?)\\s*\\{#(tbl|lst):(${NAME})\\}\\s*$`, 'u');
const REFERENCE = new RegExp(`\\[(page )?@(fig|tbl|lst|eq|sec):(${NAME})\\]|(?<![\\p{L}\\p{N}_@.])@(fig|tbl|lst|eq|sec):(${NAME})`, 'gu');
/** In a reference that asks for a page (`[page @fig:x]`): the name, which the printed page replaces by `page N`. */
export const PAGE_REFERENCE_CLASS = 'page-ref';
/** On a labelled element: its label, `fig:shelf`. */
export const LABEL_PROPERTY = 'dataCrossref';
const WORDS: Record<string, Record<Kind, string>> = {
  en: { fig: 'Figure', tbl: 'Table', lst: 'Listing', eq: 'Equation' },
  de: { fig: 'Abbildung', tbl: 'Tabelle', lst: 'Listing', eq: 'Gleichung' },
  fr: { fig: 'Figure', tbl: 'Tableau', lst: 'Listing', eq: 'Équation' },
  zh: { fig: '图', tbl: '表', lst: '代码', eq: '式' },
};

/** Marks what the labels of one file label, and removes the labels. */
export default function rehypeCrossref() {
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'p' || parent === undefined || index === undefined) return undefined;
      const text = node.children.map((child) => (child.type === 'text' ? child.value : '\u0000')).join('');
      const label = LABEL.exec(text.replace(/^\u0000/, ''));
      if (label?.[1] === 'fig' && node.children[0]?.type === 'element' && node.children[0].tagName === 'img') {
        const image = node.children[0];
        image.properties[LABEL_PROPERTY] = `fig:${label[2]}`;
        if (typeof image.properties.title !== 'string' || image.properties.title.trim() === '') image.properties.title = String(image.properties.alt ?? '');
        node.children = [image];
        return undefined;
      }
      const target = label?.[1] === 'eq' && !text.startsWith('\u0000') ? neighbour(parent.children, index, (element) => matches('.math-display', element), -1) : undefined;
      const caption = CAPTION.exec(text);
      const captioned = caption ? neighbour(parent.children, index, (element) => element.tagName === (caption[3] === 'tbl' ? 'table' : 'pre')) : undefined;
      if (label?.[1] === 'eq' && target) target.properties[LABEL_PROPERTY] = `eq:${label[2]}`;
      else if (caption && captioned) {
        captioned.properties[LABEL_PROPERTY] = `${caption[3]}:${caption[4]}`;
        captioned.properties.dataCaption = caption[2];
      } else return undefined;
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
  };
}

/** The element right before (or, unless `only` is -1, right after) `index` that passes `test`, white space between. */
function neighbour(siblings: Root['children'], index: number, test: (element: Element) => boolean, only?: -1): Element | undefined {
  for (const step of only === -1 ? [-1] : [-1, 1]) {
    let at = index + step;
    while (siblings[at]?.type === 'text' && (siblings[at] as Text).value.trim() === '') at += step;
    const found = siblings[at];
    if (found?.type === 'element' && test(found) && found.properties[LABEL_PROPERTY] === undefined) return found;
  }
  return undefined;
}

/** One file of the edition, in reading order. */
export interface CrossrefDocument {
  root: Root;
  file: VFile;
}

/** Numbers the labelled elements of the edition and writes every reference; `book` numbers per chapter. */
export function crossReferenceEdition(documents: CrossrefDocument[], options: { book: boolean; lang: string }): void {
  const words = WORDS[options.lang.toLowerCase().split('-')[0]!] ?? WORDS.en!;
  const targets = new Map<string, { id: string; name: string }>();
  documents.forEach(({ root, file }, chapter) => {
    const counters: Record<Kind, number> = { fig: 0, tbl: 0, lst: 0, eq: 0 };
    visit(root, 'element', (node, index, parent) => {
      const label = node.properties[LABEL_PROPERTY];
      if (typeof label !== 'string') return;
      delete node.properties[LABEL_PROPERTY];
      if (targets.has(label)) {
        reportFatal(file, `The label \`{#${label}}\` is given twice: each figure, table, listing and equation needs its own`, { place: node.position, ruleId: 'crossref' });
        return;
      }
      const kind = label.split(':')[0] as Kind;
      const number = `${options.book ? `${chapter + 1}.` : ''}${++counters[kind]}`;
      const id = label.replace(':', '-');
      targets.set(label, { id, name: `${words[kind]} ${number}` });
      if (parent && index !== undefined) writeNumber(node, parent, index, kind, `${words[kind]} ${number}`, number, id);
    });
  });
  for (const { root } of documents) {
    visit(root, 'element', (node) => {
      const id = node.properties.id;
      if (/^h[1-6]$/.test(node.tagName) && typeof id === 'string' && !targets.has(`sec:${id}`)) targets.set(`sec:${id}`, { id, name: toString(node).trim() });
    });
  }
  for (const { root, file } of documents) resolveReferences(root, file, targets);
}

/** Writes the number into the labelled element: the caption of a figure or table, a listing's own figure, an equation's `(1)`. */
function writeNumber(node: Element, parent: Root | Element, index: number, kind: Kind, name: string, number: string, id: string): void {
  const caption = String(node.properties.dataCaption ?? '');
  delete node.properties.dataCaption;
  if (kind === 'fig') {
    const figure = parent.type === 'element' && parent.tagName === 'figure' ? parent : undefined;
    if (figure) figure.properties.id = id;
    const figcaption = figure?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
    figcaption?.children.unshift(h('span.crossref-label', `${name}: `));
  } else if (kind === 'tbl') {
    node.properties.id = id;
    node.children.unshift(h('caption', [h('span.crossref-label', `${name}: `), caption]));
  } else if (kind === 'lst') {
    parent.children[index] = h('figure.listing', { id }, [node, h('figcaption', [h('span.crossref-label', `${name}: `), caption])]);
  } else {
    node.properties.id = id;
    node.children.push(h('span.equation-number', `(${number})`));
  }
}

/** Each `@fig:x` of the text a link to its target, named; an unknown one an error at its place. */
function resolveReferences(root: Root, file: VFile, targets: Map<string, { id: string; name: string }>): void {
  visit(root, 'text', (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes('@')) return undefined;
    if (parent.type === 'element' && ['code', 'pre', 'a', 'title'].includes(parent.tagName)) return undefined;
    const parts: ElementContent[] = [];
    let last = 0;
    for (const match of node.value.matchAll(REFERENCE)) {
      const label = `${match[2] ?? match[4]}:${match[3] ?? match[5]}`;
      const target = targets.get(label);
      if (!target) {
        const what = label.startsWith('sec:') ? `No heading has the id \`${label.slice(4)}\`` : `No figure, table, listing or equation is labelled \`{#${label}}\``;
        reportFatal(file, `${what} in this edition`, { place: placeOf(node, match.index), ruleId: 'crossref' });
        continue;
      }
      const name = match[1] ? h(`span.${PAGE_REFERENCE_CLASS}`, target.name) : target.name;
      parts.push({ type: 'text', value: node.value.slice(last, match.index) }, h('a.crossref', { href: `#${target.id}` }, name));
      last = match.index + match[0].length;
    }
    if (parts.length === 0) return undefined;
    parts.push({ type: 'text', value: node.value.slice(last) });
    parent.children.splice(index, 1, ...parts);
    return [SKIP, index + parts.length];
  });
}

/** The line and column of `offset` within a text node, from where it starts. */
function placeOf(node: Text, offset: number): { line: number; column: number } | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, offset).split('\n');
  return before.length === 1 ? { line: start.line, column: start.column + offset } : { line: start.line + before.length - 1, column: before.at(-1)!.length + 1 };
}
