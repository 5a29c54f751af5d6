/**
 * remarkRawHtmlNotice: raw HTML in the Markdown is not carried into the editions yet (it needs
 * sanitizing first), so say so at each place instead of dropping it silently.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Warns once per raw HTML node; the build goes on without it. */
export default function remarkRawHtmlNotice() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'html', (node) => {
      const excerpt = node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value;
      file.message(`Raw HTML is left out of the editions: \`${excerpt}\`; write it in Markdown instead`, {
        place: node.position,
        ruleId: 'raw-html',
        source: 'imprint',
      });
    });
  };
}
