/**
 * From loaded files to the manuscript every renderer reads: an article (one body), or a book
 * whose chapters each become a section with a title, their own attribution when they are
 * reprints, and ids that are unique across the whole book.
 */
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { chapterCreditLines } from './attribution.ts';
import type { ChapterMatter, FrontMatter } from './config.ts';
import { fail } from './front-matter.ts';
import { plainText } from './headings.ts';
import { loadManuscript, type LoadedManuscript } from './load.ts';
import type { LocalImage } from './plugins/rehype-local-images.ts';
import { collectIds, unwrapDeadAnchors } from './plugins/rehype-check-anchors.ts';
import { processManuscript } from './processor.ts';

/** One chapter of a book. */
export interface BookChapter {
  file: VFile;
  title: string;
  /** The chapter's own front matter, when it has one. */
  matter?: ChapterMatter;
  /** The id of the chapter's section. */
  id: string;
  /** The id of the heading that opens it. */
  headingId: string;
  /** Title heading, attribution and text. */
  content: ElementContent[];
}

/** What the renderers read. */
export interface Manuscript {
  kind: 'article' | 'book';
  /** The front matter of the article or book; a book's authors include every chapter's. */
  matter: FrontMatter;
  /** The article's text, or the book's chapter sections in order. */
  body: ElementContent[];
  chapters: BookChapter[];
  /** Local images of every file, by the `src` written in the Markdown. */
  images: Record<string, LocalImage>;
  /** Every source file (book.yaml, chapters), for reports and the manifest. */
  files: VFile[];
  /** The file a slug, a build date and relative paths are taken from. */
  primary: VFile;
}

/** What reading a manuscript gives: the manuscript when it is sound, and every file with its messages. */
export interface ReadResult {
  manuscript?: Manuscript;
  files: VFile[];
}

/** Loads and processes the manuscript named by `input`. */
export async function readManuscript(input: string, options: { allowRemote: boolean }): Promise<ReadResult> {
  const loaded = await loadManuscript(input);
  const files = loaded.bookFile ? [loaded.bookFile, ...loaded.files] : loaded.files;
  if (loaded.problems.length > 0) return { files: [...new Set([...loaded.problems, ...files])] };
  const manuscript = await assembleManuscript(loaded, options);
  return manuscript ? { manuscript, files: manuscript.files } : { files };
}

/** Processes every file; returns the manuscript, or undefined when a fatal problem was reported. */
export async function assembleManuscript(loaded: LoadedManuscript, options: { allowRemote: boolean }): Promise<Manuscript | undefined> {
  const { files } = loaded;
  const bodies = await Promise.all(
    files.map((file, index) =>
      processManuscript(file, {
        allowRemote: options.allowRemote,
        // Without book.yaml, the first file's front matter is the book's.
        role: loaded.kind === 'article' || (index === 0 && !loaded.book) ? 'article' : 'chapter',
        inBook: loaded.kind === 'book',
      }),
    ),
  );
  const all = loaded.bookFile ? [loaded.bookFile, ...files] : files;
  const images = Object.assign({}, ...files.map((file) => file.data.images ?? {})) as Record<string, LocalImage>;
  const primary = files[0]!;
  if (loaded.kind === 'article') {
    const matter = primary.data.matter;
    if (!matter || hasFatal(all)) return undefined;
    return { kind: 'article', matter, body: bodies[0]!, chapters: [], images, files: all, primary };
  }

  const bookMatter = loaded.book ? withoutChapters(loaded.book) : primary.data.matter;
  if (!bookMatter || hasFatal(all)) return undefined;
  const taken = new Set<string>(['colophon', 'colophon-title', 'contents-title']);
  const chapters = files.map((file, index) => makeChapter(file, bodies[index]!, index, taken));
  // Links may point into other chapters: check them against the whole book.
  const ids = new Set<string>();
  for (const chapter of chapters) for (const id of collectIds({ type: 'root', children: chapter.content })) ids.add(id);
  for (const chapter of chapters) unwrapDeadAnchors({ type: 'root', children: chapter.content }, chapter.file, ids);
  const emptyChapter = chapters.find((chapter) => chapter.content.length === 0);
  if (emptyChapter) fail(emptyChapter.file, 'This chapter is empty', { line: 1, column: 1 });
  if (hasFatal(all)) return undefined;
  const authors = [...new Set([...bookMatter.author, ...chapters.flatMap((chapter) => chapter.matter?.author ?? [])])];
  return {
    kind: 'book',
    matter: { ...bookMatter, author: authors },
    body: chapters.map((chapter) => h('section.chapter', { id: chapter.id, ariaLabelledBy: chapter.headingId }, chapter.content)),
    chapters,
    images,
    files: all,
    primary: loaded.bookFile ?? primary,
  };
}

