/**
 * A standalone HTML document and its text: the tree every page of Imprint is made of (the HTML
 * edition, the page Chromium prints, the cover it photographs), serialized by the pipeline's one
 * compiler, rehype-stringify.
 */
import { readFile } from 'node:fs/promises';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { packageFile } from '../paths.ts';

const compiler = unified().use(rehypeStringify).freeze();

/** HTML text of a tree, or of a list of nodes. */
export function stringifyHtml(tree: Root | ElementContent[]): string {
  return compiler.stringify(Array.isArray(tree) ? { type: 'root', children: tree } : tree);
}

/** Reads a style sheet shipped in `styles/`. */
export function readStyle(name: string): Promise<string> {
  return readFile(packageFile('styles', name), 'utf8');
}

/** An HTML document that needs nothing beside it: its styles inside, in one `<style>` element. */
export function standaloneDocument(parts: { lang: string; title: string; head?: Element[]; css: string; body: Element }): Root {
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: parts.lang }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('title', parts.title),
          ...(parts.head ?? []),
          // `</style` in a style sheet would end the element early; `\/` is the same character to CSS.
          h('style', parts.css.replace(/<\/(style)/gi, '<\\/$1')),
        ]),
        parts.body,
      ]),
    ],
  };
}
