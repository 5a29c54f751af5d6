/**
 * Watching a manuscript's folder for saves. An editor's save is often several events (write,
 * rename), so a change is reported once they settle; the editions written into an output folder
 * inside the manuscript's, and Imprint's own staged files, are not changes.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedSettings } from '../options/build-options.ts';
import { isInside } from '../paths.ts';

/** Quiet time after a file event before a change is reported. */
const SETTLE_MS = 20;

/** Calls `onChange` after each settled change under the manuscript's folder; close() stops. */
export async function watchManuscript(settings: ResolvedSettings, onChange: () => void): Promise<{ close(): void }> {
  const watched = (await stat(settings.input)).isDirectory() ? settings.input : path.dirname(settings.input);
  const outDir = path.resolve(settings.outDir);
  let settle: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(watched, { recursive: true }, (_event, name) => {
    const changed = name ? path.resolve(watched, name.toString()) : undefined;
    if (changed && (changed === outDir || isInside(outDir, changed) || path.basename(changed).startsWith('.imprint-'))) return;
    clearTimeout(settle);
    settle = setTimeout(onChange, SETTLE_MS);
  });
  return {
    close() {
      clearTimeout(settle);
      watcher.close();
    },
  };
}
