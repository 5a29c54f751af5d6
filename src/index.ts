/**
 * Imprint's public API: turn a Markdown manuscript into HTML, PDF and EPUB editions that carry
 * the original source attribution, check written editions against their manifest, preview while
 * writing. The `imprint` command is a thin layer over these. This module only re-exports.
 */

/** Builds one manuscript's editions; problems in the manuscript are messages on the result, never exceptions. */
export { build, type BuildOptions } from './build/build.ts';
/** Builds many manuscripts with one browser, `jobs` at a time, optionally one shard of them. */
export { buildAll, type BuildAllOptions } from './build/batch.ts';
/** `--shard K/N` as a library: parse "K/N" and pick a shard's inputs (sorted by path, dealt in turn). */
export { parseShard, shardInputs, type Shard } from './build/shards.ts';
/** A live preview of the HTML edition on 127.0.0.1, with PDF and EPUB rebuilt in the background (`imprint watch`); `watch` and `preview` are one function. */
export { preview, preview as watch, type Preview, type PreviewOptions } from './preview/preview.ts';
/** Checks output folders and files against their manifest and the attribution they carry. */
export { verify, type FileCheck, type VerifyReport } from './verify/verify.ts';
/** Web captures (saved pages, text captures, addresses) made into attributed manuscripts, with where each field came from. */
export { importCaptures, type ImportedField, type ImportOptions, type ImportReport } from './import/import.ts';
/** Writes a starter book into a folder. */
export { init } from './init/init.ts';
/** Joins the manifests of several output folders (the shards of one archive) into one. */
export { mergeManifests, type MergedManifest } from './archive/merge.ts';
/** Reads a folder's manifest.json through its schema: the manifest, or what is wrong with it. */
export { readManifest, type ManifestRead } from './archive/manifest.ts';
/** The manifest's format, name, schema and types. */
export {
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  ManifestSchema,
  type Manifest,
  type ManifestArtifact,
  type ManifestManuscript,
} from './options/manifest.ts';
/** Finds a Chrome or Chromium as a build would, or downloads Chrome for Testing into Puppeteer's cache. */
export { locateBrowser, installChrome, type BrowserLocation } from './browser/locate.ts';
/** Opens a browser a caller owns and closes; pass it as `browser` to builds to share it. */
export { openBrowser, type BrowserSession } from './browser/session.ts';
/** The errors a caller can tell apart: the machine's, the options', a config file's, a manuscript's (with `throwOnError`), and manifests that disagree. */
export { ConfigError, EnvironmentError, ManifestConflictError, ManuscriptError, OptionsError } from './options/errors.ts';
/** The choices of the build settings, and the settings themselves. */
export { FORMATS, LAYOUTS, PAPERS, type BuildSettings, type Format, type Layout, type Paper } from './options/build-options.ts';
/** The front matter contract, as a valibot schema, and its types. */
export { FOOTNOTE_PLACES, FrontMatterSchema, type FootnotePlace, type FrontMatter } from './options/front-matter.ts';
/** A manuscript's problems as text (vfile-reporter), as the command prints them. */
export { formatReport } from './manuscript/report.ts';
/** What a build gives back. */
export type { Artifact, BuildResult } from './model.ts';
/** Imprint's version, as stamped into every edition. */
export { IMPRINT_VERSION } from './version.ts';
