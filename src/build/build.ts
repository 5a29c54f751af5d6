/**
 * One build: load → process → plan → render HTML → print PDF | pack EPUB → record and write. For
 * a PDF, Chromium starts first and the Markdown pipeline loads and parses while it starts; the
 * EPUB is packed while Chromium prints. The browser belongs to a BrowserPool: a build that was
 * given none opens its own and closes it in `finally`.
 */
import { openStaging } from '../archive/staging.ts';
import { BrowserPool } from '../browser/pool.ts';
import type { BrowserSession } from '../browser/session.ts';
import type { BuildResult } from '../model.ts';
import { resolveSettings, type BuildSettings, type ResolvedSettings } from '../options/build-options.ts';
import { withConfig, type ConfigChoice } from '../options/config-file.ts';
import { ManuscriptError } from '../options/errors.ts';
import { requestPolicy } from './policy.ts';
import type { EditionContext, StagedEditions } from './editions.ts';
import { mark } from '../timeline.ts';

/** Options of {@link build}: the settings, and how the build reports and can be stopped. */
export interface BuildOptions extends BuildSettings {
  /** A browser opened with `openBrowser()` to print with, kept open afterwards: several builds can share one. */
  browser?: BrowserSession;
  /** Aborting it (for example on Ctrl-C) closes the browser and stops the build; nothing is written. */
  signal?: AbortSignal;
  /** Receives one short line per finished stage; silent when absent. */
  onProgress?: (line: string) => void;
  /**
   * The project's config file (see the README's "Config file"): a path, or `false` for none. By
   * default the first found from the input's folder upwards. The options given here win over it.
   */
  config?: ConfigChoice;
  /** Throw a ManuscriptError (with the vfile messages) when the manuscript's problems stop the build, instead of returning `ok: false`. */
  throwOnError?: boolean;
}

/** What a build borrows from whoever runs it. */
export interface BuildContext {
  browsers: BrowserPool;
  onProgress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Builds one manuscript. Problems in the manuscript are messages on `result.file`, not exceptions. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const settings = resolveSettings((await withConfig(options, options.config)).settings);
  const browsers = new BrowserPool({ signal: options.signal, pageTimeoutMs: settings.pageTimeoutMs, borrowed: options.browser });
  try {
    const result = await runBuild(settings, { browsers, onProgress: options.onProgress ?? (() => undefined), env: process.env });
    if (!result.ok && options.throwOnError) throw new ManuscriptError(result.files);
    return result;
  } finally {
    await browsers.close();
  }
}

/** Runs one build with a borrowed browser pool; throws only for failures of the machine (EnvironmentError). */
export async function runBuild(settings: ResolvedSettings, context: BuildContext): Promise<BuildResult> {
  const started = performance.now();
  // Stages overlap, so each line gives the time since the build started.
  const progress = (stage: string) => context.onProgress(`${stage} (at ${Math.round(performance.now() - started)} ms)`);
  if (settings.formats.includes('pdf')) context.browsers.warm();
  const { readManuscript } = await import('../manuscript/assemble.ts');
  const read = await readManuscript(settings.input, { allowRemote: settings.allowRemote, highlight: settings.highlight });
  const manuscript = read.manuscript;
  const failed = (file = read.files.find((candidate) => candidate.messages.some((message) => message.fatal)) ?? read.files[0]!): BuildResult => ({
    file,
    files: read.files,
    ok: false,
    artifacts: [],
  });
  if (!manuscript) return failed();
  const file = manuscript.primary;
  mark('manuscript parsed');
  progress(`parsed ${manuscript.kind === 'book' ? `${manuscript.chapters.length} chapters of ${manuscript.primary.dirname}` : file.path}`);
  const [{ planEdition }, { recordAndCommit }] = await Promise.all([import('./plan.ts'), import('./record.ts')]);
  const plan = await planEdition(manuscript, settings, context.env);
  if (!plan) return failed(file);
  const staging = await openStaging(settings.outDir);
  try {
    const policy = requestPolicy(file, settings.allowRemote, { outDir: settings.outDir, home: plan.home });
    const staged = await stageEditions({ plan, settings, file, staging, policy, browsers: context.browsers, env: context.env, progress });
    const kept = [...settings.formats.map((format) => plan.names[format]), ...(settings.booklet ? [plan.names.booklet] : []), ...staged.covers];
    const recorded = await recordAndCommit(plan, staging, kept, settings.outDir, staged.browserVersion);
    mark('files written, manifest recorded');
    progress(`wrote ${recorded.artifacts.map((artifact) => artifact.path).join(', ')}`);
    const { browserVersion } = staged;
    return { file, files: manuscript.files, ok: true, ...recorded, buildDate: plan.buildDate.date, ...(browserVersion ? { browserVersion } : {}) };
  } finally {
    await staging.discard();
  }
}

/** Runs the stages the formats ask for, side by side; both end before the staging is committed or discarded. */
async function stageEditions(context: EditionContext): Promise<{ browserVersion?: string; covers: string[] }> {
  const { printEditions, renderHtmlEdition, packEpubEdition } = await import('./editions.ts');
  const { formats } = context.settings;
  const stages: Array<Promise<StagedEditions>> = [];
  if (formats.includes('pdf')) stages.push(printEditions(context));
  else if (formats.includes('html')) stages.push(renderHtmlEdition(context));
  // Started after the print was asked for, so the EPUB packs while Chromium prints.
  if (formats.includes('epub')) stages.push(packEpubEdition(context));
  const outcomes = await Promise.allSettled(stages);
  const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  const done = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const browserVersion = done.find((stage) => stage.browserVersion)?.browserVersion;
  return { ...(browserVersion ? { browserVersion } : {}), covers: done.flatMap((stage) => (stage.cover ? [stage.cover] : [])) };
}
