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
import { chapterCreditLines } from '../attribution/wording.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import { markGenerated } from '../conformance/ids.ts';
import { reportFatal } from '../options/errors.ts';
import { collectHeadings, plainText } from './headings.ts';
import { loadManuscript, type LoadedManuscript } from './load.ts';
import type { Chapter, EditionImage, Manuscript } from '../model.ts';
import { crossReferenceEdition } from '../plugins/rehype-crossref.ts';
import { conformEdition, RESERVED_IDS } from '../plugins/rehype-conformance.ts';
import { processManuscript } from './process.ts';
import { typeset } from '../attribution/typeset.ts';

/** What reading a manuscript gives: the manuscript when it is sound, and every file with its messages. */
export interface ReadResult {
  manuscript?: Manuscript;
  files: VFile[];
}

/** How the manuscript's files are processed. */
export interface ReadOptions {
  allowRemote: boolean;
  /** Colour code blocks (default true). */
  highlight?: boolean;
}

/** Loads and processes the manuscript named by `input`. */
export async function readManuscript(input: string, options: ReadOptions): Promise<ReadResult> {
  const loaded = await loadManuscript(input);
  const files = loaded.bookFile ? [loaded.bookFile, ...loaded.files] : loaded.files;
  if (loaded.problems.length > 0) return { files: [...new Set([...loaded.problems, ...files])] };
  const manuscript = await assembleManuscript(loaded, options);
  return manuscript ? { manuscript, files: manuscript.files } : { files };
}

/** Processes every file; returns the manuscript, or undefined when a fatal problem was reported. */
export async function assembleManuscript(loaded: LoadedManuscript, options: ReadOptions): Promise<Manuscript | undefined> {
  const { files } = loaded;
  const bodies = await Promise.all(
    files.map((file, index) =>
      processManuscript(file, {
        allowRemote: options.allowRemote,
        highlight: options.highlight,
        // Without book.yaml, the first file's front matter is the book's.
        role: loaded.kind === 'article' || (index === 0 && !loaded.book) ? 'article' : 'chapter',
      }),
    ),
  );
  const all = loaded.bookFile ? [loaded.bookFile, ...files] : files;
  const images = Object.assign({}, ...files.map((file) => file.data.images ?? {})) as Record<string, EditionImage>;
  const primary = files[0]!;
  if (loaded.kind === 'article') return assembleArticle(primary, bodies[0]!, images, all);

  const bookMatter = loaded.book ? withoutChapters(loaded.book) : primary.data.matter;
  if (!bookMatter || hasFatal(all)) return undefined;
  const made = files.map((file, index) => makeChapter(file, bodies[index]!, index));
  // Ids are unique and links land across the whole book: its chapters are one edition.
  const roots = made.map(({ chapter }) => ({ type: 'root', children: chapter.content }) as Root);
  crossReferenceEdition(
    made.map(({ chapter }, index) => ({ root: roots[index]!, file: chapter.file })),
    { book: true, lang: bookMatter.lang },
  );
  if (hasFatal(all)) return undefined;
  conformEdition(
    made.map(({ chapter, heading }, index) => ({
      root: roots[index]!,
      file: chapter.file,
      sourcePath: sourcePath(chapter.file),
      landing: () => heading.properties.id as string | undefined,
    })),
    { reservedIds: [...RESERVED_IDS, ...made.map(({ chapter }) => chapter.id)] },
  );
  const chapters = made.map(({ chapter, heading }, index) => ({
    ...chapter,
    content: roots[index]!.children as ElementContent[],
    headingId: heading.properties.id as string,
  }));
  const emptyChapter = chapters.find((chapter) => chapter.content.length === 0);
  if (emptyChapter) reportFatal(emptyChapter.file, 'This chapter is empty', { place: { line: 1, column: 1 }, ruleId: 'front-matter' });
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

/** An article: one file, its references numbered and its markup conformed. */
function assembleArticle(primary: VFile, body: ElementContent[], images: Record<string, EditionImage>, all: VFile[]): Manuscript | undefined {
  const matter = primary.data.matter;
  if (!matter || hasFatal(all)) return undefined;
  const root: Root = { type: 'root', children: body };
  crossReferenceEdition([{ root, file: primary }], { book: false, lang: matter.lang });
  if (hasFatal(all)) return undefined;
  // A link to the article's own file lands on its first heading.
  conformEdition([{ root, file: primary, sourcePath: sourcePath(primary), landing: () => firstHeadingId(root) }]);
  return { kind: 'article', matter, body: root.children as ElementContent[], chapters: [], images, files: all, primary };
}

function withoutChapters(book: NonNullable<LoadedManuscript['book']>): FrontMatter {
  const { chapters: _chapters, ...matter } = book;
  return matter;
}

function hasFatal(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal));
}

