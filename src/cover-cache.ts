/**
 * A content-addressed cache of generated covers: the same cover page photographed by the same
 * browser gives the same PNG, so a second build takes it from here and needs no browser for an
 * EPUB. Kept in IMPRINT_CACHE_DIR, else $XDG_CACHE_HOME/imprint, else ~/.cache/imprint;
 * IMPRINT_CACHE_DIR=off turns it off. A cache that cannot be read or written is skipped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { locateBrowser } from './browser.ts';

/** A cover found in the cache, and the browser that photographed it. */
export interface CachedCover {
  data: Uint8Array;
  chromium: string;
}

/** The cache folder for covers, or undefined when caching is off. */
export function coverCacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  const configured = env.IMPRINT_CACHE_DIR;
  if (configured === 'off') return undefined;
  const root = configured || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'imprint');
  return path.join(root, 'covers');
}

/**
 * The cover's cache key: its page, its size and the browser that would photograph it, named by
 * path, size and modification time (an upgraded browser makes new covers). Undefined without a browser.
 */
export async function coverKey(html: string, size: { width: number; height: number }, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const location = await locateBrowser(env).catch(() => undefined);
  if (!location) return undefined;
  const binary = await stat(location.executablePath).catch(() => undefined);
  if (!binary) return undefined;
  return createHash('sha256')
    .update(JSON.stringify({ browser: location.executablePath, bytes: binary.size, modified: binary.mtimeMs, size }))
    .update('\0')
    .update(html)
    .digest('hex');
}

export async function readCachedCover(folder: string, key: string): Promise<CachedCover | undefined> {
  try {
    const [data, about] = await Promise.all([readFile(path.join(folder, `${key}.png`)), readFile(path.join(folder, `${key}.json`), 'utf8')]);
    const { chromium } = JSON.parse(about) as { chromium?: unknown };
    return typeof chromium === 'string' ? { data, chromium } : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a cover; the description is written last, so a half-written entry is never read. */
export async function storeCachedCover(folder: string, key: string, cover: CachedCover): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
    const suffix = `.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    for (const [name, content] of [
      [`${key}.png`, cover.data],
      [`${key}.json`, `${JSON.stringify({ chromium: cover.chromium })}\n`],
    ] as const) {
      await writeFile(path.join(folder, name + suffix), content);
      await rename(path.join(folder, name + suffix), path.join(folder, name));
    }
  } catch {
    // The cache only saves time: a read-only or full disk costs the next build a photograph.
  }
}
