/**
 * The imported manuscript's text: its front matter (written with the yaml library, so every value
 * is quoted as YAML needs) and the article. What the capture does not say is written as an
 * explicit placeholder, and a date without its zone as found, each with a comment on what to
 * write; the front matter check refuses both at their line, so the build stops until someone does.
 * `original` is never set: an imported text is a reprint.
 */
import { Document, isMap, type Scalar } from 'yaml';
import { IMPORT_PLACEHOLDER } from '../options/front-matter.ts';
import { publishedDate, type MergedAttribution, type PublishedDate } from './fields.ts';

/** Where the capture came from, for `source.capture`. */
export interface CaptureOrigin {
  file: string;
  sha256: string;
}

/** The manuscript and the published date as written in it. */
export interface ImportedManuscript {
  text: string;
  published: PublishedDate | undefined;
}

const PLACEHOLDERS = {
  title: `${IMPORT_PLACEHOLDER} the title: not found in the capture`,
  author: `${IMPORT_PLACEHOLDER} the author's name: not found in the capture`,
  sourceName: `${IMPORT_PLACEHOLDER} the publication's name: not found in the capture`,
  published: `${IMPORT_PLACEHOLDER} the date of first publication: not found in the capture`,
};

/** The Markdown manuscript: front matter, then the article. */
export function manuscriptText(merged: MergedAttribution, markdown: string, capture: CaptureOrigin, timezone: string | undefined): ImportedManuscript {
  const { fields } = merged;
  const published = fields.published ? publishedDate(fields.published.value, timezone) : undefined;
  const source = {
    name: fields.sourceName?.value ?? PLACEHOLDERS.sourceName,
    ...(fields.publisher ? { publisher: fields.publisher.value } : {}),
    ...(fields.url ? { url: fields.url.value } : {}),
    published: published?.value ?? PLACEHOLDERS.published,
    ...(fields.statement ? { statement: fields.statement.value } : {}),
    capture: { file: capture.file, sha256: capture.sha256 },
  };
  const author = fields.author?.value;
  const matter = {
    title: fields.title?.value ?? PLACEHOLDERS.title,
    ...(fields.subtitle ? { subtitle: fields.subtitle.value } : {}),
    author: author === undefined ? PLACEHOLDERS.author : author.length === 1 ? author[0] : author,
    ...(fields.authorNote ? { author_note: fields.authorNote.value } : {}),
    ...(fields.editor ? { editor: fields.editor.value.length === 1 ? fields.editor.value[0] : fields.editor.value } : {}),
    ...(fields.lang ? { lang: fields.lang.value } : {}),
    ...(fields.description ? { description: fields.description.value } : {}),
    ...(fields.keywords ? { keywords: fields.keywords.value } : {}),
    source,
  };
  const document = new Document(matter);
  if (published && !published.complete) comment(document, ['source', 'published'], published.fix!);
  for (const [path, missing] of [[['title'], !fields.title], [['author'], !author], [['source', 'name'], !fields.sourceName], [['source', 'published'], !published]] as const) {
    if (missing) comment(document, path, 'write it out: the capture does not say it, and Imprint does not guess');
  }
  return { text: `---\n${document.toString({ lineWidth: 0 })}---\n\n${markdown.trimEnd()}\n`, published };
}

function comment(document: Document, path: readonly string[], text: string): void {
  const node = document.getIn(path, true) as Scalar | undefined;
  if (node && !isMap(node)) node.comment = ` ${text}`;
}
