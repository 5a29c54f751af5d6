/**
 * The build settings a user chooses (by flag, or from code), as one valibot schema: their
 * defaults, the choices each takes, and the combinations that make no sense, checked before
 * anything is read or launched. The schema's messages are what a user reads after a wrong flag.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { FOOTNOTE_PLACES } from './front-matter.ts';
import { OptionsError } from './errors.ts';

/** The three editions Imprint writes. */
export const FORMATS = ['html', 'pdf', 'epub'] as const;
export type Format = (typeof FORMATS)[number];

/** Paper sizes for the PDF. */
export const PAPERS = ['a4', 'letter', 'a5'] as const;
export type Paper = (typeof PAPERS)[number];

/** Page layouts: a handout starts the text on page one; a book has a title page, contents and chapters on new pages. */
export const LAYOUTS = ['handout', 'book'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The sheets a booklet is imposed on (an A5 page has no half-size sheet of its own here). */
export type BookletSheet = Exclude<Paper, 'a5'>;

/** How long one page may take to load, print or be photographed, by default. */
export const DEFAULT_PAGE_TIMEOUT_SECONDS = 60;

/** Cover images an EPUB takes, by file extension. */
const COVER_TYPES: Readonly<Record<string, CoverMediaType>> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };
export type CoverMediaType = 'image/png' | 'image/jpeg';

/** The media type of a cover file by its name; undefined when it is neither PNG nor JPEG. */
export function coverMediaType(file: string): CoverMediaType | undefined {
  return COVER_TYPES[path.extname(file).toLowerCase()];
}

/** What a user chooses for one build; every field has a default. */
export interface BuildSettings {
  /** A Markdown file, a folder holding exactly one, or a book's folder. Default `manuscript`. */
  input?: string;
  /** Where the editions are written. Default `output`. */
  outDir?: string;
  /** Which editions to write. Default all three. */
  formats?: readonly Format[];
  /** PDF paper size. Default `a4`. */
  paper?: Paper;
  /** PDF page layout. Default `book` for a book, `handout` for an article. */
  layout?: Layout;
  /** Also write `SLUG-booklet.pdf`, imposed for saddle-stitch printing on the paper. Default false. */
  booklet?: boolean;
  /** Seconds one page may take to load, print or be photographed. Default 60. */
  timeout?: number;
  /** A CSS file added after the built-in style sheets, in every edition. */
  style?: string;
  /** Where the PDF sets footnotes. Default: the front matter's `footnotes`, else `page` in the book layout, `chapter` in a handout. The EPUB and HTML keep theirs after each chapter. */
  footnotes?: (typeof FOOTNOTE_PLACES)[number];
  /** Write the PDF for PDF/A-2b archiving (sRGB output intent, `pdfaid` XMP). Default false. */
  pdfa?: boolean;
  /** A PNG or JPEG to use as the EPUB's cover instead of the generated one. */
  cover?: string;
  /** Pack the bundled fonts the text needs into the EPUB. Default false: readers choose their own. */
  embedFonts?: boolean;
  /** Let remote (`http:`/`https:`) images be fetched while building. Default false. */
  allowRemote?: boolean;
  /** Colour code blocks by their language at build time. Default true (`--no-highlight` turns it off). */
  highlight?: boolean;
}

/** A choice among `choices`, written in any case, named in the message when it is none of them. */
const choice = <T extends string>(option: string, choices: readonly T[], description: string) =>
  v.pipe(
    v.string(`${option} must be one of ${choices.join(', ')}`),
    // For editors (the JSON Schemas): the choices as an enum; the check below also takes other cases.
    v.metadata({ description, enum: [...choices] }),
    v.check(
      (value) => choices.some((candidate) => candidate === value.trim().toLowerCase()),
      (issue) => `Unknown ${option} "${String(issue.input)}": choose from ${choices.join(', ')}`,
    ),
    v.transform((value) => value.trim().toLowerCase() as T),
  );

const existingFile = (what: string, check: (file: string) => string | undefined) =>
  v.pipe(
    v.string(`The ${what} must be a file name`),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = check(dataset.value) ?? (!existsSync(dataset.value) || !statSync(dataset.value).isFile() ? `The ${what} ${dataset.value} does not exist` : undefined);
      if (problem) addIssue({ message: problem });
    }),
    v.transform((file) => path.resolve(file)),
  );

/**
 * The schema of each setting a project may keep (in its config file) or a caller may pass, with no
 * default: the config file and the flags are merged before the defaults apply.
 */
