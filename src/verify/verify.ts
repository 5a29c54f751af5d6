/**
 * `imprint verify`: recomputes every checksum in a manifest and reads each file's attribution
 * back out of the file itself, so that a changed edition, or one whose attribution was stripped or
 * altered, is reported even when someone also rewrote the manifest's checksum.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { joinNames } from '../attribution/wording.ts';
import { fileSha256, manifestPath, readManifest } from '../archive/manifest.ts';
import { MANIFEST_FORMAT, MANIFEST_NAME, type Manifest, type ManifestArtifact } from '../options/manifest.ts';
import type { CarriedAttribution, CARRIED_FIELDS } from './carried-attribution.ts';

// pdf-lib, JSZip and the HTML parser load only when something is verified.
const carried = () => import('./carried-attribution.ts');

/** The verdict on one file. */
export interface FileCheck {
  path: string;
  /** `ok`; `changed` (checksum), `tampered` (attribution), `missing`; `damaged` for a manifest that cannot be read; `info` for a file with no manifest. */
  status: 'ok' | 'changed' | 'tampered' | 'missing' | 'damaged' | 'info';
  problems: string[];
  /** What the file itself says, for PDF, EPUB and HTML. */
  attribution?: CarriedAttribution;
  /** The web capture the manuscript was imported from, as the manifest records it. */
  capture?: { file: string; sha256: string };
}

/** The verdict on every file named. */
export interface VerifyReport {
  ok: boolean;
  files: FileCheck[];
}

/** Verifies output folders (by their manifest) and single files; with no target, `output`. */
export async function verify(targets: readonly string[]): Promise<VerifyReport> {
  const files: FileCheck[] = [];
  for (const target of targets.length > 0 ? targets : ['output']) {
    if (existsSync(target) && statSync(target).isDirectory()) files.push(...(await verifyFolder(target)));
    else files.push(await verifyFile(target));
  }
  return { ok: files.every((file) => file.status === 'ok' || file.status === 'info'), files };
}

async function verifyFolder(folder: string): Promise<FileCheck[]> {
  const read = await readManifest(folder);
  if (!read.ok) {
    const file = path.join(folder, MANIFEST_NAME);
    return 'missing' in read
      ? [{ path: file, status: 'missing', problems: [`no ${MANIFEST_NAME} (format ${MANIFEST_FORMAT}) in this folder`] }]
      : [{ path: file, status: 'damaged', problems: [read.problem] }];
  }
  const { manifest } = read;
  return Promise.all(manifest.artifacts.map((artifact) => checkArtifact(folder, manifest, artifact)));
}

async function verifyFile(file: string): Promise<FileCheck> {
  if (!existsSync(file)) return { path: file, status: 'missing', problems: ['no such file'] };
  const folder = path.dirname(file);
  const read = await readManifest(folder);
  if (!read.ok && !('missing' in read)) return { path: file, status: 'damaged', problems: [`the ${MANIFEST_NAME} beside it is damaged: ${read.problem}`] };
  const manifest = read.ok ? read.manifest : undefined;
  const listed = manifest?.artifacts.find((artifact) => artifact.path === manifestPath(folder, file));
  if (manifest && listed) return checkArtifact(folder, manifest, listed);
  const attribution = await readAttribution(file, kindOf(file));
  return { path: file, status: 'info', problems: attribution ? [] : ['carries no attribution Imprint can read'], ...(attribution ? { attribution } : {}) };
}

async function checkArtifact(folder: string, manifest: Manifest, artifact: ManifestArtifact): Promise<FileCheck> {
  const file = path.join(folder, artifact.path);
  if (!existsSync(file)) return { path: file, status: 'missing', problems: ['listed in the manifest but not found'] };
  const problems: string[] = [];
  if ((await fileSha256(file)) !== artifact.sha256) problems.push('its SHA-256 differs from the manifest');
  const kind = artifact.role === 'booklet' ? 'booklet' : kindOf(file);
  const attribution = await readAttribution(file, kind);
  const manuscript = manifest.manuscripts.find((entry) => entry.slug === artifact.manuscript);
  if (attribution && kind && manuscript) {
    const { CARRIED_FIELDS: fields, expectedAttribution } = await carried();
    problems.push(...compareAttribution(attribution, expectedAttribution(manuscript.attribution), fields[kind]));
  }
  const status = problems.length === 0 ? 'ok' : problems[0]!.startsWith('its SHA-256') ? 'changed' : 'tampered';
  const capture = manuscript?.attribution.source?.capture;
  return { path: file, status, problems, ...(attribution ? { attribution } : {}), ...(capture ? { capture } : {}) };
}

function kindOf(file: string): 'pdf' | 'epub' | 'html' | undefined {
  const extension = path.extname(file).slice(1).toLowerCase();
  return extension === 'pdf' || extension === 'epub' || extension === 'html' ? extension : undefined;
}

async function readAttribution(file: string, kind: keyof typeof CARRIED_FIELDS | undefined): Promise<CarriedAttribution | undefined> {
  try {
    const { pdfAttribution, epubAttribution, htmlAttribution } = await carried();
    if (kind === 'pdf' || kind === 'booklet') return await pdfAttribution(file);
    if (kind === 'epub') return await epubAttribution(file);
    if (kind === 'html') return await htmlAttribution(file);
  } catch {
    // A file that cannot be parsed carries nothing readable; its checksum already tells it changed.
  }
  return undefined;
}

function compareAttribution(found: CarriedAttribution, expected: CarriedAttribution, fields: Array<keyof CarriedAttribution>): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    const want = show(expected[field], field);
    const have = show(found[field], field);
    if (want === undefined || want === have) continue;
    problems.push(have === undefined ? `${field} is missing; the manifest says "${want}"` : `${field} is "${have}"; the manifest says "${want}"`);
  }
  return problems;
}

function show(value: string | string[] | undefined, field: keyof CarriedAttribution): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return field === 'editors' ? undefined : '';
  return joinNames(value);
}
