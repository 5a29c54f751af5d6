/**
 * Imprint's public API. `build` turns a Markdown manuscript into HTML, PDF and EPUB editions that
 * carry the original source attribution; the CLI is a thin layer over it.
 */
import { runBuild, type BuildResult } from './build.ts';
import { FORMATS, type BuildOptions, type Format } from './config.ts';

export { locateBrowser, type BrowserLocation } from './browser.ts';
export { EnvironmentError } from './errors.ts';
export type { Artifact, BuildResult } from './build.ts';
export { FORMATS, FrontMatterSchema, type BuildOptions, type Format, type FrontMatter } from './config.ts';
export { IMPRINT_VERSION } from './version.ts';

/** Raised for options that make no sense, before anything is read or launched. */
export class OptionsError extends Error {
  override name = 'OptionsError';
}

/** Parses a comma-separated list such as "html,pdf" into formats, in the order given, without repeats. */
export function parseFormats(list: string): Format[] {
  const formats = list
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  const unknown = formats.filter((item) => !(FORMATS as readonly string[]).includes(item));
  if (unknown.length > 0) {
    throw new OptionsError(`Unknown format ${unknown.map((item) => `"${item}"`).join(', ')}: choose from ${FORMATS.join(', ')}`);
  }
  if (formats.length === 0) throw new OptionsError(`No format given: choose from ${FORMATS.join(', ')}`);
  return [...new Set(formats as Format[])];
}

/** Builds one manuscript. Problems in the manuscript are messages on `result.file`, not exceptions. */
export function build(options: BuildOptions = {}): Promise<BuildResult> {
  const formats = options.formats ?? FORMATS;
  if (formats.length === 0) throw new OptionsError('No format given');
  parseFormats(formats.join(','));
  return runBuild({
    input: options.input ?? 'manuscript',
    outDir: options.outDir ?? 'output',
    formats: [...new Set(formats)],
    onProgress: options.onProgress ?? (() => undefined),
    env: process.env,
  });
}
