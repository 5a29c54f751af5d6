/**
 * The front matter contract, as valibot schemas: an article's, a book's `book.yaml`, and a
 * chapter's own.
 *
 * Every message here tells the author what to write instead, because it is printed at the
 * line of the manuscript that is wrong and is often the only help they get.
 */
import * as v from 'valibot';
import { serializeUrl } from '../conformance/uri.ts';

/** An ISO 8601 date-time that carries its UTC offset, so the original moment is never ambiguous. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const EXAMPLE_DATE = '2024-05-06T16:40:15+08:00';

/** An example line for each required field, quoted in the message when the field is missing. */
export const REQUIRED_FIELD_EXAMPLES: Record<string, string> = {
  title: 'title: A title for the reader',
  author: 'author: Liu Kun',
  'source.name': 'name: Rednet (indented under source:)',
  'source.published': `published: ${EXAMPLE_DATE} (indented under source:)`,
};

/**
 * What `imprint import` writes where a capture does not say a field (`author: "?? …"`): never a
 * guess, and never accepted, so the build stops at that line until someone writes the field.
 */
export const IMPORT_PLACEHOLDER = '??';

const text = (field: string, example: string) =>
  v.pipe(
    v.string(`\`${field}\` must be text, for example \`${field}: ${example}\``),
    // For editors (the JSON Schemas): what such a field looks like.
    v.metadata({ examples: [example] }),
    v.trim(),
    v.nonEmpty(`\`${field}\` is empty: write it out, for example \`${field}: ${example}\``),
    v.check(
      (value) => !value.startsWith(IMPORT_PLACEHOLDER),
      `\`${field}\` is a placeholder left by \`imprint import\` (the capture does not say it): write it out, for example \`${field}: ${example}\``,
    ),
  );

/** A person or a list of people; both spellings are normalized to a list. */
const people = (field: string, example: string) =>
  v.pipe(
    v.union(
      [text(field, example), v.pipe(v.array(text(field, example)), v.minLength(1, `\`${field}\` lists nobody`))],
      `\`${field}\` must be a name or a list of names, for example \`${field}: ${example}\``,
    ),
    v.transform((value): string[] => (typeof value === 'string' ? [value] : value)),
  );

const dateTime = (field: string) =>
  v.pipe(
    v.string(`\`${field}\` must be a date and time with its UTC offset, for example \`${field}: ${EXAMPLE_DATE}\``),
    v.metadata({ examples: [EXAMPLE_DATE] }),
    v.regex(
      ISO_WITH_OFFSET,
      `\`${field}\` needs a date, a time and a UTC offset (ISO 8601), for example \`${field}: ${EXAMPLE_DATE}\`; a date imported without its zone takes it from \`imprint import --timezone ZONE\``,
    ),
    v.check((value) => !Number.isNaN(Date.parse(value)), `\`${field}\` is not a real calendar date and time`),
  );

const url = (field: string) =>
  v.pipe(
    v.string(`\`${field}\` must be a web address, for example \`${field}: https://example.org/article\``),
    v.trim(),
    v.url(`\`${field}\` is not a valid URL: write the full address, starting with https://`),
    v.check((value) => serializeUrl(value) !== undefined, `\`${field}\` has no valid host: write the full address, starting with https://`),
  );

const SourceSchema = v.strictObject(
  {
    name: text('source.name', 'Rednet'),
    publisher: v.optional(text('source.publisher', 'Xiangchao Network')),
    url: v.optional(url('source.url')),
    published: dateTime('source.published'),
    statement: v.optional(text('source.statement', 'Please credit the original source.')),
    /** The web capture the text was imported from (`imprint import`): its file name or address and its bytes' SHA-256. */
    capture: v.optional(
      v.strictObject(
        {
          file: text('source.capture.file', 'article.html'),
          sha256: v.pipe(v.string('`source.capture.sha256` must be text'), v.regex(/^[0-9a-f]{64}$/, '`source.capture.sha256` must be a SHA-256 in hexadecimal')),
        },
        '`source.capture` must be a group of fields (file, sha256), indented under `capture:`',
      ),
    ),
  },
  (issue) =>
    issue.kind === 'schema' && issue.expected === 'never'
      ? `\`source\` has an unknown field: the known ones are name, publisher, url, published, statement and capture`
      : '`source` must be a group of fields (name, publisher, url, published, statement, capture), indented under `source:`',
);

const lang = v.pipe(
  text('lang', 'en'),
  v.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, '`lang` must be a BCP 47 language tag, for example `en` or `zh-CN`'),
);

/** Where the PDF sets footnotes: at the foot of the citing page, or together after each chapter. */
export const FOOTNOTE_PLACES = ['page', 'chapter'] as const;
export type FootnotePlace = (typeof FOOTNOTE_PLACES)[number];

