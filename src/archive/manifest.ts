/**
 * Reading, merging and writing `manifest.json`, the record of a fixed edition (its format is the
 * schema in options/manifest.ts, documented in the README). A build merges its entry into the
 * folder's manifest under the folder's lock, so builds running side by side keep each other's.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  parseManifest,
  type Manifest,
  type ManifestArtifact,
  type ManifestVerdict,
} from '../options/manifest.ts';
import { IMPRINT_VERSION } from '../version.ts';
import { withFolderLock } from './lock.ts';
import { writeAtomically } from './write.ts';

/** What reading a manifest file found: the manifest, or why there is none to use. */
export type ManifestRead = ManifestVerdict | { ok: false; missing: true; problem: string };

/** SHA-256 of a file's bytes, as hex. */
export async function fileSha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** A path relative to the manifest's folder, with `/` separators whatever the platform. */
export function manifestPath(folder: string, file: string): string {
  return path.relative(folder, file).split(path.sep).join('/');
}

/** Reads a folder's manifest. */
export function readManifest(folder: string): Promise<ManifestRead> {
  return readManifestFile(path.join(folder, MANIFEST_NAME));
}

/** Reads a manifest file, whatever its name, through the manifest schema. */
export async function readManifestFile(file: string): Promise<ManifestRead> {
  if (!existsSync(file)) return { ok: false, missing: true, problem: `no ${path.basename(file)}` };
  return parseManifest(await readFile(file, 'utf8'));
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

/** The manifest of one build, before it is merged into the folder's. */
export function buildManifest(entry: Pick<Manifest, 'chromium' | 'buildDate' | 'buildDateFrom' | 'manuscripts' | 'artifacts'>): Manifest {
  const { chromium, buildDate, buildDateFrom, manuscripts, artifacts } = entry;
  return { format: MANIFEST_FORMAT, imprint: IMPRINT_VERSION, node: process.version, chromium, buildDate, buildDateFrom, manuscripts, artifacts };
}

/** What a build's manifest lists of a written file, given its name in the output folder. */
export function artifactEntry(outDir: string, name: string, file: { bytes: number; sha256: string }, manuscript: string, role: ManifestArtifact['role']): ManifestArtifact {
  const format = path.extname(name).slice(1) as ManifestArtifact['format'];
  return { path: manifestPath(outDir, path.join(outDir, name)), format, role, manuscript, bytes: file.bytes, sha256: file.sha256 };
}

/**
 * Writes a manifest that lists nothing into `folder`, unless it has one: the record of a shard
 * that had no inputs. Its build date is the epoch, so a merge takes the date of the shards that built.
 */
export async function writeEmptyManifest(folder: string): Promise<void> {
  const empty = buildManifest({ chromium: null, buildDate: new Date(0).toISOString(), buildDateFrom: 'nothing built', manuscripts: [], artifacts: [] });
  await mkdir(folder, { recursive: true });
  await withFolderLock(folder, async () => {
    const file = path.join(folder, MANIFEST_NAME);
    if (!existsSync(file)) await writeAtomically(file, serializeManifest(empty));
  });
}

/** Writes a manifest into `folder`, replacing any there, under the folder's lock. */
export async function writeManifest(folder: string, manifest: Manifest): Promise<string> {
  const file = path.join(folder, MANIFEST_NAME);
  await mkdir(folder, { recursive: true });
  await withFolderLock(folder, () => writeAtomically(file, serializeManifest(manifest)));
  return file;
}

/** The manifest as written: stable key order, two-space indent, final newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
