/**
 * rehype-raw, run only where it can change something. rehype-raw re-parses the whole tree through
 * parse5, which takes about a third of a chapter's processing; a tree from Markdown alone, with no
 * raw HTML, comes out of parse5 as it went in but for two things, done here instead: attributes
 * that HTML does not know as boolean (`data-footnote-ref`) become empty strings, and a link inside
 * a link (a footnote reference in link text) is left to parse5 to take apart.
 * `tests/fast-paths.test.ts` checks that both paths give the same HTML.
 */
import type { Element, Root } from 'hast';
import rehypeRaw, { type Options } from 'rehype-raw';
import { EXIT, visit } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';

/** True when the tree holds raw HTML or a link nested in a link. */
function needsParse5(tree: Root): boolean {
  let needed = false;
  visit(tree, 'raw', () => {
    needed = true;
    return EXIT;
  });
  if (needed) return true;
  visitParents(tree, 'element', (node, ancestors) => {
    if (node.tagName === 'a' && ancestors.some((ancestor) => ancestor.type === 'element' && ancestor.tagName === 'a')) {
      needed = true;
      return EXIT;
    }
  });
  return needed;
}

export default function rehypeRawIfPresent(options?: Options) {
  const parseRaw = rehypeRaw(options);
  return (tree: Root, file: VFile): Root | undefined => {
    if (needsParse5(tree)) return parseRaw(tree, file);
    visit(tree, 'element', (node: Element) => {
      for (const [name, value] of Object.entries(node.properties)) {
        if (value === true && name.startsWith('data')) node.properties[name] = '';
      }
    });
    return undefined;
  };
}
