/**
 * Writing editions without ever leaving a half-written or mixed set behind: every file is staged
 * beside its final name and only renamed into place once the whole build has succeeded.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnvironmentError } from './errors.ts';

/** Files staged in the output folder, committed together or discarded together. */
export interface Staging {
  /** Writes `name`'s content to a temporary file in the output folder; returns that file's URL. */
  stage(name: string, content: string | Uint8Array): Promise<URL>;
  /** Renames the staged files named in `keep` to their final names and removes the rest. */
  commit(keep: readonly string[]): Promise<void>;
  /** Removes every staged file; the output folder is as it was. */
  discard(): Promise<void>;
}

/** Opens a staging area in `outDir`, creating the folder when needed. */
export async function openStaging(outDir: string): Promise<Staging> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new EnvironmentError(`Cannot create the output folder ${outDir}: ${(error as Error).message}`);
  }
  const staged = new Map<string, string>();
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const discard = async () => {
    await Promise.all([...staged.values()].map((temporary) => rm(temporary, { force: true })));
    staged.clear();
  };
  return {
    discard,
    async stage(name, content) {
      // Same folder as the target, so the rename is atomic; a leading dot keeps it out of listings.
      const temporary = path.join(outDir, `.imprint-${tag}-${name}`);
      await writeFile(temporary, content);
      staged.set(name, temporary);
      return pathToFileURL(temporary);
    },
    async commit(keep) {
      for (const [name, temporary] of staged) {
        if (!keep.includes(name)) continue;
        await rename(temporary, path.join(outDir, name));
        staged.delete(name);
      }
      await discard();
    },
  };
}
