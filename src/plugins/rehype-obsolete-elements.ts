/**
 * rehypeObsoleteElements: HTML that old pages and READMEs still use, given the HTML5 element
 * that means the same, so it keeps its meaning instead of being unwrapped by the sanitizer:
 * `<center>` stays a block, `<tt>` stays code, `<strike>` stays struck through.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Obsolete elements and their HTML5 equivalents. */
const EQUIVALENTS: Readonly<Record<string, string>> = {
  acronym: 'abbr',
  big: 'strong',
  center: 'div',
  plaintext: 'pre',
  strike: 's',
  tt: 'code',
  xmp: 'pre',
};

/** Renames obsolete elements in place. */
export default function rehypeObsoleteElements() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      const equivalent = EQUIVALENTS[node.tagName];
      if (equivalent) node.tagName = equivalent;
    });
  };
}
