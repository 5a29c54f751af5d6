/**
 * `imprint import`: web captures made into manuscripts ready for `imprint build`, each `DIR/SLUG.md`
 * with its images in `DIR/SLUG/`, and a report of every attribution field and where it came from.
 * A capture that cannot be imported is reported and nothing of it is written; the others still are.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomically } from '../archive/write.ts';
import { OptionsError } from '../options/errors.ts';
import { listCaptures, readCapture, type Capture } from './capture.ts';
import { isTimeZone } from './dates.ts';
import { FIELD_ORDER, mergeCandidates } from './fields.ts';
import { manuscriptText } from './front-matter.ts';
import type { Dropped, ExtractedArticle, Found } from './model.ts';
import { ImportProblem } from './problems.ts';
import { manuscriptSlug } from './slug.ts';
import { withoutRepeatedFields, type CarriedField } from './repeated-fields.ts';
import { extractTextCapture } from './text-capture.ts';

/** Options of {@link importCaptures}. */
export interface ImportOptions {
  /** Where the manuscripts are written. Default `manuscripts`. */
  outDir?: string;
  /** The IANA zone of dates the captures give without one (`Asia/Shanghai`). Default: none, and such a date is left for the author to complete. */
  timezone?: string;
  /** Fetch the remote images of a page. Default false: they become their alt text. */
  allowRemote?: boolean;
  /** Report what would be written, and write nothing. */
  dryRun?: boolean;
}

/** One attribution field of an imported manuscript, and where it came from. */
export interface ImportedField {
  field: string;
  value: string;
  origin: string;
}

/** What importing one capture did. */
export interface ImportReport {
  source: string;
  ok: boolean;
  /** Why it could not be imported (nothing of it was written). */
  problem?: string;
  /** The manuscript written (or, with dryRun, that would be). */
  manuscript?: string;
  fields: ImportedField[];
  /** Fields the build will refuse until someone writes them (a placeholder, a date without its zone). */
  incomplete: string[];
  dropped: Dropped[];
  warnings: string[];
  disagreements: string[];
  /** The manuscript's text, with dryRun. */
  text?: string;
}

/** How the report and the front matter name each field. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  authorNote: 'author_note',
  sourceName: 'source.name',
  publisher: 'source.publisher',
  url: 'source.url',
  published: 'source.published',
  statement: 'source.statement',
};

/** Imports every capture the sources name. */
export async function importCaptures(sources: readonly string[], options: ImportOptions = {}): Promise<ImportReport[]> {
  if (options.timezone !== undefined && !isTimeZone(options.timezone)) {
    throw new OptionsError(`Unknown time zone "${options.timezone}": give an IANA name, such as Asia/Shanghai or Europe/Berlin`);
  }
  const reports: ImportReport[] = [];
  const taken = new Set<string>();
  for (const source of sources) {
    let captures: string[];
    try {
      captures = await listCaptures(source);
    } catch (error) {
      reports.push(failed(source, error));
      continue;
    }
    for (const capture of captures) reports.push(await importOne(capture, options, taken).catch((error: unknown) => failed(capture, error)));
  }
  return reports;
}

function failed(source: string, error: unknown): ImportReport {
  if (!(error instanceof ImportProblem)) throw error;
  return { source, ok: false, problem: error.message, fields: [], incomplete: [], dropped: [], warnings: [], disagreements: [] };
}