/** The id of the text's first heading (not GFM's "Footnotes" label, which the EPUB moves away). */
function firstHeadingId(root: Root): string | undefined {
  return collectHeadings(root).find((heading) => heading.id !== undefined)?.id;
}

function sourcePath(file: VFile): string | undefined {
  return file.path ? path.resolve(file.path) : undefined;
}

/** A chapter before its ids are assigned, with the heading that opens it. */
function makeChapter(file: VFile, body: ElementContent[], index: number): { chapter: Chapter; heading: Element } {
  const matter = file.data.chapter;
  const shown = matter ? typeset(matter) : undefined;
  const content = structuredClone(body);
  const opening = openingHeading(content);
  const title = shown?.title ?? (opening ? plainText(opening.heading) : undefined) ?? titleFromFileName(file);
  const id = `chapter-${index + 1}`;
  const heading: Element = opening?.heading ?? h('h1.chapter-title', title);
  if (heading.properties.id === undefined || heading.properties.id === null) {
    heading.properties.id = `${id}-title`;
    markGenerated(heading);
  }
  const credits = matter ? chapterCreditLines(matter) : [];
  const lead: ElementContent[] = [
    ...(shown?.subtitle ? [h('p.chapter-subtitle', shown.subtitle)] : []),
    ...credits.map((line) => h('p.chapter-attribution', line)),
  ];
  const rest = opening ? content.slice(opening.index + 1) : content;
  const chapter: Chapter = { file, title, ...(matter ? { matter } : {}), id, headingId: String(heading.properties.id), content: [heading, ...lead, ...rest] };
  return { chapter, heading };
}

/**
 * The heading a chapter opens with: the first one, when nothing a reader sees comes before it.
 * Files written for mdBook start with comments and empty anchors kept for old links
 * (`<a id="the-match-control-flow-operator"></a>`); their ids move into the heading, so those
 * links still land, and the heading is the chapter's title.
 */
function openingHeading(content: ElementContent[]): { heading: Element; index: number } | undefined {
  const index = content.findIndex((node) => node.type === 'element' && headingRank(node) !== undefined);
  if (index === -1 || !content.slice(0, index).every(isInvisible)) return undefined;
  const heading = content[index] as Element;
  const anchors: Element[] = [];
  visit({ type: 'root', children: content.slice(0, index) }, 'element', (node: Element) => {
    if (node.properties.id !== undefined && node.properties.id !== null) anchors.push(h('span', { id: String(node.properties.id) }));
  });
  heading.children.unshift(...anchors);
  return { heading, index };
}

/** Whitespace, comments and elements with no text and nothing embedded. */
function isInvisible(node: ElementContent): boolean {
  if (node.type === 'comment') return true;
  if (node.type === 'text') return node.value.trim() === '';
  if (node.type !== 'element' || ['img', 'hr', 'br', 'input', 'table'].includes(node.tagName)) return false;
  return node.children.every(isInvisible);
}

function titleFromFileName(file: VFile): string {
  const name = path.parse(file.path ?? 'chapter').name.replace(/^\d+[-_. ]*/, '').replace(/[-_]+/g, ' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
}
