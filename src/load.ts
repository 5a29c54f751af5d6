/**
 * Turns the INPUT a user names into the files of a manuscript: a Markdown file (an article), a
 * folder holding one Markdown file (an article), or a folder of chapters (a book), ordered by
 * its `book.yaml` or by name. A bad path is a fatal message on a VFile, never an exception.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { BookFileSchema, type BookFile } from './config.ts';
import { checkYamlFields, fail } from './front-matter.ts';

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
    if (!info.isDirectory()) return { kind: 'article', files: [await readMarkdown(resolved)], problems: [] };
    if (existsSync(path.join(resolved, 'book.yaml'))) return await loadBook(resolved);
    const names = (await readdir(resolved)).filter((name) => MARKDOWN.test(name)).sort();
    if (names.length === 0) {
      return problem(input, `The folder holds no Markdown (.md) file: put the manuscript there, or name the file itself`);
    }
    const files = await Promise.all(names.map((name) => readMarkdown(path.join(resolved, name))));
    return { kind: names.length === 1 ? 'article' : 'book', files, problems: [] };
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
    if (!chapterPath.startsWith(folder + path.sep) || !MARKDOWN.test(chapterPath) || !existsSync(chapterPath)) {
      const reason = !MARKDOWN.test(chapterPath)
        ? `The chapter ${chapter} is not a Markdown (.md) file`
        : !chapterPath.startsWith(folder + path.sep)
          ? `The chapter ${chapter} is outside the book's folder`
          : `The chapter ${chapter} does not exist`;
      const line = String(bookFile.value).split('\n').findIndex((text) => text.includes(chapter)) + 1;
      fail(bookFile, reason, { line: Math.max(line, 1), column: 1 });
      continue;
    }
    files.push(await readMarkdown(chapterPath));
  }
  const failed = bookFile.messages.some((message) => message.fatal);
  return { kind: 'book', files, bookFile, book, problems: failed ? [bookFile] : [] };
}

async function readMarkdown(file: string): Promise<VFile> {
  const info = await stat(file);
  if (info.size > MAX_MANUSCRIPT_BYTES) {
    throw Object.assign(new Error(`${displayPath(file)} is ${(info.size / 1024 / 1024).toFixed(1)} MB; Imprint builds manuscripts up to ${MAX_MANUSCRIPT_BYTES / 1024 / 1024} MB per file: split it into chapters`), { code: 'EFBIG' });
  }
  return new VFile({ path: displayPath(file), value: await readFile(file, 'utf8') });
}

function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function problem(input: string, reason: string): LoadedManuscript {
  const file = new VFile({ path: input });
  const message = file.message(reason, { ruleId: 'input', source: 'imprint' });
  message.fatal = true;
  return { kind: 'article', files: [], problems: [file] };
}

function describeLoadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or folder: check the path, or run from the folder that holds the manuscript';
  if (code === 'EACCES') return 'Permission denied: Imprint cannot read this file';
  if (code === 'EISDIR') return 'This is a folder, not a Markdown file';
  return (error as Error).message;
}
