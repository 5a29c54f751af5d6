/**
 * The attribution of an imported manuscript, field by field, from the candidates the extractors
 * found: for each field the first source of evidence that has it wins, in the documented order
 * (JSON-LD, Open Graph, Dublin Core, citation_*, `<meta>`, canonical link, `<time>`, `<html lang>`,
 * the visible bylines and statements; for a text capture its title line, bylines and statements).
 * A value another source contradicts is kept, and the disagreement reported, never settled by guessing.
 */
import { firstFound } from './candidate.ts';
import { inZone } from './dates.ts';
import type { AttributionCandidates, Found, FoundDate } from './model.ts';

type Field = keyof AttributionCandidates;

/** The fields in the order the front matter and the report list them. */
export const FIELD_ORDER: readonly Field[] = [
  'title',
  'subtitle',
  'author',
  'authorNote',
  'editor',
  'lang',
  'description',
  'keywords',
  'sourceName',
  'publisher',
  'url',
  'published',
  'statement',
];

/** The merged attribution: one value a field, each with its origin, and the disagreements seen. */
export interface MergedAttribution {
  fields: AttributionCandidates;
  disagreements: string[];
}

/** The first value each field has in `candidates`, in their order. */
export function mergeCandidates(candidates: readonly AttributionCandidates[]): MergedAttribution {
  const fields = firstFound(candidates);
  const disagreements: string[] = [];
  for (const field of FIELD_ORDER) {
    const first = fields[field] as Found<unknown> | undefined;
    if (!first || field === 'published') continue;
    const other = candidates.map((candidate) => candidate[field] as Found<unknown> | undefined).find((each) => each && shown(each.value) !== shown(first.value));
    if (other) disagreements.push(`${field}: “${shown(first.value)}” (${first.origin}) is kept; ${other.origin} says “${shown(other.value)}”`);
  }
  return { fields, disagreements };
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object' && value !== null) return (value as FoundDate).text;
  return String(value);
}

/** What the front matter's `source.published` becomes, and why when it is not a full date. */
export interface PublishedDate {
  /** The value written: ISO 8601 with its offset, or (when the zone is unknown) the date as found. */
  value: string;
  complete: boolean;
  /** How the offset was found: "as written", "from --timezone Asia/Shanghai". */
  zone?: string;
  /** For an incomplete date: the comment written beside it, telling what to add. */
  fix?: string;
}

/** The published date with its offset, from the capture or from `timezone`; never guessed. */
export function publishedDate(date: FoundDate, timezone: string | undefined): PublishedDate {
  if (date.iso) return { value: date.iso, complete: true, zone: 'as written in the capture' };
  const local = date.local ?? date.text;
  if (!/T\d{2}:\d{2}/.test(local)) {
    return { value: local, complete: false, fix: 'the capture gives a date without a time: add the time and its UTC offset (e.g. T09:00:00+01:00)' };
  }
  const zoned = timezone ? inZone(date, timezone) : undefined;
  if (zoned) return { value: zoned, complete: true, zone: `from --timezone ${timezone}` };
  return { value: local, complete: false, fix: 'the capture gives no time zone: add its UTC offset (e.g. +08:00), or import again with --timezone ZONE' };
}
