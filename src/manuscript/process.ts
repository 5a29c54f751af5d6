/**
 * The one unified chain every manuscript goes through: Markdown (with front matter) to the hast
 * tree of its body. The editions are rendered from that tree, so they all carry the same text.
 */
import type { ElementContent, Root as HastRoot } from 'hast';
import rehypeSanitize from 'rehype-sanitize';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import remarkFrontMatterCheck from '../plugins/remark-front-matter-check.ts';
import rehypeContentModel from '../plugins/rehype-content-model.ts';
import rehypeCrossref from '../plugins/rehype-crossref.ts';
import rehypeFigure from '../plugins/rehype-figure.ts';
import rehypeHeadingIds from '../plugins/rehype-heading-ids.ts';
import rehypeImages from '../plugins/rehype-images.ts';
import rehypeHighlight from '../plugins/rehype-highlight.ts';
import rehypeInlineSvg from '../plugins/rehype-inline-svg.ts';
import rehypeListing from '../plugins/rehype-listing.ts';
import rehypeMath from '../plugins/rehype-math.ts';
import rehypeObsoleteElements from '../plugins/rehype-obsolete-elements.ts';
import rehypeRawIfPresent from '../plugins/rehype-raw-if-present.ts';
import rehypeSanitizeReport from '../plugins/rehype-sanitize-report.ts';
import remarkSmartypantsFast, { IMPRINT_SMARTYPANTS } from '../plugins/remark-smartypants-fast.ts';
import rehypePrintUrls from '../plugins/rehype-print-urls.ts';
import rehypeTableAlign from '../plugins/rehype-table-align.ts';
import { SANITIZE_SCHEMA } from './sanitize-schema.ts';

/** How a manuscript is processed. */
export interface ProcessOptions {
  /** Keep remote images (they are fetched while building). Default false. */
  allowRemote?: boolean;
  /** `article` (default): front matter required. `chapter`: a book chapter, front matter optional. */
  role?: 'article' | 'chapter';
  /** Colour code blocks by their language. Default true. */
  highlight?: boolean;
}

function createProcessor(allowRemote: boolean, role: 'article' | 'chapter', highlight: boolean) {
  return (
    unified()
      .use(remarkParse)
      .use(remarkFrontmatter, ['yaml'])
      .use(remarkFrontMatterCheck, { role })
      .use(remarkGfm)
      .use(remarkMath)
      // CommonMark's emphasis rules fail next to CJK punctuation (`**注意：**本讲义` stays literal).
      .use(remarkCjkFriendly)
      // Old-school dashes: `--` is an en dash and `---` an em dash, as typists expect.
      .use(remarkSmartypantsFast, IMPRINT_SMARTYPANTS)
      .use(remarkRehype, { allowDangerousHtml: true })
      // Raw HTML is parsed as a browser would (unclosed tags closed, entities decoded), then
      // cut down to what is safe and valid in every edition.
      .use(rehypeRawIfPresent)
      .use(rehypeListing)
      .use(rehypeObsoleteElements)
      .use(rehypeInlineSvg)
      .use(rehypeSanitizeReport, { schema: SANITIZE_SCHEMA })
      .use(rehypeSanitize, SANITIZE_SCHEMA)
      // After the sanitizer, which would strip the token classes and the SVG; formulas before
      // code, as remark-math hands them over as `code.language-math`.
      .use(rehypeMath)
      .use(rehypeHighlight, { highlight })
      // Labels before rehype-figure: `![caption](a.png){#fig:a}` is an image alone once its label is read.
      .use(rehypeCrossref)
      .use(rehypeContentModel)
      .use(rehypeTableAlign)
      .use(rehypeFigure)
      .use(rehypeHeadingIds)
      .use(rehypeImages, { allowRemote })
      .use(rehypePrintUrls)
      .freeze()
  );
}

const processors = new Map<string, ReturnType<typeof createProcessor>>();

/**
 * Parses and transforms one manuscript into the nodes of its body. Problems land on
 * `file.messages`; the valid front matter on `file.data.matter`, its images on `file.data.images`.
 * The body is not yet conformed: that is done for the whole edition (see rehype-conformance).
 */
export async function processManuscript(file: VFile, options: ProcessOptions = {}): Promise<ElementContent[]> {
  const allowRemote = options.allowRemote === true;
  const role = options.role ?? 'article';
  const highlight = options.highlight !== false;
  const key = `${allowRemote}:${role}:${highlight}`;
  let processor = processors.get(key);
  if (!processor) {
    processor = createProcessor(allowRemote, role, highlight);
    processors.set(key, processor);
  }
  const tree: HastRoot = await processor.run(processor.parse(file), file);
  return tree.children.filter((node): node is ElementContent => node.type !== 'doctype');
}
