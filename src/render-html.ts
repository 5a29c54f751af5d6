/**
 * The standalone HTML edition: the body tree wrapped with the title block, the colophon, the
 * metadata and the style sheets (inlined, fonts included). Chromium prints exactly this page.
 */
import { readFile } from 'node:fs/promises';
import type { ElementContent, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { FrontMatter } from './config.ts';
import { fontFaceCss } from './fonts.ts';
import { metadataElements } from './html-metadata.ts';
import { colophon, titleBlock } from './title-and-colophon.ts';

const STYLES = new URL('../styles/', import.meta.url);

/** Reads a style sheet shipped in `styles/`. */
export function readStyle(name: string): Promise<string> {
  return readFile(new URL(name, STYLES), 'utf8');
}

/** The complete HTML document for one manuscript, as text. */
export async function renderHtml(matter: FrontMatter, body: ElementContent[], imprintVersion: string): Promise<string> {
  const [fonts, base, print] = await Promise.all([fontFaceCss(), readStyle('base.css'), readStyle('print.css')]);
  const document: HastRoot = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: matter.lang }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('title', matter.title),
          ...metadataElements(matter, imprintVersion),
          h('style', [fonts, base, print].join('\n')),
        ]),
        h('body', [
          h('article', [titleBlock(matter), h('div.text', body), colophon(matter, imprintVersion)]),
        ]),
      ]),
    ],
  };
  return toHtml(document);
}
