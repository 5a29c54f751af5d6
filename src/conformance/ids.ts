/**
 * Sound ids across an edition. HTML and EPUB ask the same of an id: not empty, no whitespace
 * (EPUBCheck RSC-005 otherwise), and one element per id in the document; Imprint asks for one per
 * edition, because a book's chapters become one HTML page and links cross chapters. A heading of
 * emoji or punctuation gets an empty slug, two such headings `-1`; two chapters both have
 * `#introduction`. The author's ids are kept and win over generated ones (heading slugs, footnote
 * ids); every rename is recorded so that links follow it.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { safeDecode } from './uri.ts';

/** Marks an id Imprint made (a heading slug, a footnote id), which gives way to one the author wrote. */
export const GENERATED_ID = 'imprintGeneratedId';

declare module 'hast' {
  interface Data {
    /** True when the element's id was generated, not written by the author. */
    [GENERATED_ID]?: boolean;
  }
}

/** Marks the element's id as generated. */
export function markGenerated(node: Element): void {
  node.data = Object.assign(node.data ?? {}, { [GENERATED_ID]: true }) as Element['data'];
}

/** The ids of one document: what each id it was written with became. */
export type Renames = Map<string, string>;

/** An id is sound when it is not empty and has no whitespace. */
export function isSoundId(id: string): boolean {
  return id !== '' && !/\s/u.test(id);
}

/** Whitespace becomes `-`; an id with nothing left is dropped (undefined). */
function soundId(id: string): string | undefined {
  const cleaned = id.trim().replace(/\s+/gu, '-');
  return cleaned === '' ? undefined : cleaned;
}

interface Holder {
  node: Element;
  document: number;
  written: string;
  generated: boolean;
}

/**
 * Makes every id in `documents` sound and unique across all of them, `reserved` ids (the page
 * around the text) first, then the author's ids, then generated ones, each in document order.
 * Returns, per document, the final id of every id written in it (the first element that had it).
 */
export function assignIds(documents: Root[], reserved: ReadonlySet<string>): Renames[] {
  const holders: Holder[] = [];
  documents.forEach((root, document) => {
    visit(root, 'element', (node: Element) => {
      const id = node.properties.id;
      if (id === undefined || id === null) return;
      const written = String(id);
      holders.push({ node, document, written, generated: node.data?.[GENERATED_ID] === true });
    });
  });
  const taken = new Set(reserved);
  const renames: Renames[] = documents.map(() => new Map());
  const place = (holder: Holder, wanted: string) => {
    let id = wanted;
    for (let count = 1; taken.has(id); count++) id = `${wanted}-${count}`;
    taken.add(id);
    holder.node.properties.id = id;
    const map = renames[holder.document]!;
    if (!map.has(holder.written)) map.set(holder.written, id);
  };
  for (const generated of [false, true]) {
    for (const holder of holders) {
      if (holder.generated !== generated) continue;
      const wanted = soundId(holder.written) ?? (generated ? fallbackId(holder.node) : undefined);
      if (wanted === undefined) {
        delete holder.node.properties.id;
        continue;
      }
      place(holder, wanted);
    }
  }
  return renames;
}

/** An id for a generated one that came out empty (a heading of emoji): `section`, `section-1`, … */
function fallbackId(node: Element): string {
  return /^h[1-6]$/.test(node.tagName) ? 'section' : 'id';
}

/** The ids a fragment may name: as written, then percent-decoded (the order HTML looks them up). */
export function fragmentCandidates(fragment: string): string[] {
  // Broken percent-encoding decodes to itself: only the fragment as written can match.
  const decoded = safeDecode(fragment);
  return decoded === fragment ? [fragment] : [fragment, decoded];
}
