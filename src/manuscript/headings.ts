/**
 * The headings of a page, in document order: the table of contents lists them and the PDF stage
 * matches them against Chromium's bookmarks (to number the contents and to mend bookmark titles).
 */
import type { Element, ElementContent, Nodes } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** One heading: its id (when it has one), rank (1–6) and plain text. */
export interface Heading {
  id: string | undefined;
  rank: number;
  text: string;
}

/** The plain text of a node, without the soft hyphens added for print, with spaces collapsed. */
export function plainText(node: Nodes): string {
  return toString(node).replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();
}

/** The text set in code (`code`, `pre`, `kbd`, `samp`): the fonts it needs are chosen apart. */
export function codeText(node: Nodes): string {
  return selectAll('code, pre, kbd, samp', node).map((element) => toString(element)).join(' ');
}

/** Every heading under `nodes`, in document order. */
export function collectHeadings(nodes: Nodes | ElementContent[]): Heading[] {
  const headings: Heading[] = [];
  const root: Nodes = Array.isArray(nodes) ? { type: 'root', children: nodes } : nodes;
  visit(root, 'element', (node: Element) => {
    const rank = headingRank(node);
    // GFM's "Footnotes" label is a heading for screen readers, not a section of the text.
    if (rank === undefined || (Array.isArray(node.properties.className) && node.properties.className.includes('sr-only'))) return;
    const id = typeof node.properties.id === 'string' ? node.properties.id : undefined;
    headings.push({ id, rank, text: plainText(node) });
  });
  return headings;
}
