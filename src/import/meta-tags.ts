/**
 * The `<meta>` tags of a page as name → content pairs, and the attribution the general-purpose
 * ones give: Open Graph with its `article:*` properties, and plain `author`, `description`,
 * `keywords`. Names match case-insensitively; origins quote the name as the page writes it.
 */
import type { Root } from 'hast';
import { selectAll } from 'hast-util-select';
import { absoluteUrl, isWebAddress, put, splitKeywords } from './candidate.ts';
import { parseMachineDate } from './dates.ts';
import type { AttributionCandidates } from './model.ts';

/** One name a `<meta>` tag gives its content under (a tag with both `name` and `property` gives two). */
export interface MetaTag {
  /** As written: `DC.Title`, `og:title`. */
  name: string;
  content: string;
}

/** Every named `<meta>` tag with content, in document order. */
export function metaTags(tree: Root): MetaTag[] {
  return selectAll('meta', tree).flatMap((meta) => {
    const content = meta.properties.content;
    if (typeof content !== 'string' || content.trim() === '') return [];
    return [meta.properties.property, meta.properties.name].filter((name) => typeof name === 'string').map((name) => ({ name: name.trim(), content }));
  });
}

/** The tags named one of `names` (lower case), in document order. */
export function tagsNamed(tags: readonly MetaTag[], names: readonly string[]): MetaTag[] {
  return tags.filter((tag) => names.includes(tag.name.toLowerCase()));
}

/** The first tag of the first name in `names` (lower case) the page has: the names are in order of preference. */
export function preferredTag(tags: readonly MetaTag[], names: readonly string[]): MetaTag | undefined {
  return names.map((name) => tags.find((tag) => tag.name.toLowerCase() === name)).find((tag) => tag !== undefined);
}

/** Sets `field` from the preferred tag, the origin naming it: `Open Graph og:title`. */
export function putTag(found: AttributionCandidates, field: 'title' | 'description' | 'lang' | 'sourceName' | 'publisher', tag: MetaTag | undefined, family: string): void {
  if (tag) put(found, field, tag.content, `${family} ${tag.name}`);
}

/** Sets a list field from every tag given, in order, the origin naming the first. */
export function putTagList(found: AttributionCandidates, field: 'author' | 'editor' | 'keywords', tags: readonly MetaTag[], family: string, split = (content: string) => [content]): void {
  if (tags.length > 0) put(found, field, tags.flatMap((tag) => split(tag.content)), `${family} ${tags[0]!.name}`);
}

/** Sets a date field from the tag, when its content reads as a date. */
export function putDate(found: AttributionCandidates, tag: MetaTag | undefined, family: string): void {
  if (tag) put(found, 'published', parseMachineDate(tag.content), `${family} ${tag.name}`);
}

/** Sets the url field from the tag, made absolute against the page's address. */
export function putUrlTag(found: AttributionCandidates, tag: MetaTag | undefined, family: string, base: string | undefined): void {
  if (tag) put(found, 'url', absoluteUrl(tag.content, base), `${family} ${tag.name}`);
}

/** What Open Graph (`og:*`) and its article properties (`article:*`) say. */
export function openGraphAttribution(tags: readonly MetaTag[], base: string | undefined): AttributionCandidates {
  const found: AttributionCandidates = {};
  putTag(found, 'title', preferredTag(tags, ['og:title']), 'Open Graph');
  // `article:author` is a profile URL as often as a name; only a name is an author.
  putTagList(found, 'author', tagsNamed(tags, ['article:author']).filter((tag) => !isWebAddress(tag.content)), 'Open Graph');
  putDate(found, preferredTag(tags, ['article:published_time']), 'Open Graph');
  putTag(found, 'sourceName', preferredTag(tags, ['og:site_name']), 'Open Graph');
  putUrlTag(found, preferredTag(tags, ['og:url']), 'Open Graph', base);
  const locale = preferredTag(tags, ['og:locale']);
  // Open Graph writes locales as `zh_CN`; a language tag is `zh-CN`.
  if (locale) put(found, 'lang', locale.content.trim().replaceAll('_', '-'), `Open Graph ${locale.name}`);
  putTag(found, 'description', preferredTag(tags, ['og:description']), 'Open Graph');
  putTagList(found, 'keywords', tagsNamed(tags, ['article:tag']), 'Open Graph');
  return found;
}

/** What the plain `author`, `description` and `keywords` tags say. */
export function plainMetaAttribution(tags: readonly MetaTag[]): AttributionCandidates {
  const found: AttributionCandidates = {};
  const origin = (tag: MetaTag) => `<meta name="${tag.name}">`;
  const author = preferredTag(tags, ['author']);
  if (author) put(found, 'author', [author.content], origin(author));
  const description = preferredTag(tags, ['description']);
  if (description) put(found, 'description', description.content, origin(description));
  const keywords = preferredTag(tags, ['keywords']);
  if (keywords) put(found, 'keywords', splitKeywords(keywords.content), origin(keywords));
  return found;
}