/** The fields of a manuscript's (or a book's) front matter, as documented in the README. */
const FRONT_MATTER_FIELDS = {
  title: text('title', 'A title for the reader'),
  subtitle: v.optional(text('subtitle', 'A line under the title')),
  short_title: v.optional(text('short_title', 'A shorter title for the running heads')),
  code_overflow: v.optional(
    v.picklist(['wrap', 'shrink'], '`code_overflow` must be `wrap` (long code lines wrap, marked ↪) or `shrink` (a listing is set smaller until its longest line fits)'),
  ),
  footnotes: v.optional(
    v.picklist(FOOTNOTE_PLACES, '`footnotes` must be `page` (at the foot of the page that cites them, in the PDF) or `chapter` (after the chapter)'),
  ),
  author: people('author', 'Liu Kun'),
  author_note: v.optional(text('author_note', 'The author is …')),
  editor: v.optional(people('editor', 'Min Meiying')),
  lang: v.optional(lang, 'en'),
  slug: v.optional(
    v.pipe(
      text('slug', 'my-article'),
      v.regex(/^[a-z0-9][a-z0-9._-]*$/, '`slug` becomes a file name: use lower-case letters, digits, `-`, `_` and `.`'),
    ),
  ),
  keywords: v.optional(v.array(text('keywords', '[history, reprint]'), '`keywords` must be a list')),
  lists: v.optional(
    v.array(
      v.picklist(['figures', 'tables'], '`lists` may name `figures` and `tables`: the lists the book layout prints after its contents'),
      '`lists` must be a list, such as `[figures, tables]`',
    ),
  ),
  description: v.optional(text('description', 'One sentence on what the text is about.')),
  rights: v.optional(text('rights', 'Reprinted with permission of the publisher.')),
  series: v.optional(text('series', 'Grassroots Commentary')),
  edition: v.optional(text('edition', 'Second edition')),
  isbn: v.optional(
    v.pipe(text('isbn', '978-3-16-148410-0'), v.regex(/^(97[89])?[-\s]?(\d[-\s]?){9}[\dX]$/, '`isbn` must be an ISBN-10 or ISBN-13, for example 978-3-16-148410-0')),
  ),
  cover: v.optional(text('cover', 'images/cover.png')),
  original: v.optional(v.boolean('`original` must be `true` or `false`'), false),
  date: v.optional(dateTime('date')),
  source: v.optional(SourceSchema),
};

const SOURCE_MISSING =
  '`source` is missing: a reprint names where it first appeared (`source:` with `name` and `published`), or declare `original: true`';

/** A single article's front matter, or a book's when the book has no book.yaml. */
export const FrontMatterSchema = v.pipe(
  v.strictObject(FRONT_MATTER_FIELDS),
  v.forward(
    v.partialCheck([['source'], ['original']], (input) => input.original === true || input.source !== undefined, SOURCE_MISSING),
    ['source'],
  ),
);

/** `book.yaml`: the book's front matter and its chapter files, in order. */
export const BookFileSchema = v.pipe(
  v.strictObject({
    ...FRONT_MATTER_FIELDS,
    chapters: v.pipe(
      v.array(text('chapters', '[01-first.md, 02-second.md]'), '`chapters` must be a list of Markdown files'),
      v.minLength(1, '`chapters` lists no file'),
    ),
  }),
  v.forward(
    v.partialCheck([['source'], ['original']], (input) => input.original === true || input.source !== undefined, SOURCE_MISSING),
    ['source'],
  ),
);

/** A chapter's own front matter: all optional; an anthology chapter names its own author and source. */
export const ChapterMatterSchema = v.strictObject({
  title: v.optional(text('title', 'The chapter title')),
  subtitle: v.optional(text('subtitle', 'A line under the chapter title')),
  short_title: v.optional(text('short_title', 'A shorter title for the running heads')),
  author: v.optional(people('author', 'Liu Kun')),
  author_note: v.optional(text('author_note', 'The author is …')),
  editor: v.optional(people('editor', 'Min Meiying')),
  lang: v.optional(lang),
  keywords: v.optional(v.array(text('keywords', '[history, reprint]'), '`keywords` must be a list')),
  description: v.optional(text('description', 'One sentence on what the chapter is about.')),
  date: v.optional(dateTime('date')),
  source: v.optional(SourceSchema),
  // An article collected into a book keeps its own front matter: `original` says it is no reprint.
  original: v.optional(v.boolean('`original` must be `true` or `false`')),
});

/** A chapter's validated front matter. */
export type ChapterMatter = v.InferOutput<typeof ChapterMatterSchema>;
/** book.yaml, validated. */
export type BookFile = v.InferOutput<typeof BookFileSchema>;

/** The validated front matter, as the rest of the pipeline reads it. */
export type FrontMatter = v.InferOutput<typeof FrontMatterSchema>;
/** Where the text first appeared. */
export type Source = NonNullable<FrontMatter['source']>;
