/**
 * The attribution of a manuscript in the words every edition shows, so that the HTML title block,
 * the colophon, the PDF Info dictionary and the EPUB package all say the same thing.
 */
import type { ChapterMatter, FrontMatter, Source } from '../options/front-matter.ts';
import { serializeUrl } from '../conformance/uri.ts';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** One line of the colophon: a label and its value, with a link or machine-readable date where there is one. */
export interface ColophonEntry {
  label: string;
  value: string;
  href?: string;
  dateTime?: string;
  /** Shown as a quotation, verbatim. */
  verbatim?: boolean;
  note?: string;
}

/**
 * Formats an ISO 8601 date-time in the zone it was written in, not the builder's:
 * "6 May 2024, 16:40:15 (UTC+08:00)".
 */
export function formatOriginalDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day, hour, minute, second, zone] = match;
  const time = second === undefined ? `${hour}:${minute}` : `${hour}:${minute}:${second}`;
  const offset = zone === 'Z' ? 'UTC' : `UTC${zone}`;
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}, ${time} (${offset})`;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The date the text first appeared, as written in the front matter. */
export function originalDate(matter: FrontMatter): string | undefined {
  return matter.source?.published ?? matter.date;
}

/** "Rednet (Xiangchao Network)" — the publication, and its publisher when known. */
export function sourceName(source: Source): string {
  return source.publisher ? `${source.name} (${source.publisher})` : source.name;
}

/** The rights statement of this edition; a reprint never claims rights of its own. */
export function rightsStatement(matter: FrontMatter): string {
  if (matter.rights) return matter.rights;
  const source = matter.source;
  if (!source) return `© ${joinNames(matter.author)}.`;
  const holder = source.publisher ?? source.name;
  return `Reprinted from ${source.name}; all rights remain with ${holder} and the author.`;
}

/** The rights line every edition's metadata carries: the rights, then the reprint statement verbatim. */
export function rightsWithStatement(matter: FrontMatter): string {
  const statement = matter.source?.statement;
  return statement ? `${rightsStatement(matter)} ${statement}` : rightsStatement(matter);
}

/**
 * How the metadata names the source (Dublin Core `source`): its address when known, otherwise the
 * publication, publisher and original date in words.
 */
export function sourceReference(matter: FrontMatter): string | undefined {
  const source = matter.source;
  if (!source) return undefined;
  return source.url ?? `${sourceName(source)}, ${formatOriginalDate(source.published)}`;
}

/** One sentence naming where the text comes from, for descriptions and the PDF Subject. */
export function describeSource(matter: FrontMatter): string {
  const date = originalDate(matter);
  const by = `by ${joinNames(matter.author)}`;
  if (!matter.source) return date ? `${matter.title}, ${by}, ${formatOriginalDate(date)}.` : `${matter.title}, ${by}.`;
  return `${matter.title}, ${by}, first published in ${sourceName(matter.source)} on ${formatOriginalDate(matter.source.published)}.`;
}

/** The lines of the title block under the title. */
export function titleBlockLines(matter: FrontMatter): string[] {
  const lines = [`By ${joinNames(matter.author)}`];
  if (matter.editor) lines[0] += ` · Edited by ${joinNames(matter.editor)}`;
  const date = originalDate(matter);
  if (matter.source) {
    lines.push(`First published in ${sourceName(matter.source)}, ${formatOriginalDate(matter.source.published)}`);
  } else if (date) {
    lines.push(formatOriginalDate(date));
  }
  return lines;
}

/** The credit lines under a reprinted chapter's title: its own author, editor and source. */
export function chapterCreditLines(chapter: ChapterMatter): string[] {
  const lines: string[] = [];
  if (chapter.author) lines.push(`By ${joinNames(chapter.author)}${chapter.editor ? ` · Edited by ${joinNames(chapter.editor)}` : ''}`);
  else if (chapter.editor) lines.push(`Edited by ${joinNames(chapter.editor)}`);
  const source = chapter.source;
  if (source) {
    lines.push(`First published in ${sourceName(source)}, ${formatOriginalDate(source.published)}`);
  } else if (chapter.date) {
    lines.push(formatOriginalDate(chapter.date));
  }
  return lines;
}

/** A colophon entry for a chapter that carries its own attribution. */
export function chapterColophonEntry(title: string, chapter: ChapterMatter): ColophonEntry | undefined {
  const lines = chapterCreditLines(chapter);
  if (lines.length === 0) return undefined;
  const parts = [...lines];
  if (chapter.source?.url) parts.push(chapter.source.url);
  if (chapter.source?.statement) parts.push(chapter.source.statement);
  if (chapter.author_note) parts.push(chapter.author_note);
  return { label: `“${title}”`, value: parts.join('. ').replace(/\.\./g, '.') };
}

/** The colophon's entries, in reading order; entries without a value are left out, never shown empty. */
export function colophonEntries(matter: FrontMatter, imprintVersion: string): ColophonEntry[] {
  const entries: ColophonEntry[] = [];
  const source = matter.source;
  if (source) {
    entries.push({ label: 'Source', value: source.name });
    if (source.publisher) entries.push({ label: 'Publisher', value: source.publisher });
    entries.push({ label: 'First published', value: formatOriginalDate(source.published), dateTime: source.published });
    if (source.url) entries.push({ label: 'Original link', value: source.url, href: serializeUrl(source.url) ?? source.url });
  } else if (matter.date) {
    entries.push({ label: 'Date', value: formatOriginalDate(matter.date), dateTime: matter.date });
  }
  const authorEntry: ColophonEntry = { label: matter.author.length > 1 ? 'Authors' : 'Author', value: joinNames(matter.author) };
  if (matter.author_note) authorEntry.note = matter.author_note;
  entries.push(authorEntry);
  if (matter.editor) entries.push({ label: matter.editor.length > 1 ? 'Editors' : 'Editor', value: joinNames(matter.editor) });
  if (source?.statement) entries.push({ label: 'Reprint statement', value: source.statement, verbatim: true });
  entries.push({ label: 'Rights', value: rightsStatement(matter) });
  if (matter.series) entries.push({ label: 'Series', value: matter.series });
  if (matter.isbn) entries.push({ label: 'ISBN', value: matter.isbn });
  const edition = matter.edition ? `${matter.edition}. ` : '';
  entries.push({ label: 'This edition', value: `${edition}Built with Imprint ${imprintVersion}` });
  return entries;
}
