/**
 * What the steps turning an article's HTML into Markdown share: where the page was, where its
 * images go, and the warnings for the report. One per import; the steps add to it.
 */
import type { PagePlaces } from './html-page.ts';
import type { ImportedImage } from './model.ts';

/** The state of one article's conversion. */
export interface ArticleContext {
  places: PagePlaces;
  /** The manuscript's slug: images are named `SLUG/HASH.EXT`. */
  slug: string;
  /** Fetch remote images. */
  allowRemote: boolean;
  /** The images carried so far, by their name in the Markdown. */
  images: Map<string, ImportedImage>;
  /** One line for each thing the reader would miss. */
  warnings: string[];
}

/** Adds `warning` once: the same left-out thing named twice is one line. */
export function warn(context: ArticleContext, warning: string): void {
  if (!context.warnings.includes(warning)) context.warnings.push(warning);
}

/** A URL or text cut to a length a report line can carry. */
export function shorten(text: string, length = 100): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
