/**
 * Removes an SVG's CSS references to anything outside the file (`url(...)`, `@import`, the
 * image functions) from `<style>` elements, `style` attributes and presentation attributes.
 * The CSS is read with css-tree, SVGO's own CSS parser, never with regular expressions; what
 * css-tree cannot read and could hide a reference goes too.
 */
import { createRequire } from 'node:module';
import type { XastElement } from 'svgo';
import type { RemovalKind, Tally } from './svg-removals.ts';
import { isFragment } from './svg-urls.ts';

interface CssNode {
  type: string;
  name?: string;
  value?: string;
  prelude?: CssNode | null;
}
interface CssList {
  remove(item: unknown): void;
}
/** The part of css-tree used here (it ships no type declarations). */
interface CssTree {
  parse(text: string, options: { context: CssContext; onParseError?: () => void }): CssNode;
  walk: ((ast: CssNode, enter: (node: CssNode, item: unknown, list: CssList | null) => symbol | void) => void) & { skip: symbol };
  find(ast: CssNode, test: (node: CssNode) => boolean): CssNode | null;
  generate(ast: CssNode): string;
  ident: { decode(name: string): string };
}
/** How css-tree is to read a piece of CSS: a style sheet, a `style` attribute, or one property's value. */
export type CssContext = 'stylesheet' | 'declarationList' | 'value';

// css-tree is CommonJS-and-ESM without types: load it through `require` and state the calls used.
const csstree = createRequire(import.meta.url)('css-tree') as CssTree;

/** CSS functions that load what their argument names. */
const URL_FUNCTIONS = new Set(['url', 'src', 'image', 'image-set', '-webkit-image-set', 'cross-fade']);
/** Text that could become a reference once CSS reads it (escapes, functions, at-rules). */
const RISKY_RAW = /[\\(@]|url|image|src/i;

/** Cleans the text and CDATA of a `<style>` element, replacing them only when something was removed. */
export function cleanStyleElement(node: XastElement, tally: Tally): void {
  const css = node.children.map((child) => (child.type === 'text' || child.type === 'cdata' ? child.value : '')).join('');
  const cleaned = cleanCss(css, 'stylesheet', tally);
  if (cleaned !== css) node.children = cleaned.trim() === '' ? [] : [{ type: 'text', value: cleaned }];
}

/** The CSS without its references to outside files; the very same text when there were none. */
export function cleanCss(css: string, context: CssContext, tally: Tally): string {
  let ast: CssNode;
  try {
    ast = csstree.parse(css, { context, onParseError: () => {} });
  } catch {
    tally('unreadable-css');
    return '';
  }
  if (context === 'value') {
    const kind = verdict(ast);
    if (kind) tally(kind);
    return kind ? '' : css;
  }
  let changed = false;
  csstree.walk(ast, (node, item, list) => {
    let kind: RemovalKind | undefined;
    const name = node.name?.toLowerCase();
    if (node.type === 'Atrule') {
      if (name === 'import') kind = 'external-reference';
      else if (name !== 'namespace' && node.prelude) kind = verdict(node.prelude);
    } else if (node.type === 'Declaration') kind = verdict(node);
    else if (node.type === 'Raw' && RISKY_RAW.test(node.value ?? '')) kind = 'unreadable-css';
    if (!kind || !list) return;
    list.remove(item);
    tally(kind);
    changed = true;
    return csstree.walk.skip;
  });
  return changed ? csstree.generate(ast) : css;
}

/** Presentation attribute values worth reading as CSS: only those that could name a URL. */
export function mayRefer(value: string): boolean {
  return /url|image|src|\\/i.test(value);
}

/** Whether a piece of CSS refers outside the file, or holds text css-tree could not read. */
function verdict(node: CssNode): RemovalKind | undefined {
  const external = csstree.find(node, (child) => {
    if (child.type === 'Url') return !isFragment(child.value ?? '');
    if (child.type !== 'Function' || !URL_FUNCTIONS.has(csstree.ident.decode(child.name ?? '').toLowerCase())) return false;
    return csstree.find(child, (argument) => argument.type === 'String' && !isFragment(argument.value ?? '')) !== null;
  });
  if (external) return 'external-reference';
  return csstree.find(node, (child) => child.type === 'Raw' && RISKY_RAW.test(child.value ?? '')) ? 'unreadable-css' : undefined;
}
