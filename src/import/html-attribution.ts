/**
 * The attribution a saved web page carries, one set of candidates per source of evidence, in the
 * order the importer trusts them (it takes the first value found for each field): schema.org
 * JSON-LD, Open Graph, Dublin Core, Highwire Press, the plain `<meta>` tags, `<link rel="canonical">`,
 * the address Chrome noted when it saved the page, the first `<time datetime>`, `<html lang>`, and last the page's visible text. Machine-readable
 * fields come first because the visible text also holds what is not the article's: the bylines of
 * comments, of advertisements, of related stories. The page is only parsed: nothing in it is run or fetched.
 */
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { absoluteUrl, put } from './candidate.ts';
import { SAVED_FROM } from './html-page.ts';
import { parseMachineDate } from './dates.ts';
import { jsonLdAttribution } from './json-ld.ts';
import { metaTags, openGraphAttribution, plainMetaAttribution } from './meta-tags.ts';
import type { AttributionCandidates } from './model.ts';
import { dublinCoreAttribution, highwireAttribution } from './scholarly-meta.ts';
import { visibleLines, visibleTextAttribution } from './visible-text.ts';

/** Where the page was saved from. */
export interface HtmlAttributionOptions {
  /** The page's address, against which relative URLs (a canonical link's) are resolved. */
  url?: string;
}

/**
 * The attribution candidates of an HTML page (already decoded to text), best first: JSON-LD,
 * Open Graph, Dublin Core, Highwire, plain meta, canonical link, saved-from address, `<time>`,
 * `<html lang>`, visible text.
 * Every source has its entry, empty when it says nothing.
 */
export function htmlAttribution(html: string | Root, options: HtmlAttributionOptions = {}): AttributionCandidates[] {
  const tree = typeof html === 'string' ? fromHtml(html) : html;
  const tags = metaTags(tree);
  return [
    jsonLdAttribution(tree, options.url),
    openGraphAttribution(tags, options.url),
    dublinCoreAttribution(tags, options.url),
    highwireAttribution(tags, options.url),
    plainMetaAttribution(tags),
    canonicalAttribution(tree, options.url),
    savedFromAttribution(tree),
    timeAttribution(tree),
    langAttribution(tree),
    visibleTextAttribution(visibleLines(tree)),
  ];
}

function canonicalAttribution(tree: Root, base: string | undefined): AttributionCandidates {
  const found: AttributionCandidates = {};
  const href = select('link[rel~="canonical"][href]', tree)?.properties.href;
  if (typeof href === 'string') put(found, 'url', absoluteUrl(href, base), '<link rel="canonical">');
  return found;
}

/** Where Chrome saved the page from (`<!-- saved from url=(0046)https://… -->` before `<html>`). */
function savedFromAttribution(tree: Root): AttributionCandidates {
  const found: AttributionCandidates = {};
  for (const node of tree.children) {
    const address = node.type === 'comment' ? SAVED_FROM.exec(node.value)?.[1] : undefined;
    if (address) put(found, 'url', absoluteUrl(address, undefined), 'the address Chrome noted when it saved the page');
  }
  return found;
}

/** The article's first `<time datetime>`, else the page's: a header or a list of latest stories may show times before the article's own. */
function timeAttribution(tree: Root): AttributionCandidates {
  const found: AttributionCandidates = {};
  const time = select('article time[datetime]', tree) ?? select('time[datetime]', tree);
  const datetime = time?.properties.dateTime;
  if (typeof datetime === 'string') put(found, 'published', parseMachineDate(datetime), '<time datetime>');
  return found;
}

function langAttribution(tree: Root): AttributionCandidates {
  const found: AttributionCandidates = {};
  const lang = select('html', tree)?.properties.lang;
  if (typeof lang === 'string') put(found, 'lang', lang, '<html lang>');
  return found;
}