function withoutChapters(book: NonNullable<LoadedManuscript['book']>): FrontMatter {
  const { chapters: _chapters, ...matter } = book;
  return matter;
}

function hasFatal(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal));
}

function makeChapter(file: VFile, body: ElementContent[], index: number, taken: Set<string>): BookChapter {
  const matter = file.data.chapter;
  const content = structuredClone(body);
  const first = content.find((node): node is Element => node.type === 'element');
  const opensWithHeading = first !== undefined && headingRank(first) !== undefined;
  const title = matter?.title ?? (opensWithHeading ? plainText(first) : undefined) ?? titleFromFileName(file);
  const id = uniqueId(`chapter-${index + 1}`, taken);
  renameDuplicateIds(content, taken);
  const heading: Element = opensWithHeading ? first : h('h1.chapter-title', title);
  if (typeof heading.properties.id !== 'string') heading.properties.id = uniqueId(`${id}-title`, taken);
  const credits = matter ? chapterCreditLines(matter) : [];
  const lead: ElementContent[] = [
    ...(matter?.subtitle ? [h('p.chapter-subtitle', matter.subtitle)] : []),
    ...credits.map((line) => h('p.chapter-attribution', line)),
  ];
  const rest = opensWithHeading ? content.slice(content.indexOf(first) + 1) : content;
  return { file, title, ...(matter ? { matter } : {}), id, headingId: heading.properties.id as string, content: [heading, ...lead, ...rest] };
}

function titleFromFileName(file: VFile): string {
  const name = path.parse(file.path ?? 'chapter').name.replace(/^\d+[-_. ]*/, '').replace(/[-_]+/g, ' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function uniqueId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let count = 1; taken.has(id); count++) id = `${wanted}-${count}`;
  taken.add(id);
  return id;
}

/**
 * Each chapter was processed alone, so two chapters may both have `#introduction` or footnote
 * `#user-content-fn-1`; later ones are renamed, and the chapter's own links follow.
 */
function renameDuplicateIds(content: ElementContent[], taken: Set<string>): void {
  const root: Root = { type: 'root', children: content };
  const renamed = new Map<string, string>();
  visit(root, 'element', (node: Element) => {
    const id = node.properties.id;
    if (typeof id !== 'string') return;
    const unique = uniqueId(id, taken);
    if (unique !== id) {
      renamed.set(id, unique);
      node.properties.id = unique;
    }
  });
  if (renamed.size === 0) return;
  visit(root, 'element', (node: Element) => {
    const href = node.properties.href;
    if (typeof href === 'string' && href.startsWith('#') && renamed.has(href.slice(1))) node.properties.href = `#${renamed.get(href.slice(1))}`;
    for (const key of ['ariaDescribedBy', 'ariaLabelledBy'] as const) {
      const value = node.properties[key];
      if (Array.isArray(value)) node.properties[key] = value.map((item) => renamed.get(String(item)) ?? String(item));
    }
  });
}

/** A book prints as a book, an article as a handout, unless the user says otherwise. */
export function defaultLayout(manuscript: Manuscript): 'book' | 'handout' {
  return manuscript.kind === 'book' ? 'book' : 'handout';
}
