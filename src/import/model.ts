/**
 * What `imprint import` finds in a capture and hands from step to step: every attribution field
 * with where it came from, the article as Markdown, its images, and what was dropped as page chrome.
 */

/** A value and where it was found: "JSON-LD author.name", "the byline, line 5". */
export interface Found<T> {
  value: T;
  origin: string;
}

/** A date as the capture gives it: with its UTC offset when it has one, else its local time only. */
export interface FoundDate {
  /** As written in the capture. */
  text: string;
  /** ISO 8601 with its offset (`2024-05-06T16:40:15+08:00`), when the capture says the zone. */
  iso?: string;
  /** The local date and time, when the capture gives no zone: `2024-05-06T16:40:15`, or a date alone. */
  local?: string;
}

/**
 * The attribution candidates one source of evidence gives (JSON-LD, Open Graph, a byline line…).
 * Each extractor returns these in its own words; the importer merges them in the documented order.
 */
export interface AttributionCandidates {
  title?: Found<string>;
  subtitle?: Found<string>;
  author?: Found<string[]>;
  editor?: Found<string[]>;
  authorNote?: Found<string>;
  lang?: Found<string>;
  description?: Found<string>;
  keywords?: Found<string[]>;
  sourceName?: Found<string>;
  publisher?: Found<string>;
  url?: Found<string>;
  published?: Found<FoundDate>;
  /** A reprint statement, verbatim. */
  statement?: Found<string>;
}

/** An image the article shows, to be written beside the manuscript. */
export interface ImportedImage {
  /** The path the Markdown gives it, relative to the manuscript (`SLUG/NAME.EXT`). */
  name: string;
  data: Uint8Array;
}

/** A line of the capture left out of the manuscript, and why: nothing is dropped without a word. */
export interface Dropped {
  /** Its line in a text capture; a page's text has no lines worth naming. */
  line?: number;
  text: string;
  reason: string;
}

/** The article a capture holds, before the attribution is merged and the manuscript written. */
export interface ExtractedArticle {
  /** The article's body as Markdown (no front matter). */
  markdown: string;
  images: ImportedImage[];
  /** Attribution candidates, best first (the order the README documents). */
  candidates: AttributionCandidates[];
  dropped: Dropped[];
  /** Things the reader of the report should know (an image left out, a remote request refused). */
  warnings: string[];
}
