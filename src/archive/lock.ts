/**
 * The output folder's lock, so that builds (and manifest merges) writing into one folder take
 * turns for the short step that reads and replaces shared files. proper-lockfile holds it as a
 * directory whose modification time the holder refreshes: a lock left by a crashed build is
 * stale once that time is old, which holds across containers and hosts sharing the folder (the
 * shards of an archive), where a process id means nothing.
 */
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { EnvironmentError } from '../options/errors.ts';

/** The lock's name in the output folder. */
export const LOCK_NAME = '.imprint.lock';

/** How long a build waits for another one writing into the same folder. */
const WAIT_MS = 120_000;
const RETRY_MS = 100;
/** A lock not refreshed for this long belongs to a build that is gone. */
const STALE_MS = 10_000;

/** Runs `work` while holding `folder`'s lock; the folder must exist. */
export async function withFolderLock<T>(folder: string, work: () => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(folder, {
      lockfilePath: path.join(folder, LOCK_NAME),
      realpath: false,
      stale: STALE_MS,
      retries: { retries: WAIT_MS / RETRY_MS, factor: 1, minTimeout: RETRY_MS, maxTimeout: RETRY_MS },
      // The default throws from a timer, which would end the process: the build reports it instead.
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new EnvironmentError(`Another Imprint build is writing into ${folder}; try again when it has finished`);
    }
    throw new EnvironmentError(`Cannot lock the output folder ${folder}: ${(error as Error).message}`);
  }
  let result: T;
  try {
    result = await work();
  } finally {
    await release().catch(() => undefined);
  }
  // A lost lock makes the written set untrustworthy.
  if (compromised) throw new EnvironmentError(`The lock on ${folder} was taken over while this build was writing (${compromised.message}): build again`);
  return result;
}
