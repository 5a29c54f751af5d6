/**
 * The attribution as a reader sees it: the title, subtitle, author note and reprint statement
 * with the body's typography (curly quotes, dashes, ellipses), wherever they are shown (title
 * block, running head, colophon, cover, chapter openings). Machine-readable metadata and the
 * manifest keep the front matter exactly as written: they are the record of the manuscript.
 */
import type { ChapterMatter, FrontMatter } from '../options/front-matter.ts';
import { IMPRINT_SMARTYPANTS, smartypantsText } from '../plugins/remark-smartypants-fast.ts';

/** One line of text with the body's typography. */
export function typesetText(text: string): string {
  return smartypantsText(text, IMPRINT_SMARTYPANTS);
}

/** The front matter with its shown prose typeset; names, dates and addresses stay as written. */
export function typeset<Matter extends FrontMatter | ChapterMatter>(matter: Matter): Matter {
  const shown = { ...matter };
  if (shown.title !== undefined) shown.title = typesetText(shown.title);
  if (shown.subtitle !== undefined) shown.subtitle = typesetText(shown.subtitle);
  if (shown.author_note !== undefined) shown.author_note = typesetText(shown.author_note);
  if (shown.source?.statement !== undefined) shown.source = { ...shown.source, statement: typesetText(shown.source.statement) };
  return shown;
}
