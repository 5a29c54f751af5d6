/**
 * rehypeCheckAnchors: a link to `#somewhere` that names no element is a dead link in every edition
 * and an error in EPUB; it is reported at its place and the link is unwrapped to its text.
 */
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Ids that the page around the text provides (the colophon, the contents list). */
export const PAGE_IDS = ['colophon', 'colophon-title', 'contents-title'];

/** Warns about and unwraps in-document links whose target does not exist. */
export default function rehypeCheckAnchors() {
  return (tree: Root, file: VFile): void => {
    unwrapDeadAnchors(tree, file, collectIds(tree));
  };
}

/** Every id in the tree, and the ids the page around it provides. */
export function collectIds(tree: Root): Set<string> {
  const ids = new Set(PAGE_IDS);
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
  return ids;
}

/** Reports each `#id` link in `tree` whose id is not in `ids` on `file`, and unwraps it. */
export function unwrapDeadAnchors(tree: Root, file: VFile, ids: ReadonlySet<string>): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    const href = node.properties.href;
    if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#') || parent === undefined || index === undefined) return;
    const target = safeDecode(href.slice(1));
    if (target === '' || ids.has(target)) return;
    file.message(`The link to \`${href}\` points to no heading or element in the text; it is kept as plain text`, {
      place: node.position,
      ruleId: 'missing-anchor',
      source: 'imprint',
    });
    parent.children.splice(index, 1, ...(node.children as ElementContent[]));
    return [SKIP, index];
  });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
