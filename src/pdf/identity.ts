/**
 * What makes two prints of the same page differ: Chromium names tagged elements after its DOM
 * node ids (`node00000075`), which shift with the order of asynchronous work such as image
 * decoding, and it writes no file identifier. Both are made to follow from the content alone.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFObject, PDFRef, PDFString } from 'pdf-lib';

const NODE_ID = /^node(\d+)$/;
/** Links back up or across the tree: following them would walk the whole document. */
const SKIPPED_KEYS = new Set(['P', 'Pg', 'Obj', 'Stm', 'ParentTree', 'RoleMap', 'ClassMap']);

/**
 * Renames the structure tree's element ids (in /ID, /Headers and the /IDTree) to `node1`, `node2`,
 * … in the order of the numbers Chromium gave them, so the same page always gives the same names.
 */
export function renumberStructureIds(document: PDFDocument): void {
  const root = document.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const places: Array<{ replace: (value: PDFString) => void; id: number }> = [];
  const visited = new Set<PDFObject>();

  const visit = (object: PDFObject | undefined, replace: (value: PDFString) => void): void => {
    const resolved = object instanceof PDFRef ? document.context.lookup(object) : object;
    if (resolved === undefined || visited.has(resolved)) return;
    if (resolved instanceof PDFString) {
      const match = NODE_ID.exec(resolved.decodeText());
      if (match) places.push({ replace, id: Number(match[1]) });
      return;
    }
    visited.add(resolved);
    if (resolved instanceof PDFDict) {
      for (const [key, value] of resolved.entries()) {
        if (!SKIPPED_KEYS.has(key.decodeText())) visit(value, (next) => resolved.set(key, next));
      }
    } else if (resolved instanceof PDFArray) {
      resolved.asArray().forEach((value, index) => visit(value, (next) => resolved.set(index, next)));
    }
  };
  visit(root, () => undefined);

  const ranks = new Map([...new Set(places.map((place) => place.id))].sort((a, b) => a - b).map((id, rank) => [id, rank + 1]));
  const width = String(ranks.size).length;
  for (const place of places) place.replace(PDFString.of(`node${String(ranks.get(place.id)).padStart(width, '0')}`));
}

/** Sets the trailer's /ID from a digest of the document's identity, as reproducible builds need. */
export function setFileIdentifier(document: PDFDocument, ...identity: Array<string | Uint8Array>): void {
  const hash = createHash('sha256');
  for (const part of identity) hash.update(part);
  const id = PDFHexString.of(hash.digest('hex').slice(0, 32));
  document.context.trailerInfo.ID = document.context.obj([id, id]);
}
