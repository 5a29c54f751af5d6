/**
 * The attribution a file carries in its own metadata, read back the way any other tool would
 * read it: PDF Info and XMP, the EPUB package document, the HTML `<meta>` elements. `imprint
 * verify` compares it with the manifest, so a file whose attribution was stripped or altered is
 * caught even when its checksum in the manifest was rewritten too.
 */
import { readFile } from 'node:fs/promises';
import type { Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import JSZip from 'jszip';
import { PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import type { Element as XastElement, Root as XastRoot } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { joinNames, rightsWithStatement, sourceReference } from '../attribution/wording.ts';
import type { FrontMatter } from '../options/front-matter.ts';

/** Attribution fields, each as a file states it. */
export interface CarriedAttribution {
  title?: string;
  authors?: string[];
  editors?: string[];
  source?: string;
  publisher?: string;
  date?: string;
  rights?: string;
}

/** The fields a kind of file must carry, in the order they are reported. */
export const CARRIED_FIELDS: Record<'pdf' | 'booklet' | 'epub' | 'html', Array<keyof CarriedAttribution>> = {
  pdf: ['title', 'authors', 'editors', 'source', 'publisher', 'date', 'rights'],
  // The booklet is an imposition: it keeps the Info dictionary, not the XMP packet.
  booklet: ['title', 'authors'],
  epub: ['title', 'authors', 'editors', 'source', 'publisher', 'date', 'rights'],
  html: ['title', 'authors', 'editors', 'source', 'publisher', 'date', 'rights'],
};

/** What every edition of a manuscript should carry, from its front matter. */
export function expectedAttribution(matter: FrontMatter): CarriedAttribution {
  const source = matter.source;
  return {
    title: matter.title,
    authors: matter.author,
    editors: matter.editor ?? [],
    ...(source ? { source: sourceReference(matter)!, publisher: source.publisher ?? source.name } : {}),
    ...((source?.published ?? matter.date) ? { date: source?.published ?? matter.date } : {}),
    rights: rightsWithStatement(matter),
  };
}

/** Reads the attribution a PDF carries: Info for title and author, XMP for the rest. */
export async function pdfAttribution(file: string): Promise<CarriedAttribution> {
  const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const carried: CarriedAttribution = {};
  const title = document.getTitle();
  const author = document.getAuthor();
  if (title) carried.title = title;
  if (author) carried.authors = [author];
  const xmp = xmpPacket(document);
  if (!xmp) return carried;
  const description = findAll(fromXml(xmp), 'rdf:Description')[0];
  if (!description) return carried;
  const items = (name: string) => findAll(description, name).flatMap((element) => findAll(element, 'rdf:li').map(textOf));
  const creators = items('dc:creator');
  // The Info Author joins the names; XMP keeps them apart.
  if (creators.length > 0 && (!author || author === joinNames(creators))) carried.authors = creators;
  carried.editors = items('dc:contributor').map((name) => name.replace(/ \(editor\)$/, ''));
  setText(carried, 'source', findAll(description, 'dc:source')[0]);
  const publisher = items('dc:publisher')[0];
  if (publisher) carried.publisher = publisher;
  const date = items('dc:date')[0];
  if (date) carried.date = date;
  const rights = items('dc:rights')[0];
  if (rights) carried.rights = rights;
  return carried;
}

function xmpPacket(document: PDFDocument): string | undefined {
  const stream = document.catalog.lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filtered = stream.dict.get(PDFName.of('Filter')) !== undefined;
  const bytes = filtered ? decodePDFRawStream(stream).decode() : stream.contents;
  return new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
}

/** Reads the attribution an EPUB's package document carries. */
export async function epubAttribution(file: string): Promise<CarriedAttribution> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const container = await zip.file('META-INF/container.xml')?.async('string');
  const opfPath = container ? findAll(fromXml(container), 'rootfile')[0]?.attributes['full-path'] : undefined;
  const opf = opfPath ? await zip.file(opfPath)?.async('string') : undefined;
  if (!opf) return {};
  const metadata = findAll(fromXml(opf), 'metadata')[0];
  if (!metadata) return {};
  const roles = new Map(
    findAll(metadata, 'meta')
      .filter((meta) => meta.attributes.property === 'role' && meta.attributes.refines)
      .map((meta) => [meta.attributes.refines!.slice(1), textOf(meta)]),
  );
  const titles = findAll(metadata, 'dc:title');
  const main = titles.find((title) => title.attributes.id === 'title') ?? titles[0];
  const carried: CarriedAttribution = {
    authors: findAll(metadata, 'dc:creator').map(textOf),
    editors: findAll(metadata, 'dc:contributor')
      .filter((contributor) => roles.get(contributor.attributes.id ?? '') === 'edt')
      .map(textOf),
  };
  setText(carried, 'title', main);
  setText(carried, 'source', findAll(metadata, 'dc:source')[0]);
  setText(carried, 'publisher', findAll(metadata, 'dc:publisher')[0]);
  setText(carried, 'date', findAll(metadata, 'dc:date')[0]);
  setText(carried, 'rights', findAll(metadata, 'dc:rights')[0]);
  return carried;
}

/** Reads the attribution an HTML page's Dublin Core `<meta>` elements carry. */
export async function htmlAttribution(file: string): Promise<CarriedAttribution> {
  const tree: HastRoot = fromHtml(await readFile(file, 'utf8'));
  const values = (name: string) =>
    selectAll(`meta[name="${name}"]`, tree)
      .map((meta) => meta.properties.content)
      .filter((content): content is string => typeof content === 'string');
  const carried: CarriedAttribution = {
    authors: values('dcterms.creator'),
    editors: values('dcterms.contributor').map((name) => name.replace(/ \(editor\)$/, '')),
  };
  const first = (name: string, field: keyof Omit<CarriedAttribution, 'authors' | 'editors'>) => {
    const value = values(name)[0];
    if (value !== undefined) carried[field] = value;
  };
  first('dcterms.title', 'title');
  first('dcterms.source', 'source');
  first('dcterms.publisher', 'publisher');
  first('dcterms.created', 'date');
  first('dcterms.rights', 'rights');
  return carried;
}

function findAll(node: XastRoot | XastElement, name: string): XastElement[] {
  const found: XastElement[] = [];
  const walk = (current: XastRoot | XastElement) => {
    for (const child of current.children) {
      if (child.type !== 'element') continue;
      if (child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(node);
  return found;
}

function textOf(node: XastElement): string {
  return node.children
    .map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : ''))
    .join('')
    .trim();
}

function setText(carried: CarriedAttribution, field: 'title' | 'source' | 'publisher' | 'date' | 'rights', node: XastElement | undefined) {
  if (node) carried[field] = textOf(node);
}
