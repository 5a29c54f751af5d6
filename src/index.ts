/**
 * Imprint's public API. `build` turns a Markdown manuscript into HTML, PDF and EPUB editions that
 * carry the original source attribution; the CLI is a thin layer over it.
 *
 * Heavy modules (the Markdown pipeline, pdf-lib, the EPUB packer, Puppeteer) are imported when a
 * call needs them, not here: a build starts Chromium first and loads them while it starts.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DEFAULT_PAGE_TIMEOUT_MS, openBrowser, type BrowserSession } from './browser/browser.ts';
import { runBuild, type BuildResult, type ResolvedBuildOptions } from './build/build.ts';
import type { Preview } from './preview/watch.ts';
import type { VerifyReport } from './verify/verify.ts';
import { shardInputs, type Shard } from './build/shards.ts';
import { writeEmptyManifest } from './archive/manifest.ts';
import { OptionsError } from './options/errors.ts';
import { FOOTNOTE_PLACES, FORMATS, LAYOUTS, PAPERS, type BuildOptions, type Format } from './options/front-matter.ts';

export { locateBrowser, openBrowser, type BrowserLocation, type BrowserSession } from './browser/browser.ts';
export { EnvironmentError, OptionsError } from './options/errors.ts';
export { init } from './init/init.ts';
export type { Artifact, BuildResult } from './build/build.ts';
export {
  FOOTNOTE_PLACES,
  FORMATS,
  FrontMatterSchema,
  LAYOUTS,
  PAPERS,
  type BuildOptions,
  type FootnotePlace,
  type Format,
  type FrontMatter,
  type Layout,
  type Paper,
} from './options/front-matter.ts';
export { IMPRINT_VERSION } from './version.ts';
export { parseShard, shardInputs, type Shard } from './build/shards.ts';
export { ManifestConflictError, mergeManifests, type MergedManifest } from './archive/merge.ts';
export { MANIFEST_FORMAT, MANIFEST_NAME, type Manifest, type ManifestArtifact, type ManifestManuscript } from './archive/manifest.ts';
export type { FileCheck, VerifyReport } from './verify/verify.ts';
export type { Preview } from './preview/watch.ts';


/** Parses a comma-separated list such as "html,pdf" into formats, in the order given, without repeats. */
export function parseFormats(list: string): Format[] {
  const formats = list
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  if (formats.length === 0) throw new OptionsError(`No format given: choose from ${FORMATS.join(', ')}`);
  return [...new Set(formats.map((format) => oneOf('format', format, FORMATS)))];
}

/** Checks that `value` is one of `choices`, naming the option in the error. */
export function oneOf<T extends string>(option: string, value: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === value.trim().toLowerCase());
  if (!found) throw new OptionsError(`Unknown ${option} "${value}": choose from ${choices.join(', ')}`);
  return found;
}

/** Applies the defaults and rejects options that contradict each other, before anything runs. */
export function resolveOptions(options: BuildOptions, env: NodeJS.ProcessEnv): ResolvedBuildOptions {
  const formats = parseFormats((options.formats ?? FORMATS).join(','));
  const paper = oneOf('paper', options.paper ?? 'a4', PAPERS);
  const layout = options.layout === undefined ? undefined : oneOf('layout', options.layout, LAYOUTS);
  const footnotes = options.footnotes === undefined ? undefined : oneOf('footnotes', options.footnotes, FOOTNOTE_PLACES);
  if (options.booklet && paper === 'a5') {
    throw new OptionsError('A booklet is imposed on A4 or letter sheets: use --paper a4 or --paper letter with --booklet');
  }
  if (options.pdfa && !formats.includes('pdf')) {
    throw new OptionsError('--pdfa applies to the PDF: add pdf to --format, or leave out --pdfa');
  }
  if (options.booklet && !formats.includes('pdf')) {
    throw new OptionsError('A booklet is made from the PDF: add pdf to --format, or leave out --booklet');
  }
  return {
    cover: options.cover === undefined ? undefined : coverImage(options.cover),
    embedFonts: options.embedFonts === true,
    pdfa: options.pdfa === true,
    style: options.style === undefined ? undefined : userStyle(options.style),
    allowRemote: options.allowRemote === true,
    input: options.input ?? 'manuscript',
    outDir: options.outDir ?? 'output',
    formats,
    paper,
    layout,
    footnotes,
    booklet: options.booklet && paper !== 'a5' ? paper : false,
    browser: options.browser,
    launchBrowser: undefined,
    signal: options.signal,
    pageTimeoutMs: pageTimeout(options.timeout),
    onProgress: options.onProgress ?? (() => undefined),
    env,
  };
}

const COVER_TYPES: Record<string, 'image/png' | 'image/jpeg'> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

