/**
 * `imprint init`: a starter book that builds as it is and shows every front matter field, so a
 * new user edits text instead of reading the documentation first. The book is the files of
 * `template/`, copied as they are.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { OptionsError } from '../options/errors.ts';
import { packageFile } from '../paths.ts';

/** The starter book's files, in Imprint's own folder. */
const TEMPLATE = packageFile('src', 'init', 'template');

/** Writes the starter book into `folder`; refuses, writing nothing, if any of its files exists. Returns the files written. */
export async function init(folder: string): Promise<string[]> {
  const names = (await readdir(TEMPLATE, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(TEMPLATE, path.join(entry.parentPath, entry.name)))
    .sort();
  const targets = names.map((name) => path.join(folder, name));
  const existing = targets.filter((target) => existsSync(target));
  if (existing.length > 0) {
    throw new OptionsError(`init does not overwrite files; these exist already: ${existing.join(', ')}`);
  }
  for (const name of names) {
    const target = path.join(folder, name);
    await mkdir(path.dirname(target), { recursive: true });
    // COPYFILE_EXCL: never replace a file that appeared since the check.
    await copyFile(path.join(TEMPLATE, name), target, 1);
  }
  return targets;
}
