/**
 * Many manuscripts in one go: one browser for all of them (started by the first build that needs
 * it), `jobs` builds at a time, results in the order of the inputs. A failure of the machine (the
 * browser, the disk) stops the batch: no build starts after it, and the ones running end before
 * the browser is closed.
 */
import pLimit from 'p-limit';
import { writeEmptyManifest } from '../archive/manifest.ts';
import { BrowserPool } from '../browser/pool.ts';
import type { BuildResult } from '../model.ts';
import { resolveJobs, resolveSettings } from '../options/build-options.ts';
import { withConfig } from '../options/config-file.ts';
import { runBuild, type BuildOptions } from './build.ts';
import { shardInputs, type Shard } from './shards.ts';

/** Options of {@link buildAll}: a build's, plus how many at once and which slice of the inputs. */
export interface BuildAllOptions extends Omit<BuildOptions, 'input'> {
  /** Builds at a time, sharing one browser. Default: the config file's `jobs`, else the number of cores plus two. */
  jobs?: number;
  /** Build only this slice of the inputs (see {@link shardInputs}). */
  shard?: Shard;
}

/** Builds every input (of the shard's inputs, with `shard`); results in the order of the inputs. */
export async function buildAll(allInputs: readonly string[], options: BuildAllOptions = {}): Promise<BuildResult[]> {
  const { jobs: wanted, shard, browser, signal, onProgress, config, ...shared } = options;
  const inputs = shard ? shardInputs(allInputs, shard) : allInputs;
  if (inputs.length === 0) {
    // An empty shard (more shards than inputs) still leaves a manifest, so that merging all the
    // shards' folders works.
    if (shard) await writeEmptyManifest(resolveSettings((await withConfig({ ...shared, input: allInputs[0] ?? '.' }, config)).settings).outDir);
    return [];
  }
  // Every input's settings (over the config file found for it) are checked before anything runs.
  const configured = await Promise.all(inputs.map((input) => withConfig({ ...shared, input }, config)));
  const settings = configured.map((each) => resolveSettings(each.settings));
  const jobs = resolveJobs(wanted ?? configured[0]!.jobs);
  const browsers = new BrowserPool({ signal, pageTimeoutMs: settings[0]!.pageTimeoutMs, borrowed: browser });
  try {
    if (settings[0]!.formats.includes('pdf')) await browsers.get();
    return await inTurn(inputs.length, jobs, (index) =>
      runBuild(settings[index]!, {
        browsers,
        onProgress: onProgress ? (line) => onProgress(`${inputs[index]}: ${line}`) : () => undefined,
        env: process.env,
      }),
    );
  } finally {
    await browsers.close();
  }
}

/** Runs `work` for 0…count-1, `jobs` at a time; after a failure no new work starts, and it is thrown once the running ones end. */
async function inTurn<T>(count: number, jobs: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const limit = pLimit(jobs);
  let failure: { error: unknown } | undefined;
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      limit(async () => {
        if (failure) return undefined;
        return work(index).catch((error: unknown) => {
          failure ??= { error };
          return undefined;
        });
      }),
    ),
  );
  if (failure) throw failure.error;
  return results as T[];
}
