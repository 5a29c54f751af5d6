/**
 * The end of a build: its entry in the output folder's manifest (the sources with their
 * checksums, the attribution, every file written), merged under the folder's lock with what the
 * folder's manifest already lists, and the staged files renamed into place in the same step.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { artifactEntry, buildManifest, fileSha256, manifestPath, mergeManifest, readManifest, serializeManifest } from '../archive/manifest.ts';
import type { Staging } from '../archive/staging.ts';
import type { Artifact, EditionImages } from '../model.ts';
import { MANIFEST_NAME, type ManifestArtifact } from '../options/manifest.ts';
import type { EditionPlan } from './plan.ts';

/** What was written. */
export interface Recorded {
  artifacts: Artifact[];
  /** The manifest file. */
  manifest: string;
}

/** Writes the manifest entry and commits the staged files named in `kept`. */
export async function recordAndCommit(plan: EditionPlan, staging: Staging, kept: string[], outDir: string, browserVersion: string | undefined): Promise<Recorded> {
  const { manuscript, slug, names, buildDate } = plan;
  const sources = await sourceFiles(manuscript.files, manuscript.images, outDir);
  const role = (name: string): ManifestArtifact['role'] =>
    name === names.booklet ? 'booklet' : /\.(png|jpg)$/.test(name) ? 'cover' : 'edition';
  const entry = buildManifest({
    chromium: browserVersion ?? null,
    buildDate: buildDate.date.toISOString(),
    buildDateFrom: buildDate.from,
    manuscripts: [{ slug, sources, attribution: manuscript.matter, buildDate: buildDate.date.toISOString() }],
    artifacts: kept.map((name) => artifactEntry(outDir, name, staging.describe(name), slug, role(name))),
  });
  // Read and merged under the lock, so builds running side by side keep each other's entries.
  await staging.commit(kept, async () => {
    const previous = await readManifest(outDir);
    if (!previous.ok && !('missing' in previous)) warnReplacedManifest(manuscript.primary, path.join(outDir, MANIFEST_NAME), previous.problem);
    return { [MANIFEST_NAME]: serializeManifest(mergeManifest(previous.ok ? previous.manifest : undefined, entry, outDir)) };
  });
  const artifacts = await Promise.all(
    kept.map(async (name): Promise<Artifact> => {
      const written = path.join(outDir, name);
      return { format: path.extname(name).slice(1) as Artifact['format'], path: written, bytes: (await stat(written)).size };
    }),
  );
  return { artifacts, manifest: path.join(outDir, MANIFEST_NAME) };
}

/** The manuscript's files and local images, with checksums, for the manifest. */
async function sourceFiles(files: VFile[], images: EditionImages, outDir: string) {
  const imageFiles = Object.values(images).flatMap((image) => (image.sourcePath ? [image.sourcePath] : []));
  const all = [...files.map((file) => path.resolve(file.path)), ...new Set(imageFiles)];
  return Promise.all(all.map(async (file) => ({ path: manifestPath(outDir, file), sha256: await fileSha256(file) })));
}

/** A damaged manifest cannot be merged into: it is replaced, and the files only it listed are no longer recorded. */
function warnReplacedManifest(file: VFile, manifest: string, problem: string): void {
  file.message(`${manifest} is damaged (${problem}): it is replaced by a manifest that lists only this build's files`, {
    ruleId: 'damaged-manifest',
    source: 'imprint',
  });
}
