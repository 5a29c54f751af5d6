/**
 * Zips an EPUB's files so the same content always gives the same bytes: `mimetype` first and
 * stored (as OCF requires), every other entry in name order, all stamped with the build date.
 * JSZip stamps entries with the current time unless told otherwise. Images and fonts are
 * compressed already: they are stored, which saves most of the packing time and almost no bytes.
 */
import JSZip from 'jszip';

/** DOS timestamps in zip files start in 1980; an earlier build date is clamped to it. */
const DOS_EPOCH = Date.UTC(1980, 0, 1);

/** Formats that deflate cannot shrink. */
const COMPRESSED = /\.(?:png|jpe?g|gif|webp|woff2?)$/i;

/** The files (name → content, `mimetype` among them) as an archive with a fixed order and fixed entry times. */
export async function zipEpub(files: ReadonlyMap<string, string | Uint8Array>, date: Date): Promise<Uint8Array> {
  const stamp = new Date(Math.max(date.getTime(), DOS_EPOCH));
  const zip = new JSZip();
  const mimetype = files.get('mimetype');
  if (mimetype === undefined) throw new Error('The EPUB has no mimetype entry');
  zip.file('mimetype', mimetype, { compression: 'STORE', date: stamp, createFolders: false });
  const names = [...files.keys()].filter((name) => name !== 'mimetype').sort();
  for (const name of names) {
    zip.file(name, files.get(name)!, {
      date: stamp,
      createFolders: false,
      ...(COMPRESSED.test(name) ? { compression: 'STORE' as const } : {}),
    });
  }
  return zip.generateAsync({
    type: 'uint8array',
    mimeType: 'application/epub+zip',
    compression: 'DEFLATE',
    // Level 6 (zlib's default) packs text within 1 % of level 9 at half the time.
    compressionOptions: { level: 6 },
  });
}
