/**
 * The machine-readable attribution of the HTML edition: Dublin Core `<meta>`/`<link>` elements and
 * schema.org JSON-LD, so that crawlers, citation managers and `imprint verify` can read it back.
 */
import type { Element } from 'hast';
import { h } from 'hastscript';
import { serializeUrl } from '../conformance/uri.ts';
import { describeSource, formatOriginalDate, originalDate, rightsStatement, rightsWithStatement, sourceName, sourceReference } from './wording.ts';
import type { ChapterMatter, FrontMatter } from '../options/front-matter.ts';

/** The `<head>` children that describe the text and its source. */
export function metadataElements(matter: FrontMatter, imprintVersion: string): Element[] {
  const meta = (name: string, content: string) => h('meta', { name, content });
  const source = matter.source;
  const date = originalDate(matter);
  return [
    h('link', { rel: 'schema.dcterms', href: 'http://purl.org/dc/terms/' }),
    meta('description', matter.description ?? describeSource(matter)),
    ...matter.author.map((author) => meta('author', author)),
    meta('generator', `Imprint ${imprintVersion}`),
    meta('dcterms.title', matter.title),
    ...matter.author.map((author) => meta('dcterms.creator', author)),
    ...(matter.editor ?? []).map((editor) => meta('dcterms.contributor', `${editor} (editor)`)),
    meta('dcterms.language', matter.lang),
    ...(date ? [meta('dcterms.created', date)] : []),
    ...(source ? [meta('dcterms.source', sourceReference(matter)!)] : []),
    // The same publisher the EPUB and PDF name: the publication itself when no publisher is given.
    ...(source ? [meta('dcterms.publisher', source.publisher ?? source.name)] : []),
    meta('dcterms.rights', rightsWithStatement(matter)),
    ...(matter.keywords?.length ? [meta('keywords', matter.keywords.join(', '))] : []),
    ...(source?.url ? [h('link', { rel: 'canonical', href: serializeUrl(source.url) ?? source.url })] : []),
    h('script', { type: 'application/ld+json' }, jsonLd(matter)),
  ];
}

function jsonLd(matter: FrontMatter): string {
  const person = (name: string) => ({ '@type': 'Person', name });
  const source = matter.source;
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: matter.title,
    ...(matter.subtitle ? { alternativeHeadline: matter.subtitle } : {}),
    inLanguage: matter.lang,
    author: matter.author.map((name, index) =>
      index === 0 && matter.author_note ? { ...person(name), description: matter.author_note } : person(name),
    ),
    ...(matter.editor ? { editor: matter.editor.map(person) } : {}),
    ...(originalDate(matter) ? { datePublished: originalDate(matter) } : {}),
    ...(matter.keywords ? { keywords: matter.keywords } : {}),
    copyrightNotice: rightsStatement(matter),
    ...(source
      ? {
          isBasedOn: {
            '@type': 'CreativeWork',
            name: source.name,
            datePublished: source.published,
            ...(source.url ? { url: source.url } : {}),
            ...(source.publisher ? { publisher: { '@type': 'Organization', name: source.publisher } } : {}),
            ...(source.statement ? { usageInfo: source.statement } : {}),
          },
          sourceOrganization: { '@type': 'Organization', name: source.name },
        }
      : {}),
  };
  // A script element's text is not escaped by the HTML serializer: `<` must not open a tag.
  return JSON.stringify(data, null, 2).replace(/</g, '\\u003c');
}

/** The metadata of a reprinted chapter's own document (EPUB): its author, editor and source. */
export function chapterMetadataElements(chapter: ChapterMatter): Element[] {
  const meta = (name: string, content: string) => h('meta', { name, content });
  const source = chapter.source;
  return [
    ...(chapter.author ?? []).flatMap((author) => [meta('author', author), meta('dcterms.creator', author)]),
    ...(chapter.editor ?? []).map((editor) => meta('dcterms.contributor', `${editor} (editor)`)),
    ...(source ? [meta('dcterms.source', source.url ?? `${sourceName(source)}, ${formatOriginalDate(source.published)}`)] : []),
    ...(source ? [meta('dcterms.created', source.published)] : chapter.date ? [meta('dcterms.created', chapter.date)] : []),
    ...(source?.statement ? [meta('dcterms.rights', source.statement)] : []),
  ];
}
