/**
 * `manifest.json`, format 1, as a valibot schema: the record of a fixed edition (which Imprint,
 * Node and Chromium built it and when, the checksums of the manuscript's sources and its
 * attribution, the size and checksum of every file written). Every manifest Imprint reads goes
 * through this schema, so a damaged one is named as damaged, with the field that is wrong.
 * The entries are declared in the order they are written: a manifest read and written back keeps
 * its bytes.
 */
import * as v from 'valibot';
import { FrontMatterSchema } from './front-matter.ts';

/** The file name, in the output folder. */
export const MANIFEST_NAME = 'manifest.json';
/** The manifest format this version writes and reads. */
export const MANIFEST_FORMAT = 1;

const text = (field: string) => v.string(`${field} must be text`);
const sha256 = (field: string) => v.pipe(text(field), v.regex(/^[0-9a-f]{64}$/, `${field} must be a SHA-256 in hexadecimal`));
const isoDate = (field: string) =>
  v.pipe(
    text(field),
    v.check((value) => !Number.isNaN(Date.parse(value)), `${field} must be an ISO 8601 date`),
  );
/** A path relative to the manifest's folder, with `/` separators. */
const relativePath = (field: string) => v.pipe(text(field), v.nonEmpty(`${field} is empty`));

const ArtifactSchema = v.strictObject({
  path: relativePath('path'),
  format: v.picklist(['html', 'pdf', 'epub', 'png', 'jpg'], 'format must be html, pdf, epub, png or jpg'),
  role: v.picklist(['edition', 'booklet', 'cover'], 'role must be edition, booklet or cover'),
  /** The slug of the manuscript it was built from. */
  manuscript: text('manuscript'),
  bytes: v.pipe(v.number('bytes must be a number'), v.integer('bytes must be a whole number'), v.minValue(0, 'bytes must not be negative')),
  sha256: sha256('sha256'),
});

const ManuscriptSchema = v.strictObject({
  slug: text('slug'),
  /** The Markdown files and the images they use; paths relative to the manifest's folder. */
  sources: v.array(v.strictObject({ path: relativePath('path'), sha256: sha256('sha256') }), 'sources must be a list'),
  /** The validated front matter: the attribution every edition carries. */
  attribution: FrontMatterSchema,
  buildDate: isoDate('buildDate'),
});

/** The whole manifest. */
export const ManifestSchema = v.strictObject({
  format: v.literal(MANIFEST_FORMAT, `format must be ${MANIFEST_FORMAT}`),
  imprint: text('imprint'),
  node: text('node'),
  /** The browser that printed and photographed, or null when none was needed. */
  chromium: v.nullable(text('chromium')),
  /** The date stamped into the editions of the latest build, and the rule that chose it. */
  buildDate: isoDate('buildDate'),
  buildDateFrom: text('buildDateFrom'),
  manuscripts: v.array(ManuscriptSchema, 'manuscripts must be a list'),
  artifacts: v.array(ArtifactSchema, 'artifacts must be a list'),
});

/** A manifest, as written and read. */
export type Manifest = v.InferOutput<typeof ManifestSchema>;
/** One written file. */
export type ManifestArtifact = Manifest['artifacts'][number];
/** What a written file is. */
export type ArtifactRole = ManifestArtifact['role'];
/** One manuscript and where its text comes from. */
export type ManifestManuscript = Manifest['manuscripts'][number];

/** The verdict on a manifest's text: the manifest, or what is wrong with it and where. */
export type ManifestVerdict = { ok: true; manifest: Manifest } | { ok: false; problem: string };

/** Parses a manifest's text; a damaged one is described, never thrown. */
export function parseManifest(json: string): ManifestVerdict {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
  if (typeof data === 'object' && data !== null && 'format' in data && data.format !== MANIFEST_FORMAT) {
    return { ok: false, problem: `format ${JSON.stringify(data.format)}, which this Imprint cannot read (it reads format ${MANIFEST_FORMAT})` };
  }
  const result = v.safeParse(ManifestSchema, data);
  if (result.success) return { ok: true, manifest: result.output };
  return { ok: false, problem: `not an Imprint manifest of format ${MANIFEST_FORMAT}: ${describeIssue(result.issues[0])}` };
}

/** What is wrong, at which field: valibot's own words only where they name the field already. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const where = v.getDotPath(issue) ?? 'the top level';
  if (issue.received === 'undefined') return `${where} is missing`;
  if (issue.expected === 'never') return `${where} is not a field of the manifest`;
  return `at ${where}, ${issue.message}`;
}
