/**
 * The body as a page shows it: images inlined as `data:` URLs (the page stands alone), and for
 * the page Chromium prints, the typesetting only print needs.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import type { EditionImages } from '../model.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import rehypeCodeOverflow from '../plugins/rehype-code-overflow.ts';
import rehypeHyphenate from '../plugins/rehype-hyphenate.ts';
import rehypeTableFigure from '../plugins/rehype-table-figure.ts';
import { codeColumns, type PageSize } from './page-style.ts';

/** A copy of the body whose images are `data:` URLs. */
export function inlineImages(body: ElementContent[], images: EditionImages): ElementContent[] {
  if (Object.keys(images).length === 0) return body;
  const copy = structuredClone(body);
  visit({ type: 'root', children: copy }, 'element', (node: Element) => {
    const image = typeof node.properties.src === 'string' ? images[node.properties.src] : undefined;
    if (node.tagName !== 'img' || !image) return;
    node.properties.src = `data:${image.mediaType};base64,${Buffer.from(image.data).toString('base64')}`;
  });
  return copy;
}

/**
 * A copy of the body set for the page Chromium prints: soft hyphens in its running text, long
 * code lines wrapped (or listings shrunk) to the text block, captioned tables as figures.
 */
export function printedBody(body: ElementContent[], matter: FrontMatter, size: PageSize): ElementContent[] {
  const root: HastRoot = { type: 'root', children: structuredClone(body) };
  rehypeHyphenate({ lang: matter.lang })(root);
  rehypeCodeOverflow({ columns: codeColumns(size), overflow: matter.code_overflow })(root);
  rehypeTableFigure()(root);
  return root.children as ElementContent[];
}
