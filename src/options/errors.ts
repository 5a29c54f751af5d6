/**
 * The errors a caller can tell apart. Problems in a manuscript are never thrown: they are vfile
 * messages at their place. These are for the machine (no browser, an unwritable folder), for
 * options that make no sense, and for manifests that contradict each other; and the one way a
 * stage reports a problem that stops the build.
 */
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';

/** A failure of the environment (no browser, an unwritable folder), with the fix in its message. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Raised for options that make no sense, before anything is read or launched. */
export class OptionsError extends Error {
  override name = 'OptionsError';
}

/** Raised when manifests to be merged contradict each other; the message names the entry and both sources. */
export class ManifestConflictError extends Error {
  override name = 'ManifestConflictError';
}

/**
 * A project's config file that does not check out: its problems are messages on `file`, at their
 * line and column where the file has lines (JSON, YAML), for vfile-reporter to print.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly file: VFile;

  constructor(file: VFile) {
    super(`The config file ${file.path} has ${file.messages.length === 1 ? 'a problem' : `${file.messages.length} problems`}: ${file.messages[0]?.reason ?? ''}`);
    this.file = file;
  }
}

/**
 * A manuscript whose problems stopped the build, for a caller who asked `build()` to throw rather
 * than return `ok: false` (`throwOnError`): `files` carry the vfile messages, at their places.
 */
export class ManuscriptError extends Error {
  override name = 'ManuscriptError';
  readonly files: VFile[];

  constructor(files: VFile[]) {
    const fatal = files.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => `${file.path}:${message.line ?? 1}:${message.column ?? 1}: ${message.reason}`));
    super(`The manuscript could not be built: ${fatal[0] ?? 'see the messages on its files'}${fatal.length > 1 ? ` (and ${fatal.length - 1} more)` : ''}`);
    this.files = files;
  }
}

/** Where a problem in a manuscript is and which rule found it. */
export interface ProblemPlace {
  place?: Point | Position | undefined;
  ruleId: string;
}

/** Reports a problem that stops the build, on the file it is in, at its place when known. */
export function reportFatal(file: VFile, reason: string, { place, ruleId }: ProblemPlace): void {
  const message = file.message(reason, { ...(place ? { place } : {}), ruleId, source: 'imprint' });
  message.fatal = true;
}