export const SETTING_FIELDS = {
  formats: v.pipe(
    v.array(choice('format', FORMATS, 'An edition: html, pdf or epub.'), `formats must be a list of ${FORMATS.join(', ')}`),
    v.description('The editions to write: html, pdf, epub (--format).'),
    v.minLength(1, `No format given: choose from ${FORMATS.join(', ')}`),
    v.transform((formats) => [...new Set(formats)]),
  ),
  paper: choice('paper', PAPERS, 'PDF paper: a4, letter or a5, each with its own margins and text size (--paper).'),
  layout: choice('layout', LAYOUTS, 'PDF layout: handout, or book (title page, contents, chapters on new pages); by default book for a book (--layout).'),
  footnotes: choice('footnotes', FOOTNOTE_PLACES, 'PDF footnotes: page (at the foot of the page citing them) or chapter (after each chapter) (--footnotes).'),
  booklet: v.pipe(v.boolean('booklet must be true or false'), v.description('Also write SLUG-booklet.pdf, imposed for saddle-stitch printing (--booklet).')),
  pdfa: v.pipe(v.boolean('pdfa must be true or false'), v.description('Write the PDF for PDF/A-2b archiving (--pdfa).')),
  embedFonts: v.pipe(v.boolean('embedFonts must be true or false'), v.description('Pack the bundled fonts the text needs into the EPUB (--embed-fonts).')),
  allowRemote: v.pipe(v.boolean('allowRemote must be true or false'), v.description('Fetch remote (http/https) images while building (--allow-remote).')),
  highlight: v.pipe(v.boolean('highlight must be true or false'), v.description('Colour code blocks by the language of their fence at build time; false for plain monospace (--no-highlight).')),
  timeout: v.pipe(
    v.number('--timeout must be a number of seconds'),
    v.description('Seconds Chromium may take to load and print one page (--timeout); 60 by default.'),
    v.check((seconds) => Number.isFinite(seconds) && seconds > 0, (issue) => `--timeout must be a positive number of seconds, not ${String(issue.input)}`),
  ),
};

const SettingsSchema = v.pipe(
  v.object({
    input: v.optional(v.string('The input must be a path'), 'manuscript'),
    outDir: v.optional(v.string('The output folder must be a path'), 'output'),
    formats: v.optional(SETTING_FIELDS.formats, [...FORMATS]),
    paper: v.optional(SETTING_FIELDS.paper, 'a4'),
    layout: v.optional(SETTING_FIELDS.layout),
    footnotes: v.optional(SETTING_FIELDS.footnotes),
    booklet: v.optional(SETTING_FIELDS.booklet, false),
    pdfa: v.optional(SETTING_FIELDS.pdfa, false),
    embedFonts: v.optional(SETTING_FIELDS.embedFonts, false),
    allowRemote: v.optional(SETTING_FIELDS.allowRemote, false),
    highlight: v.optional(SETTING_FIELDS.highlight, true),
    timeout: v.optional(SETTING_FIELDS.timeout, DEFAULT_PAGE_TIMEOUT_SECONDS),
    style: v.optional(existingFile('style', (file) => (path.extname(file).toLowerCase() === '.css' ? undefined : `The style ${file} must be a .css file`))),
    cover: v.optional(existingFile('cover', (file) => (coverMediaType(file) ? undefined : `The cover ${file} must be a PNG or JPEG image`))),
  }),
  v.check(
    (settings) => !(settings.booklet && settings.paper === 'a5'),
    'A booklet is imposed on A4 or letter sheets: use --paper a4 or --paper letter with --booklet',
  ),
  v.check((settings) => !settings.pdfa || settings.formats.includes('pdf'), '--pdfa applies to the PDF: add pdf to --format, or leave out --pdfa'),
  v.check((settings) => !settings.booklet || settings.formats.includes('pdf'), 'A booklet is made from the PDF: add pdf to --format, or leave out --booklet'),
);

type CheckedSettings = v.InferOutput<typeof SettingsSchema>;

/** The settings of one build with every default applied. */
export interface ResolvedSettings extends Omit<CheckedSettings, 'booklet' | 'cover' | 'timeout'> {
  /** The sheet to impose a booklet on, or false for no booklet. */
  booklet: BookletSheet | false;
  /** The user's cover image (absolute path), or undefined to render one. */
  cover: { path: string; mediaType: CoverMediaType } | undefined;
  /** Milliseconds one page may take in the browser. */
  pageTimeoutMs: number;
}

/** Applies the defaults and rejects settings that are unknown or contradict each other. */
export function resolveSettings(settings: BuildSettings): ResolvedSettings {
  const checked = parseOrThrow(SettingsSchema, pickSettings(settings));
  const { booklet, cover, timeout, ...rest } = checked;
  return {
    ...rest,
    booklet: booklet && checked.paper !== 'a5' ? checked.paper : false,
    cover: cover === undefined ? undefined : { path: cover, mediaType: coverMediaType(cover)! },
    pageTimeoutMs: Math.round(timeout * 1000),
  };
}

/** Only the fields the schema knows: a caller's object may carry more (a browser, callbacks). */
function pickSettings(settings: BuildSettings): Record<string, unknown> {
  const keys = Object.keys(SettingsSchema.entries) as Array<keyof BuildSettings>;
  return Object.fromEntries(keys.filter((key) => settings[key] !== undefined).map((key) => [key, settings[key]]));
}

/**
 * The number of builds at a time by default: the number of cores plus two. A build spends part of
 * its time waiting for Chromium, and another build can use the core meanwhile (on 2 cores, 20
 * articles build in 6.2 s with 4 at a time, 7.0 s with 2).
 */
export function defaultJobs(): number {
  return availableParallelism() + 2;
}

/** How many builds at a time: a whole number from 1 up. */
export const JobsSchema = v.pipe(
  v.number('--jobs must be a whole number from 1 up'),
  v.description('With several inputs: how many build at once, sharing one browser (--jobs); the number of cores plus two by default.'),
  v.check((jobs) => Number.isInteger(jobs) && jobs >= 1, (issue) => `--jobs must be a whole number from 1 up, not ${String(issue.input)}`),
);

/** Checks a number of builds at a time. */
export function resolveJobs(jobs: number | undefined): number {
  return jobs === undefined ? defaultJobs() : parseOrThrow(JobsSchema, jobs);
}

/** The schema's output, or an OptionsError with its first message. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!result.success) throw new OptionsError(result.issues[0].message);
  return result.output;
}
