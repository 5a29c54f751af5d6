/**
 * The attribution schema.org JSON-LD gives (`<script type="application/ld+json">`): the first
 * article object of the page, looked for in document order through arrays, `@graph` and
 * `mainEntity`. Objects a graph names only by `@id` (Yoast's `"publisher": {"@id": "…#organization"}`)
 * are looked up among the page's other JSON-LD objects. A script whose JSON does not parse is skipped.
 */
import type { Element, Root } from 'hast';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { absoluteUrl, put, splitKeywords } from './candidate.ts';
import { parseMachineDate } from './dates.ts';
import type { AttributionCandidates } from './model.ts';

type JsonObject = Record<string, unknown>;
type Lookup = (value: unknown) => unknown;

const ARTICLE_TYPES = new Set(['NewsArticle', 'Article', 'BlogPosting', 'ReportageNewsArticle', 'ScholarlyArticle', 'OpinionNewsArticle']);

/** What the page's first JSON-LD article says, field by field; empty when there is none. */
export function jsonLdAttribution(tree: Root, base: string | undefined): AttributionCandidates {
  const objects = selectAll('script', tree).filter(isJsonLd).flatMap(parseScript).flatMap(objectsIn);
  const article = objects.find(isArticle);
  if (!article) return {};
  const byId = new Map(objects.filter((object) => typeof object['@id'] === 'string').map((object) => [object['@id'] as string, object]));
  const lookup: Lookup = (value) => (isObject(value) && value.name === undefined && typeof value['@id'] === 'string' ? (byId.get(value['@id']) ?? value) : value);
  const found: AttributionCandidates = {};
  put(found, 'title', text(article.headline), 'JSON-LD headline');
  // schema.org's `name` of a CreativeWork is its title too; some sites give it and no headline.
  put(found, 'title', text(article.name), 'JSON-LD name');
  put(found, 'subtitle', text(article.alternativeHeadline), 'JSON-LD alternativeHeadline');
  putPeople(found, 'author', article.author, lookup);
  putPeople(found, 'editor', article.editor, lookup);
  const published = text(article.datePublished);
  put(found, 'published', published === undefined ? undefined : parseMachineDate(published), 'JSON-LD datePublished');
  putSource(found, article, lookup);
  putUrl(found, article, base);
  put(found, 'lang', text(article.inLanguage), 'JSON-LD inLanguage');
  put(found, 'description', text(article.description), 'JSON-LD description');
  put(found, 'keywords', keywords(article.keywords), 'JSON-LD keywords');
  return found;
}

function isJsonLd(script: Element): boolean {
  return String(script.properties.type ?? '').trim().toLowerCase().startsWith('application/ld+json');
}

function parseScript(script: Element): unknown[] {
  try {
    return [JSON.parse(toString(script))];
  } catch {
    // Pages ship broken JSON-LD (a trailing comma, a template left unfilled): the other scripts still count.
    return [];
  }
}

/** Every object in `value`, in document order: the value itself, then its `@graph`, then its `mainEntity`. */
function objectsIn(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  if (!isObject(value)) return [];
  return [value, ...objectsIn(value['@graph']), ...objectsIn(value.mainEntity)];
}

function isArticle(object: JsonObject): boolean {
  return typesOf(object).some((type) => ARTICLE_TYPES.has(type));
}

/** Authors or editors: a name, a Person (or Organization) with a name, or an array of them. */
function putPeople(found: AttributionCandidates, field: 'author' | 'editor', value: unknown, lookup: Lookup): void {
  const people = (Array.isArray(value) ? value : [value]).map(lookup);
  const names = people.map((person) => (isObject(person) ? text(person.name) : text(person))).filter((name) => name !== undefined);
  put(found, field, names, people.some(isObject) ? `JSON-LD ${field}.name` : `JSON-LD ${field}`);
}

/**
 * The source is the publication the article is part of (`isPartOf.name`, as news sites with a
 * paywall write it), its publisher then being the company; without one, the publisher names the source.
 * A web page the article is part of (Yoast's `isPartOf` → `WebPage`) names the page, not the source.
 */
function putSource(found: AttributionCandidates, article: JsonObject, lookup: Lookup): void {
  const partOf = lookup(first(article.isPartOf));
  const publication = isObject(partOf) && !typesOf(partOf).some((type) => type.endsWith('Page')) ? text(partOf.name) : undefined;
  const publisher = lookup(first(article.publisher));
  const publisherName = isObject(publisher) ? text(publisher.name) : text(publisher);
  put(found, 'sourceName', publication, 'JSON-LD isPartOf.name');
  if (found.sourceName) put(found, 'publisher', publisherName, 'JSON-LD publisher.name');
  else put(found, 'sourceName', publisherName, 'JSON-LD publisher.name');
}

function putUrl(found: AttributionCandidates, article: JsonObject, base: string | undefined): void {
  const url = text(article.url);
  if (url !== undefined) put(found, 'url', absoluteUrl(url, base), 'JSON-LD url');
  const page = article.mainEntityOfPage;
  const [pageUrl, origin] = isObject(page) ? [text(page['@id']), 'JSON-LD mainEntityOfPage.@id'] : [text(page), 'JSON-LD mainEntityOfPage'];
  if (pageUrl !== undefined) put(found, 'url', absoluteUrl(pageUrl, base), origin);
}

function keywords(value: unknown): string[] | undefined {
  if (typeof value === 'string') return splitKeywords(value);
  if (Array.isArray(value)) return value.filter((keyword) => typeof keyword === 'string');
  return undefined;
}

function typesOf(object: JsonObject): string[] {
  return (Array.isArray(object['@type']) ? object['@type'] : [object['@type']]).filter((type) => typeof type === 'string');
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
