/**
 * Removes the characters no edition can carry from a document's text and attribute values, and
 * says so once per file: where the first one is (its line and column in the source) and how many
 * there were. In code a visible stand-in takes each one's place, so a listing still shows that
 * something was there.
 */
import type { Element, Nodes, Root } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import type { Point } from 'unist';
import { codePointName, firstUncarriable, replaceUncarriable, type Context } from './characters.ts';

const CODE = new Set(['code', 'pre', 'kbd', 'samp']);

/** Cleans `root` in place; reports on `file` when anything was removed. */
export function cleanCharacters(root: Root, file: VFile): void {
  let count = 0;
  let first: { node: Nodes; character: string } | undefined;
  const note = (node: Nodes, before: string, result: { value: string; count: number }) => {
    if (result.count === 0) return;
    count += result.count;
    first ??= { node, character: firstUncarriable(before)!.character };
  };
  visitParents(root, (node, ancestors) => {
    if (node.type === 'text' || node.type === 'comment') {
      const context: Context = ancestors.some((ancestor) => ancestor.type === 'element' && CODE.has(ancestor.tagName)) ? 'code' : 'text';
      const result = replaceUncarriable(node.value, context);
      note(node, node.value, result);
      node.value = result.value;
    } else if (node.type === 'element') {
      cleanProperties(node, (before, result) => note(node, before, result));
    }
  });
  if (!first) return;
  file.message(
    `${count === 1 ? 'A character' : `${count} characters`} that no edition can carry (${codePointName(first.character)} first) ${count === 1 ? 'was' : 'were'} removed; in code each is shown as a stand-in such as ␌`,
    { place: sourcePoint(file, first.node) ?? first.node.position, ruleId: 'forbidden-character', source: 'imprint' },
  );
}

function cleanProperties(node: Element, note: (before: string, result: { value: string; count: number }) => void): void {
  for (const [name, value] of Object.entries(node.properties)) {
    if (typeof value === 'string') {
      const result = replaceUncarriable(value, 'text');
      note(value, result);
      node.properties[name] = result.value;
    } else if (Array.isArray(value)) {
      node.properties[name] = value.map((item) => {
        if (typeof item !== 'string') return item;
        const result = replaceUncarriable(item, 'text');
        note(item, result);
        return result.value;
      });
    }
  }
}

/** The exact place of the first such character inside the node's source, when the source holds it as written. */
function sourcePoint(file: VFile, node: Nodes): Point | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const source = String(file.value ?? '');
  const found = firstUncarriable(source, start, end);
  return found ? location(file).toPoint(found.offset) : undefined;
}
