/**
 * XHTML for the EPUB, serialized as XML from the same hast trees the HTML edition is made of:
 * hast-util-to-xast gives every element its namespace and every attribute a value (`hidden`
 * becomes `hidden=""`), xast-util-to-xml escapes what XML needs. An HTML serializer would write
 * HTML (`<input checked>`, `<br>`), which is not well-formed XML.
 */
import type { Element, ElementContent } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { h } from 'hastscript';
import type { Element as XastElement, Root as XastRoot, RootContent } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { visit } from 'unist-util-visit';

/** What one XHTML content document holds. */
export interface XhtmlDocument {
  lang: string;
  title: string;
  /** Extra `<head>` elements (a reprinted chapter's own metadata). */
  head?: Element[];
  body: ElementContent[];
  /** Style sheets, relative to the document. */
  styles?: string[];
}

/** The serialized document, with its XML declaration. */
export function serializeXhtml(document: XhtmlDocument): string {
  const html = h('html', { 'xmlns:epub': 'http://www.idpf.org/2007/ops', 'xml:lang': document.lang, lang: document.lang }, [
    h('head', [
      h('meta', { charset: 'UTF-8' }),
      h('title', document.title),
      ...(document.styles ?? []).map((href) => h('link', { rel: 'stylesheet', type: 'text/css', href })),
      ...(document.head ?? []),
    ]),
    h('body', document.body),
  ]);
  const root: XastRoot = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      { type: 'doctype', name: 'html' },
      toXast(html) as XastElement,
    ],
  };
  return serializeXml(root);
}

/** An XML document (package, NCX) serialized with empty elements closed. */
export function serializeXml(root: XastRoot): string {
  escapeCdataEnds(root);
  return `${toXml(root, { closeEmptyElements: true, tightClose: true, allowDangerousXml: true })}\n`;
}

/**
 * `]]>` must not appear in XML character data, and xast-util-to-xml escapes only `<` and `&`
 * in text: the `>` of each `]]>` is written as a character reference (a raw node, the one raw
 * content these documents have).
 */
function escapeCdataEnds(root: XastRoot): void {
  visit(root, 'text', (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes(']]>')) return;
    const pieces: RootContent[] = node.value.split(']]>').flatMap((piece, position) =>
      position === 0 ? [{ type: 'text', value: piece }] : [{ type: 'text', value: ']]' }, { type: 'raw', value: '&#x3E;' }, { type: 'text', value: piece }],
    );
    parent.children.splice(index, 1, ...(pieces as typeof parent.children));
    return index + pieces.length;
  });
}
