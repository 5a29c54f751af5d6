/**
 * The preview's background editions: PDF and EPUB rebuilt after a quiet pause, one build at a
 * time (a change during a build asks for one more), all with the preview's one warm browser.
 */
import path from 'node:path';
import type { BrowserPool } from '../browser/pool.ts';
import { runBuild } from '../build/build.ts';
import { formatReport } from '../manuscript/report.ts';
import type { ResolvedSettings } from '../options/build-options.ts';

/** Debounced background builds. */
export interface BackgroundEditions {
  /** Builds once the pause has passed with no other call. */
  schedule(): void;
  /** Schedules nothing more. */
  stop(): void;
  /** Resolves when the build under way, if any, has ended. */
  settled(): Promise<void>;
}

/** Background builds of `settings` with `browsers`, `delay` ms after the last change. */
export function backgroundEditions(settings: ResolvedSettings, browsers: BrowserPool, onEvent: (line: string) => void, delay: number): BackgroundEditions {
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const buildOnce = async (): Promise<void> => {
    try {
      const result = await runBuild(settings, { browsers, onProgress: () => undefined, env: process.env });
      const problems = formatReport(result.files, { color: false });
      onEvent(result.ok ? `rebuilt ${result.artifacts.map((artifact) => path.basename(artifact.path)).join(', ')}` : `editions not rebuilt\n${problems}`);
    } catch (error) {
      onEvent(`editions not rebuilt: ${(error as Error).message}`);
    }
  };
  const buildEditions = async (): Promise<void> => {
    if (building) {
      again = true;
      return;
    }
    do {
      again = false;
      building = buildOnce();
      await building;
      building = undefined;
    } while (again && !stopped);
  };
  return {
    schedule() {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(() => void buildEditions(), delay);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    settled: async () => {
      await building?.catch(() => undefined);
    },
  };
}