function coverImage(file: string): { path: string; mediaType: 'image/png' | 'image/jpeg' } {
  const mediaType = COVER_TYPES[path.extname(file).toLowerCase()];
  if (!mediaType) throw new OptionsError(`The cover ${file} must be a PNG or JPEG image`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new OptionsError(`The cover ${file} does not exist`);
  return { path: path.resolve(file), mediaType };
}

/** Options of {@link preview}: a build's, plus the port and the pause before editions are rebuilt. */
export interface PreviewOptions extends Omit<BuildOptions, 'browser'> {
  /** TCP port on 127.0.0.1. Default 4321; 0 picks a free one. */
  port?: number;
  /** Milliseconds without changes before PDF and EPUB are rebuilt. Default 800. */
  backgroundDelay?: number;
  /** One line per event. */
  onEvent?: (line: string) => void;
}

/** Serves a live preview of the HTML edition and rebuilds the editions on every save. */
export async function preview(options: PreviewOptions = {}): Promise<Preview> {
  const resolved = resolveOptions(options, process.env);
  const port = options.port ?? 4321;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionsError(`--port must be a number from 0 to 65535, not ${port}`);
  const { watch } = await import('./preview/watch.ts');
  return watch({ ...resolved, port, backgroundDelay: options.backgroundDelay ?? 800, onEvent: options.onEvent ?? (() => undefined) });
}

function pageTimeout(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_PAGE_TIMEOUT_MS;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new OptionsError(`--timeout must be a positive number of seconds, not ${seconds}`);
  return Math.round(seconds * 1000);
}

function userStyle(file: string): string {
  if (path.extname(file).toLowerCase() !== '.css') throw new OptionsError(`The style ${file} must be a .css file`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new OptionsError(`The style ${file} does not exist`);
  return path.resolve(file);
}

/**
 * The number of cores plus two: a build spends part of its time waiting for Chromium, and another
 * build can use the core meanwhile (on 2 cores, 20 articles build in 6.2 s with 4 at a time, 7.0 s with 2).
 */
export function defaultJobs(): number {
  return availableParallelism() + 2;
}

/** Options of {@link buildAll}: a build's, plus how many at once and which slice of the inputs. */
export interface BuildAllOptions extends Omit<BuildOptions, 'input'> {
  /** Builds at a time, sharing one browser. Default: {@link defaultJobs}. */
  jobs?: number;
  /** Build only this slice of the inputs (see {@link shardInputs}). */
  shard?: Shard;
}

/**
 * Builds many manuscripts in one go: one browser for all of them, `jobs` builds at a time (default:
 * {@link defaultJobs}). Results come back in the order of `inputs` (of the shard's inputs, with `shard`).
 */
export async function buildAll(allInputs: readonly string[], options: BuildAllOptions = {}): Promise<BuildResult[]> {
  const inputs = options.shard ? shardInputs(allInputs, options.shard) : allInputs;
  if (inputs.length === 0) {
    // An empty shard (more shards than inputs) still leaves a manifest, so that merging all the
    // shards' folders works.
    if (options.shard) await writeEmptyManifest(options.outDir ?? 'output');
    return [];
  }
  const jobs = options.jobs ?? defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1) throw new OptionsError(`--jobs must be a whole number from 1 up, not ${jobs}`);
  const { jobs: _jobs, shard: _shard, ...buildOptions } = options;
  const resolved = resolveOptions({ ...buildOptions, input: inputs[0] ?? 'manuscript' }, process.env);
  // One browser for all the builds, started by the first that needs it (at once for PDFs; for
  // EPUBs only when a cover is not in the cache).
  let launch: Promise<BrowserSession> | undefined;
  const launchBrowser = options.browser
    ? () => Promise.resolve(options.browser!)
    : () => (launch ??= openBrowser(resolved.signal, resolved.pageTimeoutMs));
  if (resolved.formats.includes('pdf')) await launchBrowser();
  try {
    const results: BuildResult[] = new Array(inputs.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (next < inputs.length && !failure) {
        const index = next++;
        const input = inputs[index]!;
        try {
          results[index] = await runBuild({
            ...resolveOptions(
              {
                ...buildOptions,
                input,
                ...(options.onProgress ? { onProgress: (line: string) => options.onProgress!(`${input}: ${line}`) } : {}),
              },
              process.env,
            ),
            launchBrowser,
          });
        } catch (error) {
          // A failure of the machine (the browser, the disk) stops the batch: no build starts after
          // it, and the ones running end before the browser is closed.
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, inputs.length) }, worker));
    if (failure) throw failure.error;
    return results;
  } finally {
    if (launch) await launch.then((browser) => browser.close(), () => undefined);
  }
}

/** Verifies output folders (by their manifest) and single files; with no target, `output`. */
export async function verify(targets: readonly string[]): Promise<VerifyReport> {
  const { verify: verifyTargets } = await import('./verify/verify.ts');
  return verifyTargets(targets);
}

/** Builds one manuscript. Problems in the manuscript are messages on `result.file`, not exceptions. */
export function build(options: BuildOptions = {}): Promise<BuildResult> {
  return runBuild(resolveOptions(options, process.env));
}
