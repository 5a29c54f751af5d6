/**
 * A content-addressed cache of what the browser computed, so that a second build of the same
 * manuscript skips work whose result is known: the cover photograph (an EPUB then needs no
 * browser) and the pages a book's headings land on (its PDF is then printed once, not twice).
 * Entries are named by a hash of their inputs and of the browser (path, size, modification time:
 * an upgraded browser starts afresh); an entry is only a starting point that the build checks.
 * Kept in IMPRINT_CACHE_DIR, else $XDG_CACHE_HOME/imprint, else ~/.cache/imprint;
 * IMPRINT_CACHE_DIR=off turns it off. A cache that cannot be read or written is skipped.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { locateBrowser } from '../browser/locate.ts';
import { writeAtomically } from './write.ts';

/** One kind of entry, in its own folder of the cache. */
export type CacheKind = 'covers' | 'contents';

/** A cache of one kind, bound to the browser that would do the work. */
export interface BuildCache {
  /** The entry name for these inputs. */
  key(...inputs: Array<string | Uint8Array>): string;
  read(name: string): Promise<Buffer | undefined>;
  /** Stores an entry atomically, so a half-written entry is never read. */
  write(name: string, data: string | Uint8Array): Promise<void>;
  /** An entry stored as JSON; undefined when missing or damaged (a damaged entry is a miss). */
  readJson(name: string): Promise<unknown>;
  writeJson(name: string, value: unknown): Promise<void>;
}

/** The cache of `kind`, or undefined when caching is off or no browser can be named. */
export async function openBuildCache(kind: CacheKind, env: NodeJS.ProcessEnv): Promise<BuildCache | undefined> {
  const configured = env.IMPRINT_CACHE_DIR;
  if (configured === 'off') return undefined;
  const root = configured || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'imprint');
  const folder = path.join(root, kind);
  const location = await locateBrowser(env).catch(() => undefined);
  const binary = location ? await stat(location.executablePath).catch(() => undefined) : undefined;
  if (!location || !binary) return undefined;
  const browser = JSON.stringify({ path: location.executablePath, bytes: binary.size, modified: binary.mtimeMs });
  const cache: BuildCache = {
    key(...inputs) {
      const hash = createHash('sha256').update(browser);
      for (const input of inputs) hash.update('\0').update(input);
      return hash.digest('hex');
    },
    async read(name) {
      return readFile(path.join(folder, name)).catch(() => undefined);
    },
    async write(name, data) {
      try {
        await writeAtomically(path.join(folder, name), data);
      } catch {
        // The cache only saves time: a read-only or full disk costs the next build some work.
      }
    },
    async readJson(name) {
      const data = await cache.read(name);
      try {
        return data ? (JSON.parse(data.toString('utf8')) as unknown) : undefined;
      } catch {
        return undefined;
      }
    },
    writeJson(name, value) {
      return cache.write(name, `${JSON.stringify(value)}\n`);
    },
  };
  return cache;
}
