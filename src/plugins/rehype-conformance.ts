/**
 * rehypeConformance: the one pass that makes a text valid in every edition, run on the whole
 * edition just before it is rendered, so that no input can give an invalid document:
 * - characters XML forbids (and HTML's parser reports) are removed, with one warning per file;
 * - old-style `<a name>` anchors become ids;
 * - every id is sound and unique across the edition, the author's winning over generated ones;
 * - every link lands (a place in the edition, a remote address) or is unwrapped with a warning;
 * - every other address (`cite`) is a valid URL or is dropped with a warning.
 *
 * An article is an edition of one document; a book's chapters are conformed together (see
 * {@link conformEdition}), because ids must be unique and links land across chapters.
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { cleanCharacters } from '../conformance/clean-characters.ts';
import { assignIds } from '../conformance/ids.ts';
import { resolveLinks, type LinkedDocument } from '../conformance/links.ts';
import { serializeUrl } from '../conformance/uri.ts';
import { PAGE_IDS } from '../model.ts';

/** Ids of the page around the text (title page, contents, colophon): never given to the text. */
export const RESERVED_IDS: readonly string[] = Object.values(PAGE_IDS);

/** Options of {@link rehypeConformance}. */
export interface Options {
  /** Ids the page around the text uses, kept free. Default {@link RESERVED_IDS}. */
  reservedIds?: readonly string[];
}

/** Conforms one file's tree as an edition of its own. */
export default function rehypeConformance(options: Options = {}) {
  return (tree: Root, file: VFile): void => {
    conformEdition([{ root: tree, file, sourcePath: file.path ? path.resolve(file.path) : undefined }], options);
  };
}

/** Conforms the documents of one edition together, in reading order. */
export function conformEdition(documents: LinkedDocument[], options: Options = {}): void {
  const reserved = new Set(options.reservedIds ?? RESERVED_IDS);
  for (const document of documents) {
    cleanCharacters(document.root, document.file);
    namedAnchorsToIds(document.root);
  }
  const renames = assignIds(
    documents.map((document) => document.root),
    reserved,
  );
  resolveLinks(documents, renames, reserved);
  for (const document of documents) checkCitations(document.root, document.file);
}

/** `<a name="x">`, the anchor of old HTML and of many READMEs, is `<a id="x">` in HTML5. */
function namedAnchorsToIds(root: Root): void {
  visit(root, 'element', (node: Element) => {
    if (node.tagName !== 'a' || node.properties.name === undefined) return;
    if (node.properties.id === undefined || node.properties.id === null) node.properties.id = String(node.properties.name);
    delete node.properties.name;
  });
}

/** `cite` holds an address no reader follows; one that is not a valid absolute URL is dropped, with a warning. */
function checkCitations(root: Root, file: VFile): void {
  visit(root, 'element', (node: Element) => {
    const cite = node.properties.cite;
    if (cite === undefined || cite === null) return;
    const serialized = serializeUrl(String(cite));
    if (serialized !== undefined) node.properties.cite = serialized;
    else {
      delete node.properties.cite;
      file.message(`The \`cite\` address \`${String(cite)}\` is not a full web address; it is left out`, {
        place: node.position,
        ruleId: 'invalid-url',
        source: 'imprint',
      });
    }
  });
}
