/**
 * Turns the INPUT a user names into the files of a manuscript: a Markdown file (an article), a
 * folder holding one Markdown file (an article), or a folder of chapters (a book), ordered by
 * its `book.yaml` or by name. A bad path is a fatal message on a VFile, never an exception.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { BookFileSchema, type BookFile } from '../options/front-matter.ts';
import { reportFatal } from '../options/errors.ts';
import { checkYamlFields } from '../options/yaml-fields.ts';
import { isInside } from '../paths.ts';

const MARKDOWN = /\.(md|markdown)$/i;
/** Larger manuscripts are refused before parsing: they would take minutes and gigabytes. */
export const MAX_MANUSCRIPT_BYTES = 5 * 1024 * 1024;

/** What was read: an article, or a book's chapters (with its book.yaml when there is one). */
export interface LoadedManuscript {
  kind: 'article' | 'book';
  /** The Markdown files, in reading order. */
  files: VFile[];
  /** The book.yaml, when the book has one; its messages belong to the build's report. */
  bookFile?: VFile;
  /** The validated book.yaml. */
  book?: BookFile;
  /** Files with problems that stop the build (a bad path, a bad book.yaml). */
  problems: VFile[];
}

/** Reads the manuscript named by `input`. */
export async function loadManuscript(input: string): Promise<LoadedManuscript> {
  const resolved = path.resolve(input);
  try {
    const info = await stat(resolved);
    if (!info.isDirectory()) return withProblems({ kind: 'article', files: [await readMarkdown(resolved)], problems: [] });
    if (existsSync(path.join(resolved, 'book.yaml'))) return await loadBook(resolved);
    const names = (await readdir(resolved)).filter((name) => MARKDOWN.test(name)).sort();
    if (names.length === 0) {
      return problem(input, `The folder holds no Markdown (.md) file: put the manuscript there, or name the file itself`);
    }
    const files = await Promise.all(names.map((name) => readMarkdown(path.join(resolved, name))));
    return withProblems({ kind: names.length === 1 ? 'article' : 'book', files, problems: [] });
  } catch (error) {
    return problem(input, describeLoadError(error));
  }
}

async function loadBook(folder: string): Promise<LoadedManuscript> {
  const bookPath = path.join(folder, 'book.yaml');
  const bookFile = new VFile({ path: displayPath(bookPath), value: await readFile(bookPath, 'utf8') });
  const lines = String(bookFile.value).split('\n').length;
  const book = checkYamlFields(String(bookFile.value), bookFile, { firstLine: 1, block: { start: { line: 1, column: 1 }, end: { line: lines, column: 1 } } }, BookFileSchema);
  if (!book) return { kind: 'book', files: [], bookFile, problems: [bookFile] };
  const files: VFile[] = [];
  for (const chapter of book.chapters) {
    const chapterPath = path.resolve(folder, chapter);
    if (!isInside(folder, chapterPath) || !MARKDOWN.test(chapterPath) || !existsSync(chapterPath)) {
      const reason = !MARKDOWN.test(chapterPath)
        ? `The chapter ${chapter} is not a Markdown (.md) file`
        : !isInside(folder, chapterPath)
          ? `The chapter ${chapter} is outside the book's folder`
          : `The chapter ${chapter} does not exist`;
      const line = String(bookFile.value).split('\n').findIndex((text) => text.includes(chapter)) + 1;
      reportFatal(bookFile, reason, { place: { line: Math.max(line, 1), column: 1 }, ruleId: 'front-matter' });
      continue;
    }
    files.push(await readMarkdown(chapterPath));
  }
  const failed = bookFile.messages.some((message) => message.fatal);
  return withProblems({ kind: 'book', files, bookFile, book, problems: failed ? [bookFile] : [] });
}

/** Deeper nesting of block quotes and lists is refused: the tree walkers would run out of stack. */
export const MAX_NESTING = 100;

/** Reads a Markdown file as UTF-8 text; binary data, bad UTF-8 and absurd nesting are fatal messages on it. */
async function readMarkdown(file: string): Promise<VFile> {
  const info = await stat(file);
  if (info.size > MAX_MANUSCRIPT_BYTES) {
    throw Object.assign(new Error(`${displayPath(file)} is ${(info.size / 1024 / 1024).toFixed(1)} MB; Imprint builds manuscripts up to ${MAX_MANUSCRIPT_BYTES / 1024 / 1024} MB per file: split it into chapters`), { code: 'EFBIG' });
  }
  const bytes = await readFile(file);
  const vfile = new VFile({ path: displayPath(file) });
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    reportFatal(vfile, `This is binary data, not a Markdown text (a NUL byte at byte ${nul})`, { place: pointAt(bytes, nul), ruleId: 'input' });
    return vfile;
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) {
    reportFatal(vfile, `This is not valid UTF-8 (byte 0x${bytes[invalid]!.toString(16)} at byte ${invalid}): save the file as UTF-8`, { place: pointAt(bytes, invalid), ruleId: 'input' });
    return vfile;
  }
  // A byte order mark is allowed, but it is not text.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  vfile.value = text;
  const deep = tooDeep(text);
  if (deep) reportFatal(vfile, `Block quotes or lists nest more than ${MAX_NESTING} levels deep here: flatten the structure`, { place: deep, ruleId: 'input' });
  return vfile;
}

/** Line and column (1-based, in bytes) of a byte offset. */
function pointAt(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let index = bytes.indexOf(10); index !== -1 && index < offset; index = bytes.indexOf(10, index + 1)) {
    line += 1;
    start = index + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The offset of the first byte that breaks UTF-8, or -1. */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return index;
    index += length;
  }
  return -1;
}

/** The first place where block quote and list markers at a line's start nest deeper than allowed. */
function tooDeep(text: string): { line: number; column: number } | undefined {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const markers = /^(?:\s*(?:>|(?:[-*+]|\d{1,9}[.)])(?=\s|$)))+/.exec(line);
    if (!markers) continue;
    const depth = (markers[0].match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length + Math.floor((/^ */.exec(line)![0].length) / 2);
    if (depth > MAX_NESTING) return { line: index + 1, column: 1 };
  }
  return undefined;
}

/** Files that could not be read as text join the problems. */
function withProblems(loaded: LoadedManuscript): LoadedManuscript {
  const unreadable = loaded.files.filter((file) => file.messages.some((message) => message.fatal));
  return { ...loaded, problems: [...loaded.problems, ...unreadable] };
}

function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function problem(input: string, reason: string): LoadedManuscript {
  const file = new VFile({ path: input });
  reportFatal(file, reason, { ruleId: 'input' });
  return { kind: 'article', files: [], problems: [file] };
}

function describeLoadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or folder: check the path, or run from the folder that holds the manuscript';
  if (code === 'EACCES') return 'Permission denied: Imprint cannot read this file';
  if (code === 'EISDIR') return 'This is a folder, not a Markdown file';
  return (error as Error).message;
}
