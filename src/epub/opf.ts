/**
 * The EPUB package document (OPF): the attribution as Dublin Core and EPUB 3 metadata (with
 * `dc:source`, contributor roles, the original date and the reprint statement), the manifest
 * of every file and the spine, as an xast tree.
 */
import { createHash } from 'node:crypto';
import type { Element, Root } from 'xast';
import { x } from 'xastscript';
import { describeSource, originalDate, rightsWithStatement, sourceReference } from '../attribution/wording.ts';
import type { FrontMatter } from '../options/front-matter.ts';

/**
 * A stable identifier for the edition: the same attribution (title, authors, source, date) and the
 * same text always give the same `urn:uuid:` (name-based, version 5 layout), so rebuilding an
 * edition does not make a "new book", while a changed text does.
 */
export function bookIdentifier(matter: FrontMatter, contentDigest: string): string {
  const name = [matter.title, ...matter.author, matter.source?.name ?? '', originalDate(matter) ?? '', contentDigest].join('\n');
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One file of the package. */
export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  /** EPUB 3 item properties: `nav`, `cover-image`, `svg`. */
  properties?: string[];
  /** Part of the reading order, in this order. */
  spine?: boolean;
}

/** The package document: metadata, manifest and spine (the items marked `spine`, in order). */
export function packageDocument(metadata: Element, items: ManifestItem[], lang: string): Root {
  return {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      x('package', { xmlns: 'http://www.idpf.org/2007/opf', version: '3.0', 'unique-identifier': 'BookId', 'xml:lang': lang }, [
        metadata,
        x(
          'manifest',
          items.map((item) =>
            x('item', { id: item.id, href: item.href, 'media-type': item.mediaType, ...(item.properties?.length ? { properties: item.properties.join(' ') } : {}) }),
          ),
        ),
        x(
          'spine',
          { toc: 'ncx' },
          items.filter((item) => item.spine).map((item) => x('itemref', { idref: item.id })),
        ),
      ]),
    ],
  };
}

/** The `<metadata>` element of the package. */
export function packageMetadata(
  matter: FrontMatter,
  identifier: string,
  modified: Date,
  imprintVersion: string,
  content: { images: boolean },
): Element {
  const meta = (property: string, value: string, attributes: Record<string, string> = {}) =>
    x('meta', { property, ...attributes }, value);
  const role = (id: string, code: string) => meta('role', code, { refines: `#${id}`, scheme: 'marc:relators' });
  const source = matter.source;
  const date = originalDate(matter);

  const children: Element[] = [
    x('dc:identifier', { id: 'BookId' }, identifier),
    ...(matter.isbn ? [x('dc:identifier', { id: 'isbn' }, `urn:isbn:${matter.isbn.replace(/[-\s]/g, '')}`)] : []),
    x('dc:title', { id: 'title' }, matter.title),
    meta('title-type', 'main', { refines: '#title' }),
    ...(matter.subtitle
      ? [x('dc:title', { id: 'subtitle' }, matter.subtitle), meta('title-type', 'subtitle', { refines: '#subtitle' })]
      : []),
    ...matter.author.flatMap((author, index) => [
      x('dc:creator', { id: `author-${index + 1}` }, author),
      role(`author-${index + 1}`, 'aut'),
    ]),
    ...(matter.editor ?? []).flatMap((editor, index) => [
      x('dc:contributor', { id: `editor-${index + 1}` }, editor),
      role(`editor-${index + 1}`, 'edt'),
    ]),
    x('dc:contributor', { id: 'producer' }, `Imprint ${imprintVersion}`),
    role('producer', 'bkp'),
    ...(source ? [x('dc:publisher', source.publisher ?? source.name)] : []),
    ...(source ? [x('dc:source', sourceReference(matter)!)] : []),
    ...(date ? [x('dc:date', date)] : []),
    x('dc:language', matter.lang),
    x('dc:rights', rightsWithStatement(matter)),
    x('dc:description', matter.description ?? describeSource(matter)),
    ...(matter.keywords ?? []).map((keyword) => x('dc:subject', keyword)),
    ...(matter.series
      ? [meta('belongs-to-collection', matter.series, { id: 'series' }), meta('collection-type', 'series', { refines: '#series' })]
      : []),
    meta('dcterms:modified', modified.toISOString().replace(/\.\d{3}Z$/, 'Z')),
    meta('schema:accessMode', 'textual'),
    meta('schema:accessModeSufficient', 'textual'),
    meta('schema:accessibilityFeature', 'structuralNavigation'),
    meta('schema:accessibilityFeature', 'tableOfContents'),
    meta('schema:accessibilityFeature', 'readingOrder'),
    // Every image has alt text or was reported at build time.
    ...(content.images ? [meta('schema:accessibilityFeature', 'alternativeText')] : []),
    meta('schema:accessibilityHazard', 'none'),
    meta(
      'schema:accessibilitySummary',
      'Reflowable text with a navigation document; the reading order follows the manuscript.',
    ),
    x('meta', { name: 'generator', content: `Imprint ${imprintVersion}` }),
  ];
  return x('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, children);
}
