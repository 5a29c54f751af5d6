/**
 * The one unified chain every manuscript goes through: Markdown (with front matter) to the hast
 * tree of its body. The editions are rendered from that tree, so they all carry the same text.
 */
import type { ElementContent, Root as HastRoot } from 'hast';
import rehypeSlug from 'rehype-slug';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkRehype from 'remark-rehype';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import remarkFrontMatterCheck from './plugins/remark-front-matter-check.ts';
import remarkRawHtmlNotice from './plugins/remark-raw-html-notice.ts';
import rehypeHyphenate from './plugins/rehype-hyphenate.ts';
import rehypePrintUrls from './plugins/rehype-print-urls.ts';

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkFrontMatterCheck)
  .use(remarkGfm)
  // CommonMark's emphasis rules fail next to CJK punctuation (`**注意：**本讲义` stays literal).
  .use(remarkCjkFriendly)
  .use(remarkRawHtmlNotice)
  // Old-school dashes: `--` is an en dash and `---` an em dash, as typists expect.
  .use(remarkSmartypants, { dashes: 'oldschool' })
  .use(remarkRehype)
  .use(rehypeSlug)
  .use(rehypePrintUrls)
  .use(rehypeHyphenate)
  .freeze();

/**
 * Parses and transforms one manuscript into the nodes of its body. Problems land on
 * `file.messages`; the valid front matter on `file.data.matter`.
 */
export async function processManuscript(file: VFile): Promise<ElementContent[]> {
  const tree: HastRoot = await processor.run(processor.parse(file), file);
  return tree.children.filter((node): node is ElementContent => node.type !== 'doctype');
}

