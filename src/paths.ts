/**
 * Paths: where Imprint's own files are (its styles, fonts and package.json), found from this module's
 * place, upwards, so the answer holds for the TypeScript sources (`src/…/x.ts`), the flat bundle
 * in `dist/` and an installed package alike, and never depends on the working directory.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`Imprint's package.json was not found above ${start}`);
  }
}

/** The folder holding Imprint's package.json. */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The absolute path of one of Imprint's own files, such as `packageFile('styles', 'base.css')`. */
export function packageFile(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}

/** Whether `target` lies inside `folder` (both absolute, resolved the same way); the folder itself is not inside. */
export function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** A file name from a title or a file's name: "My Article.md" → "my-article". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return slug || 'manuscript';
}
