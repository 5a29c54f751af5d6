/**
 * rehypeTableFigure: a captioned table as a figure, for the printed page. Chromium breaks a page
 * between a table's `<caption>` and its first row whatever `break-after` says, stranding the
 * caption at the foot of a page; a `<figcaption>` before the table is a block it keeps with what
 * follows. The caption's content and attributes move over unchanged, and the figure is still a
 * captioned table to assistive technology. The HTML and EPUB editions keep their `<caption>`.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

/** The class of a figure made from a captioned table. */
export const TABLE_FIGURE_CLASS = 'table-figure';

export default function rehypeTableFigure() {
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'table' || index === undefined || !parent) return;
      const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
      if (!caption) return;
      const table: Element = { ...node, children: node.children.filter((child) => child !== caption) };
      parent.children[index] = h(`figure.${TABLE_FIGURE_CLASS}`, [{ ...caption, tagName: 'figcaption' }, table]);
      // Visit the figure in the table's place, so that tables inside its cells are seen too.
      return index;
    });
  };
}