async function importOne(source: string, options: ImportOptions, taken: Set<string>): Promise<ImportReport> {
  const capture = await readCapture(source);
  const { article, slug } = await extract(capture, options, taken);
  const merged = mergeCandidates(article.candidates);
  const body = withoutRepeatedFields(article.markdown, carriedFields(merged.fields), merged.fields.author?.value ?? []);
  const manuscript = manuscriptText(merged, body.markdown, { file: capture.name, sha256: capture.sha256 }, options.timezone);
  const file = path.join(options.outDir ?? 'manuscripts', `${slug}.md`);
  const fields = FIELD_ORDER.flatMap((field) => {
    const found = merged.fields[field] as Found<unknown> | undefined;
    if (!found) return [];
    const value = field === 'published' ? manuscript.published!.value : Array.isArray(found.value) ? found.value.join('; ') : String(found.value);
    const zone = field === 'published' && manuscript.published?.zone ? `; zone ${manuscript.published.zone}` : '';
    return [{ field: FIELD_NAMES[field] ?? field, value, origin: `${found.origin}${zone}` }];
  });
  const incomplete = [
    ...(['title', 'author', 'sourceName', 'published'] as const).filter((field) => !merged.fields[field]).map((field) => `${FIELD_NAMES[field] ?? field}: not in the capture`),
    ...(manuscript.published && !manuscript.published.complete ? [`source.published: ${manuscript.published.fix}`] : []),
  ];
  if (!options.dryRun) await write(file, manuscript.text, article);
  return {
    source,
    ok: true,
    manuscript: file,
    fields,
    incomplete,
    dropped: [...article.dropped, ...body.dropped],
    warnings: [...capture.warnings, ...article.warnings],
    disagreements: merged.disagreements,
    ...(options.dryRun ? { text: manuscript.text } : {}),
  };
}

/** The fields the title block or colophon shows, which a page may also print as a paragraph. */
function carriedFields(fields: ReturnType<typeof mergeCandidates>['fields']): CarriedField[] {
  return [
    ...(fields.authorNote ? [{ value: fields.authorNote.value, field: 'author_note' }] : []),
    ...(fields.statement ? [{ value: fields.statement.value, field: 'source.statement' }] : []),
  ];
}

/**
 * The article of a capture, and the slug it is written under: from its title (for a page, the
 * title its metadata gives, as the images are named before the article is read), else its file name.
 */
async function extract(capture: Capture, options: ImportOptions, taken: Set<string>): Promise<{ article: ExtractedArticle; slug: string }> {
  if (capture.kind === 'text') {
    const article = extractTextCapture(capture.text);
    return { article, slug: manuscriptSlug(article.candidates.find((each) => each.title)?.title?.value, capture.name, taken) };
  }
  const address = 'url' in capture.location ? capture.location.url : undefined;
  // Loaded when a page is imported: the HTML readers (linkedom, Readability) would otherwise load
  // with the library, at every start of the CLI (about 0.4 s).
  const [{ fromHtml }, { htmlAttribution }, { extractHtmlArticle }] = await Promise.all([
    import('hast-util-from-html'),
    import('./html-attribution.ts'),
    import('./html-article.ts'),
  ]);
  // Parsed once: the attribution reads the tree, then the article is found in it.
  const tree = fromHtml(capture.text);
  const metadata = htmlAttribution(tree, address ? { url: address } : {});
  const slug = manuscriptSlug(metadata.find((each) => each.title)?.title?.value, capture.name, taken);
  const article = await extractHtmlArticle(tree, { location: capture.location, slug, allowRemote: options.allowRemote === true });
  // The address the page was fetched from, when it names none of its own, is where it was published.
  const fetchedFrom = address ? [{ url: { value: address, origin: 'the address it was imported from' } }] : [];
  return { article: { ...article, candidates: [...metadata, ...article.candidates, ...fetchedFrom] }, slug };
}

/** Writes the images, then the manuscript; on any failure removes what it wrote. It never overwrites a manuscript. */
async function write(file: string, text: string, article: ExtractedArticle): Promise<void> {
  if (existsSync(file)) throw new ImportProblem(`${file} exists already: import into another --out folder, or move it away first`);
  const folder = path.dirname(file);
  const written: string[] = [];
  try {
    for (const image of article.images) {
      const target = path.join(folder, image.name);
      await mkdir(path.dirname(target), { recursive: true });
      // The same picture twice in a page is one file; a file this import did not write is never removed.
      const wrote = await writeFile(target, image.data, { flag: 'wx' }).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
          return false;
        },
      );
      if (wrote) written.push(target);
    }
    await writeAtomically(file, text);
  } catch (error) {
    await Promise.all(written.map((target) => rm(target, { force: true })));
    throw new ImportProblem(`${file} could not be written: ${(error as Error).message}`);
  }
}
