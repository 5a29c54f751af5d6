/**
 * The EPUB package document (OPF). epub-gen-memory's own template hard-codes an English
 * `xml:lang`, "All rights reserved" and the build time, and has no `dc:source` or contributor
 * roles, so Imprint hands it a template of its own whose metadata block is an xast tree.
 */
import { createHash } from 'node:crypto';
import type { Element } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';
import { describeSource, originalDate, rightsWithStatement, sourceReference } from '../attribution.ts';
import type { FrontMatter } from '../config.ts';

/**
 * The package template for epub-gen-memory (EJS, its template language). The manifest and spine
 * are the library's own; `packageMetadata` is serialized by {@link packageMetadata}.
 */
export const PACKAGE_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="BookId" xml:lang="<%= lang %>">
<%- packageMetadata %>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="toc" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="style.css" media-type="text/css"/>
<% if (cover) { %>    <item id="image_cover" href="cover.<%= cover.extension %>" media-type="<%= cover.mediaType %>" properties="cover-image"/>
<% } %><% images.forEach(function (image, index) { %>    <item id="image_<%= index %>" href="images/<%= image.id %>.<%= image.extension %>" media-type="<%= image.mediaType %>"/>
<% }) %><% content.forEach(function (chapter, index) { %>    <item id="content_<%= index %>_<%= chapter.id %>" href="<%= chapter.filename %>" media-type="application/xhtml+xml"/>
<% }) %><% fonts.forEach(function (font, index) { %>    <item id="font_<%= index %>" href="fonts/<%= font.filename %>" media-type="<%= font.mediaType %>"/>
<% }) %>  </manifest>
  <spine toc="ncx">
<% content.forEach(function (chapter, index) { if (chapter.beforeToc) { %>    <itemref idref="content_<%= index %>_<%= chapter.id %>"/>
<% } }) %>    <itemref idref="toc"/>
<% content.forEach(function (chapter, index) { if (!chapter.beforeToc) { %>    <itemref idref="content_<%= index %>_<%= chapter.id %>"/>
<% } }) %>  </spine>
</package>
`;

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

/** The `<metadata>` element of the package, serialized. */
export function packageMetadata(
  matter: FrontMatter,
  identifier: string,
  modified: Date,
  imprintVersion: string,
  content: { images: boolean },
): string {
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
  return toXml(x('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, children));
}
