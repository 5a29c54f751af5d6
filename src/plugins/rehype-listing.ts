/**
 * rehypeListing: mdBook's `<Listing number="1-2" file-name="src/main.rs" caption="Some *text*">`
 * block (the Rust book has hundreds) as the figure mdBook's trpl-listing preprocessor makes of it:
 * the file name above the code, "Listing 1-2: Some text" as its caption, `id="listing-1-2"` so
 * that links to it land. HTML knows no `listing` element worth keeping (parse5 reads the obsolete
 * `<listing>` like `<pre>`), so without this the caption, often the only place that names the
 * listing the text refers to, would be lost.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import remarkSmartypantsFast, { IMPRINT_SMARTYPANTS } from './remark-smartypants-fast.ts';

/** The class of a listing's figure and of its file-name line, as mdBook names them. */
export const LISTING_CLASS = 'listing';
export const LISTING_FILE_CLASS = 'listing-file';

/** Captions are Markdown, with the body's typography. */
const captionProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkCjkFriendly)
  .use(remarkSmartypantsFast, IMPRINT_SMARTYPANTS)
  .use(remarkRehype)
  .freeze();

/** Turns every `listing` element into a figure with a caption. */
export default function rehypeListing() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'listing') return;
      const attribute = (name: string) => {
        const value = node.properties[name];
        return value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();
      };
      const number = attribute('number');
      const fileName = attribute('file-name') ?? attribute('fileName');
      const caption = attribute('caption');
      const label: ElementContent[] = number ? [{ type: 'text', value: `Listing ${number}${caption ? ': ' : ''}` }] : [];
      const captionContent = [...label, ...(caption ? inlineMarkdown(caption) : [])];
      node.tagName = 'figure';
      node.properties = { className: [LISTING_CLASS], ...(number ? { id: `listing-${number}` } : {}) };
      node.children = [
        ...(fileName ? [h(`p.${LISTING_FILE_CLASS}`, ['Filename: ', h('code', fileName)])] : []),
        ...node.children,
        ...(captionContent.length > 0 ? [h('figcaption', captionContent)] : []),
      ];
    });
  };
}

/** The phrasing content of a line of Markdown. */
function inlineMarkdown(markdown: string): ElementContent[] {
  const root = captionProcessor.runSync(captionProcessor.parse(markdown)) as Root;
  return root.children.flatMap((node) => (node.type === 'element' && node.tagName === 'p' ? node.children : []));
}
