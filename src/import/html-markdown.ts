/**
 * An article's HTML to Markdown, with unified all the way: rehype-parse reads the HTML,
 * Imprint's steps carry inline drawings, links and images, rehype-remark turns the tree into
 * Markdown's (with a handler for each construct the defaults miss: figures, footnotes, embeds),
 * and remark-gfm with remark-stringify writes it: `-` bullets, `*` emphasis, fenced code.
 */
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import type { Root } from 'hast';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import rehypeInlineSvg from '../plugins/rehype-inline-svg.ts';
import type { ArticleContext } from './html-context.ts';
import { embedHandlers } from './html-embeds.ts';
import { figureHandlers } from './html-figure.ts';
import { footnoteHandlers } from './html-footnote-handlers.ts';
import { tableCellHandlers } from './html-table-cells.ts';
import rehypeImportImages from './html-images.ts';
import rehypeAbsoluteLinks from './html-links.ts';

/** The Markdown of `html` (an article's content, no `<html>` around it); images and warnings go to `context`. */
export async function articleMarkdown(html: string, context: ArticleContext): Promise<string> {
  const file = await unified()
    .use(rehypeParse, { fragment: true })
    .use(rehypeTrimIndents)
    .use(rehypeInlineSvg)
    .use(rehypeAbsoluteLinks, context)
    .use(rehypeImportImages, context)
    .use(rehypeRemark, { handlers: { ...footnoteHandlers, ...figureHandlers, ...tableCellHandlers, ...embedHandlers(context) } })
    // Cells are not padded to line up: a wide table's rows would run to thousands of spaces.
    .use(remarkGfm, { tablePipeAlign: false })
    .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', fence: '`', fences: true, rule: '-' })
    .process(html);
  return String(file);
}

/** Spaces that indent a paragraph's first line: Chinese pages indent with two ideographic spaces (U+3000), others with no-break spaces. */
const INDENT = /^[\u3000\u00a0\s]+/u;

/**
 * rehypeTrimIndents: the indent a page types at the start of a paragraph is layout, not text (the
 * style sheet indents paragraphs), and in Markdown it would indent them twice; it goes, as the
 * text importer trims its lines.
 */
function rehypeTrimIndents() {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'p') return;
      const first = node.children[0];
      if (first?.type === 'text') first.value = first.value.replace(INDENT, '');
    });
  };
}
