/**
 * rehypeHeadingIds: GitHub's heading slugs (github-slugger, as rehype-slug makes them), so that
 * links written for GitHub or mdBook (`other.md#getting-started`) land. Unlike rehype-slug it
 * marks the ids it makes, and the footnote ids remark-rehype made, as generated: where one meets
 * an id the author wrote, the author's is kept and the generated one gives way.
 */
import GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { markGenerated } from '../conformance/ids.ts';

/** Gives headings without an id their slug, and marks every generated id. */
export default function rehypeHeadingIds() {
  return (tree: Root): void => {
    const slugger = new GithubSlugger();
    visit(tree, 'element', (node: Element) => {
      if (node.properties.id !== undefined && node.properties.id !== null) {
        if (isFootnoteMarkup(node)) markGenerated(node);
        return;
      }
      if (headingRank(node) === undefined) return;
      node.properties.id = slugger.slug(toString(node));
      markGenerated(node);
    });
  };
}

/** The label, references and notes of GFM footnotes, whose ids remark-rehype made. */
function isFootnoteMarkup(node: Element): boolean {
  if (node.properties.dataFootnoteRef !== undefined || node.properties.dataFootnoteBackref !== undefined) return true;
  const id = String(node.properties.id);
  return id === 'footnote-label' || (node.tagName === 'li' && id.startsWith('user-content-fn-'));
}
