/**
 * The attribution inside the PDF file: the document Info dictionary, which most viewers show, and
 * an XMP packet (Dublin Core and the XMP basics), which archives and asset managers read. Chromium
 * writes neither beyond the title.
 */
import { PDFDocument, PDFName } from 'pdf-lib';
import type { Element } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';
import { describeSource, joinNames, originalDate, rightsWithStatement, sourceReference } from '../attribution/wording.ts';
import type { FrontMatter } from '../options/front-matter.ts';

/** What the metadata says besides the front matter. */
export interface PdfMetadataContext {
  imprintVersion: string;
  /** The build date: CreationDate, ModDate and the XMP dates. */
  buildDate: Date;
  /** Declare PDF/A-2b conformance in the XMP (`pdfaid`). */
  pdfa?: boolean;
}

/** The PDF Subject: the subtitle, then where the text comes from. */
export function pdfSubject(matter: FrontMatter): string {
  return matter.subtitle ? `${matter.subtitle}. ${describeSource(matter)}` : describeSource(matter);
}

/** Writes the Info dictionary and the XMP packet into the document. */
export function writePdfMetadata(document: PDFDocument, matter: FrontMatter, context: PdfMetadataContext): void {
  const creator = `Imprint ${context.imprintVersion}`;
  const producer = `${creator} (Chromium, pdf-lib)`;
  document.setTitle(matter.title, { showInWindowTitleBar: true });
  document.setAuthor(joinNames(matter.author));
  document.setSubject(pdfSubject(matter));
  // pdf-lib joins keywords with spaces, which runs multi-word keywords together.
  document.setKeywords(matter.keywords ? [matter.keywords.join(', ')] : []);
  document.setCreator(creator);
  document.setProducer(producer);
  document.setLanguage(matter.lang);
  document.setCreationDate(context.buildDate);
  document.setModificationDate(context.buildDate);

  const packet = xmpPacket(matter, { ...context, creator, producer });
  // Uncompressed, as XMP readers that scan files for packets expect.
  const stream = document.context.stream(new TextEncoder().encode(packet), { Type: 'Metadata', Subtype: 'XML' });
  document.catalog.set(PDFName.of('Metadata'), document.context.register(stream));
}

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const NAMESPACES = {
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/',
  'xmlns:pdf': 'http://ns.adobe.com/pdf/1.3/',
  'xmlns:xmpRights': 'http://ns.adobe.com/xap/1.0/rights/',
  'xmlns:pdfaid': 'http://www.aiim.org/pdfa/ns/id/',
};

/** The XMP packet as text: an xast tree, serialized. */
export function xmpPacket(
  matter: FrontMatter,
  context: PdfMetadataContext & { creator: string; producer: string },
): string {
  // Lists are passed as arrays: xastscript would read a lone element argument as attributes.
  const alt = (value: string) => [x('rdf:Alt', [x('rdf:li', { 'xml:lang': 'x-default' }, value)])];
  const seq = (values: string[]) => [x('rdf:Seq', values.map((value) => x('rdf:li', value)))];
  const bag = (values: string[]) => [x('rdf:Bag', values.map((value) => x('rdf:li', value)))];
  const date = context.buildDate.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const source = matter.source;
  const original = originalDate(matter);

  const properties: Element[] = [
    x('dc:format', 'application/pdf'),
    x('dc:title', alt(matter.title)),
    x('dc:creator', seq(matter.author)),
    x('dc:description', alt(pdfSubject(matter))),
    x('dc:rights', alt(rightsWithStatement(matter))),
    x('dc:language', bag([matter.lang])),
    ...(matter.editor ? [x('dc:contributor', bag(matter.editor.map((editor) => `${editor} (editor)`)))] : []),
    ...(source ? [x('dc:source', sourceReference(matter)!)] : []),
    ...(source ? [x('dc:publisher', bag([source.publisher ?? source.name]))] : []),
    ...(original ? [x('dc:date', seq([original]))] : []),
    ...(matter.keywords?.length ? [x('dc:subject', bag(matter.keywords))] : []),
    x('xmp:CreatorTool', context.creator),
    x('xmp:CreateDate', date),
    x('xmp:ModifyDate', date),
    x('xmp:MetadataDate', date),
    x('pdf:Producer', context.producer),
    ...(matter.keywords?.length ? [x('pdf:Keywords', matter.keywords.join(', '))] : []),
    x('xmpRights:Marked', source ? 'True' : 'False'),
    ...(context.pdfa ? [x('pdfaid:part', '2'), x('pdfaid:conformance', 'B')] : []),
  ];

  const tree = {
    type: 'root' as const,
    children: [
      { type: 'instruction' as const, name: 'xpacket', value: 'begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"' },
      x('x:xmpmeta', { 'xmlns:x': 'adobe:ns:meta/' }, [
        x('rdf:RDF', { 'xmlns:rdf': RDF }, [x('rdf:Description', { 'rdf:about': '', ...NAMESPACES }, properties)]),
      ]),
      { type: 'instruction' as const, name: 'xpacket', value: 'end="w"' },
    ],
  };
  return toXml(tree);
}
