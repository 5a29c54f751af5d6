/**
 * Writing editions without ever leaving a half-written or mixed set behind: every file is staged
 * beside its final name and only renamed into place once the whole build has succeeded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnvironmentError } from '../options/errors.ts';
import { withFolderLock } from './lock.ts';

/** A staged file's size and checksum, for the manifest. */
export interface StagedFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** Files staged in the output folder, committed together or discarded together. */
export interface Staging {
  /** Writes `name`'s content to a temporary file in the output folder; returns that file's URL. */
  stage(name: string, content: string | Uint8Array): Promise<URL>;
  /** Size and checksum of a staged file. */
  describe(name: string): StagedFile;
  /**
   * Takes the output folder's lock, stages the files `lastly` returns (computed under the lock,
   * such as a manifest merged with the folder's current one), renames those and the staged files
   * named in `keep` to their final names, removes the rest, and releases the lock.
   */
  commit(keep: readonly string[], lastly?: () => Promise<Record<string, string>>): Promise<void>;
  /** Removes every staged file; the output folder is as it was. */
  discard(): Promise<void>;
}

function writeError(outDir: string, error: unknown): EnvironmentError {
  return new EnvironmentError(`Cannot write into the output folder ${outDir}: ${(error as Error).message}`);
}

/** Opens a staging area in `outDir`, creating the folder when needed. */
export async function openStaging(outDir: string): Promise<Staging> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new EnvironmentError(`Cannot create the output folder ${outDir}: ${(error as Error).message}`);
  }
  const staged = new Map<string, string>();
  const described = new Map<string, StagedFile>();
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const discard = async () => {
    await Promise.all([...staged.values()].map((temporary) => rm(temporary, { force: true })));
    staged.clear();
  };
  const stage = async (name: string, content: string | Uint8Array): Promise<URL> => {
    // Same folder as the target, so the rename is atomic; a leading dot keeps it out of listings.
    const temporary = path.join(outDir, `.imprint-${tag}-${name}`);
    await writeFile(temporary, content).catch((error: unknown) => {
      throw writeError(outDir, error);
    });
    staged.set(name, temporary);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    described.set(name, { name, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    return pathToFileURL(temporary);
  };
  return {
    discard,
    stage,
    describe(name) {
      const file = described.get(name);
      if (!file) throw new Error(`${name} was not staged`);
      return file;
    },
    async commit(keep, lastly) {
      // Builds stage in parallel; only the short step that reads and replaces shared files is locked.
      await withFolderLock(outDir, async () => {
        const extra = lastly ? await lastly() : {};
        for (const [name, content] of Object.entries(extra)) await stage(name, content);
        const names = [...keep, ...Object.keys(extra)];
        for (const [name, temporary] of staged) {
          if (!names.includes(name)) continue;
          await rename(temporary, path.join(outDir, name));
          staged.delete(name);
        }
      });
      await discard();
    },
  };
}
