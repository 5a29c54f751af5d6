/**
 * The shapes the pipeline hands from stage to stage: the manuscript (an article or a book), its
 * chapters, the images every edition carries, and what a build gives back. One model of each,
 * so that the HTML, PDF and EPUB stages read the same thing.
 */
import type { ElementContent } from 'hast';
import type { VFile } from 'vfile';
import type { Format } from './options/build-options.ts';
import type { ChapterMatter, FrontMatter } from './options/front-matter.ts';

/**
 * Ids of the page around the text (contents, colophon, the EPUB's navigation), written by the
 * stages that make those parts and kept free of the text's own ids by the conformance pass.
 */
export const PAGE_IDS = {
  colophon: 'colophon',
  colophonTitle: 'colophon-title',
  contentsTitle: 'contents-title',
  figuresTitle: 'list-of-figures-title',
  tablesTitle: 'list-of-tables-title',
  toc: 'toc',
  landmarks: 'landmarks',
} as const;

/** Image types every EPUB 3.2 reading system must show: the only ones an edition carries. */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

/** An image as every edition carries it. */
export interface EditionImage {
  /** Its path inside the editions (`images/NAME.EXT`), which is the `src` the text gives it. */
  name: string;
  mediaType: ImageMediaType;
  /** The bytes every edition carries (an SVG sanitized). */
  data: Uint8Array;
  /** The file it was read from, for the manifest; absent for inline and remote images. */
  sourcePath?: string;
}

/** Images by the `src` the text gives them. */
export type EditionImages = Readonly<Record<string, EditionImage>>;

/**
 * A chapter of a book: one source file, with its title, its own attribution when it is a reprint,
 * and its content (title heading, credit lines and text). Other stages take the parts they need:
 * the colophon credits `title` and `matter`, the EPUB makes a document of `title` and `content`.
 */
export interface Chapter {
  file: VFile;
  title: string;
  /** The chapter's own front matter, when it has one. */
  matter?: ChapterMatter;
  /** The id of the chapter's section. */
  id: string;
  /** The id of the heading that opens it. */
  headingId: string;
  content: ElementContent[];
}

/** A stretch of text that becomes one EPUB document: a book's chapter, or a part of an article split at its headings. */
export type TextPart = Pick<Chapter, 'title' | 'content' | 'matter'>;

/** A chapter as the colophon credits it. */
export type CreditedChapter = Pick<Chapter, 'title' | 'matter'>;

/** What the renderers read. */
export interface Manuscript {
  kind: 'article' | 'book';
  /** The front matter of the article or book; a book's authors include every chapter's. */
  matter: FrontMatter;
  /** The article's text, or the book's chapter sections in order. */
  body: ElementContent[];
  /** A book's chapters; empty for an article. */
  chapters: Chapter[];
  images: EditionImages;
  /** Every source file (book.yaml, chapters), for reports and the manifest. */
  files: VFile[];
  /** The file a slug, a build date and relative paths are taken from. */
  primary: VFile;
}

/** A finished file on disk. */
export interface Artifact {
  format: Format | 'png' | 'jpg';
  path: string;
  bytes: number;
}

/** What a build hands back: the manuscript with its messages, and the files written. */
export interface BuildResult {
  /** The manuscript (a book: its book.yaml or first chapter); its `messages` are the problems found. */
  file: VFile;
  /** Every source file with its messages: report them all with vfile-reporter. */
  files: VFile[];
  /** False when a fatal problem stopped the build; nothing was written then. */
  ok: boolean;
  artifacts: Artifact[];
  /** The manifest written beside the editions. */
  manifest?: string;
  /** The date stamped into the editions' metadata. */
  buildDate?: Date;
  browserVersion?: string;
}
