/**
 * rehype-raw, run only on a tree that holds raw HTML. rehype-raw re-parses the whole tree through
 * parse5, which takes about a third of a chapter's processing; a tree without raw nodes came from
 * Markdown alone, and remark-rehype already builds it as parse5 would.
 */
import type { Root } from 'hast';
import rehypeRaw, { type Options } from 'rehype-raw';
import { EXIT, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export default function rehypeRawIfPresent(options?: Options) {
  const parseRaw = rehypeRaw(options);
  return (tree: Root, file: VFile): Root | undefined => {
    let hasRaw = false;
    visit(tree, 'raw', () => {
      hasRaw = true;
      return EXIT;
    });
    return hasRaw ? parseRaw(tree, file) : undefined;
  };
}
