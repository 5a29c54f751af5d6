/**
 * `manifest.json`: the record of a fixed edition. It says which Imprint, Node and Chromium built
 * it and when, the checksums of the manuscript's source files and its attribution, and the size
 * and checksum of every file written, so `imprint verify` can tell a changed file years later.
 * The format is documented in the README and versioned by its `format` field.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FrontMatter } from '../options/front-matter.ts';
import { IMPRINT_VERSION } from '../version.ts';

/** The file name, in the output folder. */
export const MANIFEST_NAME = 'manifest.json';
/** The manifest format this version writes and reads. */
export const MANIFEST_FORMAT = 1;

/** What a written file is. */
export type ArtifactRole = 'edition' | 'booklet' | 'cover';

/** One written file. */
export interface ManifestArtifact {
  /** Relative to the manifest's folder, with `/` separators. */
  path: string;
  format: 'html' | 'pdf' | 'epub' | 'png' | 'jpg';
  role: ArtifactRole;
  /** The slug of the manuscript it was built from. */
  manuscript: string;
  bytes: number;
  sha256: string;
}

/** One manuscript and where its text comes from. */
export interface ManifestManuscript {
  slug: string;
  /** The Markdown file and the images it uses; paths relative to the manifest's folder. */
  sources: Array<{ path: string; sha256: string }>;
  /** The validated front matter: the attribution every edition carries. */
  attribution: FrontMatter;
  buildDate: string;
}

/** The whole manifest. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  imprint: string;
  node: string;
  /** The browser that printed and photographed, or null when none was needed. */
  chromium: string | null;
  /** The date stamped into the editions of the latest build, and the rule that chose it. */
  buildDate: string;
  buildDateFrom: string;
  manuscripts: ManifestManuscript[];
  artifacts: ManifestArtifact[];
}

/** SHA-256 of a file's bytes, as hex. */
export async function fileSha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** A path relative to the manifest's folder, with `/` separators whatever the platform. */
export function manifestPath(folder: string, file: string): string {
  return path.relative(folder, file).split(path.sep).join('/');
}

/** Reads a folder's manifest; undefined when there is none or it is not one this version understands. */
export function readManifest(folder: string): Promise<Manifest | undefined> {
  return readManifestFile(path.join(folder, MANIFEST_NAME));
}

/** Reads a manifest file, whatever its name; undefined when it is missing or not a manifest of this version. */
export async function readManifestFile(file: string): Promise<Manifest | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
    return manifest.format === MANIFEST_FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * This build's entries merged into the folder's previous manifest: other manuscripts' entries
 * stay (their files are still there), this manuscript's are replaced.
 */
export function mergeManifest(previous: Manifest | undefined, next: Manifest, folder: string): Manifest {
  const replaced = new Set(next.manuscripts.map((manuscript) => manuscript.slug));
  const written = new Set(next.artifacts.map((artifact) => artifact.path));
  const keptArtifacts = (previous?.artifacts ?? []).filter(
    (artifact) => !replaced.has(artifact.manuscript) && !written.has(artifact.path) && existsSync(path.join(folder, artifact.path)),
  );
  const keptSlugs = new Set(keptArtifacts.map((artifact) => artifact.manuscript));
  const keptManuscripts = (previous?.manuscripts ?? []).filter((manuscript) => keptSlugs.has(manuscript.slug));
  return {
    ...next,
    manuscripts: [...keptManuscripts, ...next.manuscripts].sort((a, b) => a.slug.localeCompare(b.slug)),
    artifacts: [...keptArtifacts, ...next.artifacts].sort((a, b) => a.path.localeCompare(b.path)),
  };
}

/**
 * Writes a manifest that lists nothing into `folder`, unless it has one: the record of a shard
 * that had no inputs. Its build date is the epoch, so a merge takes the date of the shards that built.
 */
export async function writeEmptyManifest(folder: string): Promise<void> {
  const file = path.join(folder, MANIFEST_NAME);
  if (existsSync(file)) return;
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    imprint: IMPRINT_VERSION,
    node: process.version,
    chromium: null,
    buildDate: new Date(0).toISOString(),
    buildDateFrom: 'nothing built',
    manuscripts: [],
    artifacts: [],
  };
  await writeManifestFile(file, manifest);
}

/** Writes a manifest beside its place and renames it there, so a reader never sees half of one. */
export async function writeManifestFile(file: string, manifest: Manifest): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, serializeManifest(manifest));
  await rename(partial, file);
}

/** The manifest as written: stable key order, two-space indent, final newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
