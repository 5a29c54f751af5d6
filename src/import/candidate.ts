/**
 * How the extractors of an HTML page write attribution candidates: a field is set once (within
 * one source of evidence too, the first value found wins), values are trimmed and otherwise kept
 * as written, keyword lists are split where sites separate them, and relative URLs are made
 * absolute against the page's own address.
 */
import type { AttributionCandidates } from './model.ts';

type Field = keyof AttributionCandidates;
type ValueOf<F extends Field> = NonNullable<AttributionCandidates[F]>['value'];

/** Sets `field` to `value` unless it is set already or the value is empty; strings are trimmed. */
export function put<F extends Field>(into: AttributionCandidates, field: F, value: ValueOf<F> | undefined, origin: string): void {
  if (into[field] !== undefined || value === undefined) return;
  const kept = typeof value === 'string' ? value.trim() : Array.isArray(value) ? value.map((item) => item.trim()).filter(Boolean) : value;
  if (kept === '' || (Array.isArray(kept) && kept.length === 0)) return;
  into[field] = { value: kept, origin } as AttributionCandidates[F];
}

/**
 * The first value found for each field, each with its own origin: the rule the importer merges
 * the sources by, also used within the visible text, whose lines are read in document order.
 */
export function firstFound(candidates: readonly AttributionCandidates[]): AttributionCandidates {
  const merged: AttributionCandidates = {};
  for (const candidate of candidates) {
    for (const field of Object.keys(candidate) as Field[]) {
      const found = candidate[field];
      if (found) put(merged, field, found.value as ValueOf<typeof field>, found.origin);
    }
  }
  return merged;
}

/** A keyword list as sites write one in a single field: `a, b, c`, `a; b`, `甲，乙`, `甲、乙`. */
export function splitKeywords(text: string): string[] {
  return text.split(/[,;，；、]/u).map((keyword) => keyword.trim()).filter(Boolean);
}

/** Whether a field's value is a web address rather than a name (`article:author` may be either). */
export function isWebAddress(value: string): boolean {
  return /^(?:https?:)?\/\//i.test(value.trim());
}

/**
 * `value` as an absolute web address: as written when it is one (new URL would re-encode it),
 * `https:` before a protocol-relative `//host/path`, resolved against `base` (the page's address)
 * when relative; none when it cannot be one (a relative address on a page that does not say where
 * it was), since a source URL that leads nowhere is no attribution.
 */
export function absoluteUrl(value: string, base: string | undefined): string | undefined {
  const trimmed = value.trim();
  const written = trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
  const absolute = URL.canParse(written) ? written : base !== undefined && URL.canParse(written, base) ? new URL(written, base).href : undefined;
  return absolute !== undefined && /^https?:\/\/[^/]/i.test(absolute) ? absolute : undefined;
}
