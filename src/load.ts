/**
 * Turns the INPUT a user names — a Markdown file, or a folder holding one — into a VFile, or a
 * VFile carrying a fatal message that says what is wrong with the path.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';

const MARKDOWN = /\.(md|markdown)$/i;

/** Reads the manuscript; never throws for a bad path, so the CLI can report it like any other problem. */
export async function loadManuscript(input: string): Promise<VFile> {
  const resolved = path.resolve(input);
  try {
    const info = await stat(resolved);
    const filePath = info.isDirectory() ? await onlyMarkdownFile(resolved) : resolved;
    return new VFile({ path: path.relative(process.cwd(), filePath) || filePath, value: await readFile(filePath, 'utf8') });
  } catch (error) {
    const file = new VFile({ path: input });
    const message = file.message(describeLoadError(error), { ruleId: 'input', source: 'imprint' });
    message.fatal = true;
    return file;
  }
}

async function onlyMarkdownFile(folder: string): Promise<string> {
  const names = (await readdir(folder)).filter((name) => MARKDOWN.test(name)).sort();
  if (names.length === 1) return path.join(folder, names[0]!);
  throw new Error(
    names.length === 0
      ? `The folder ${folder} holds no Markdown (.md) file: put the manuscript there, or name the file itself`
      : `The folder ${folder} holds ${names.length} Markdown files (${names.join(', ')}): name the one to build`,
  );
}

function describeLoadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or folder: check the path, or run from the folder that holds the manuscript';
  if (code === 'EACCES') return 'Permission denied: Imprint cannot read this file';
  if (code === 'EISDIR') return 'This is a folder, not a Markdown file';
  return (error as Error).message;
}
