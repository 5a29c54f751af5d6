/**
 * Table cells as GFM can write them. A GFM cell is one line of phrasing; a page's cell may hold
 * paragraphs, lists, line breaks (Wikipedia's infoboxes do), which written as they are would end
 * the table in the middle of a row. So each block of a cell becomes its phrasing, the blocks and
 * line breaks joined by `<br>` (raw HTML a build reads as a line break), the text as written.
 */
import type { Html, PhrasingContent, RootContent, TableCell } from 'mdast';
import type { HandledElement, Handler, State } from './html-handlers.ts';

const PHRASING = new Set(['text', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'inlineCode', 'image', 'imageReference', 'footnoteReference', 'html']);
const lineBreak = (): Html => ({ type: 'html', value: '<br>' });

/** The `td` and `th` handlers. */
export const tableCellHandlers: Record<string, Handler> = { td: cell, th: cell };

function cell(state: State, node: HandledElement): TableCell {
  const result: TableCell = { type: 'tableCell', children: trimBreaks(phrasingOf(state.all(node) as RootContent[])) };
  state.patch(node, result);
  const { rowSpan, colSpan } = node.properties;
  // hast-util-to-mdast's own table handler reads these to lay out spanning cells.
  if (rowSpan || colSpan) result.data = { ...(rowSpan ? { hastUtilToMdastTemporaryRowSpan: rowSpan } : {}), ...(colSpan ? { hastUtilToMdastTemporaryColSpan: colSpan } : {}) } as TableCell['data'];
  return result;
}

/** The phrasing of `nodes`, each block's apart from the next by a `<br>`. */
function phrasingOf(nodes: readonly RootContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    if (node.type === 'break') out.push(lineBreak());
    else if (node.type === 'text') out.push({ ...node, value: node.value.replace(/\s*\n\s*/g, ' ') });
    else if (PHRASING.has(node.type)) out.push(node as PhrasingContent);
    else if (node.type === 'code') out.push(lineBreak(), { type: 'inlineCode', value: node.value.replace(/\n/g, ' ') }, lineBreak());
    else if ('children' in node) out.push(lineBreak(), ...phrasingOf(node.children as RootContent[]), lineBreak());
  }
  return out;
}

/** No `<br>` at a cell's edges, and never two in a row. */
function trimBreaks(nodes: PhrasingContent[]): PhrasingContent[] {
  const isBreak = (node: PhrasingContent | undefined) => node?.type === 'html' && node.value === '<br>';
  const kept = nodes.filter((node, index) => !(isBreak(node) && isBreak(nodes[index - 1])));
  while (isBreak(kept[0])) kept.shift();
  while (isBreak(kept.at(-1))) kept.pop();
  return kept;
}
