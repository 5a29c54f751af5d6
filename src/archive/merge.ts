/**
 * `imprint manifest merge`: joins the manifests of builds made apart (the shards of an archive)
 * into one, whose paths are rewritten to be relative to the folder it is written to. Entries that
 * two manifests share must agree; anything else is an error, never a silent choice.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ManifestConflictError, OptionsError } from '../options/errors.ts';
import { MANIFEST_NAME, type Manifest, type ManifestArtifact, type ManifestManuscript } from '../options/manifest.ts';
import { manifestPath, readManifestFile, writeManifest } from './manifest.ts';

/** What a merge wrote. */
export interface MergedManifest {
  /** The manifest file written. */
  path: string;
  manifest: Manifest;
}

/**
 * Merges the manifests found in `sources` (output folders holding a manifest.json, or manifest
 * files, such as the shards of one archive) into `outDir/manifest.json`, replacing any manifest
 * there; paths are rewritten relative to `outDir`.
 */
export async function mergeManifests(sources: readonly string[], outDir: string): Promise<MergedManifest> {
  if (sources.length === 0) throw new OptionsError('manifest merge needs at least one folder or manifest.json to merge');
  const target = path.resolve(outDir);
  const manuscripts = new Map<string, { entry: ManifestManuscript; from: string }>();
  const artifacts = new Map<string, { entry: ManifestArtifact; from: string }>();
  let merged: Manifest | undefined;
  for (const source of sources) {
    // A folder holds its manifest.json; a file is a manifest under any name (shards' manifests
    // copied into one folder cannot all be called manifest.json). Paths are relative to its folder.
    const file = path.resolve(existsSync(source) && statSync(source).isFile() ? source : path.join(source, MANIFEST_NAME));
    const folder = path.dirname(file);
    const read = await readManifestFile(file);
    if (!read.ok) throw new OptionsError(`${file}: ${'missing' in read ? 'no Imprint manifest there' : `damaged, ${read.problem}`}`);
    const manifest = read.manifest;
    const rebase = (file: string) => manifestPath(target, path.resolve(folder, file));
    merged = combineHeaders(merged, manifest, source);
    for (const manuscript of manifest.manuscripts) {
      const entry = { ...manuscript, sources: manuscript.sources.map((file) => ({ ...file, path: rebase(file.path) })) };
      const seen = manuscripts.get(entry.slug);
      if (seen && !isDeepStrictEqual(seen.entry, entry)) {
        throw new ManifestConflictError(`The manuscript "${entry.slug}" differs between ${seen.from} and ${source}: give one of them another slug`);
      }
      manuscripts.set(entry.slug, { entry, from: source });
    }
    for (const artifact of manifest.artifacts) {
      const entry = { ...artifact, path: rebase(artifact.path) };
      const seen = artifacts.get(entry.path);
      if (seen && !isDeepStrictEqual(seen.entry, entry)) {
        throw new ManifestConflictError(`${entry.path} is listed by ${seen.from} and by ${source} with different contents`);
      }
      artifacts.set(entry.path, { entry, from: source });
    }
  }
  const manifest: Manifest = {
    ...merged!,
    manuscripts: [...manuscripts.values()].map(({ entry }) => entry).sort((a, b) => a.slug.localeCompare(b.slug)),
    artifacts: [...artifacts.values()].map(({ entry }) => entry).sort((a, b) => a.path.localeCompare(b.path)),
  };
  return { path: await writeManifest(target, manifest), manifest };
}

/**
 * The merged header: one Imprint, Node and Chromium for all (a fixed edition names the tools that
 * made it, so shards built by different ones are refused), and the latest build date.
 */
function combineHeaders(merged: Manifest | undefined, next: Manifest, source: string): Manifest {
  if (!merged) return next;
  // A shard that built nothing says nothing about the tools or the date.
  if (next.artifacts.length === 0 && next.manuscripts.length === 0) return merged;
  if (merged.artifacts.length === 0 && merged.manuscripts.length === 0) return next;
  for (const field of ['imprint', 'node'] as const) {
    if (merged[field] !== next[field]) {
      throw new ManifestConflictError(`${source} was built with ${field} ${next[field]}, the others with ${merged[field]}: merge only shards built alike`);
    }
  }
  if (merged.chromium !== null && next.chromium !== null && merged.chromium !== next.chromium) {
    throw new ManifestConflictError(`${source} was built with ${next.chromium}, the others with ${merged.chromium}: merge only shards built alike`);
  }
  const later = Date.parse(next.buildDate) > Date.parse(merged.buildDate) ? next : merged;
  return { ...merged, chromium: merged.chromium ?? next.chromium, buildDate: later.buildDate, buildDateFrom: later.buildDateFrom };
}
