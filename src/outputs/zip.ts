/**
 * Zips an EPUB's files so the same content always gives the same bytes: `mimetype` first and
 * stored (as OCF requires), every other entry in name order, all stamped with the build date.
 * JSZip, which epub-gen-memory uses, stamps entries with the current time. Images and fonts are
 * compressed already: they are stored, which saves most of the packing time and almost no bytes.
 */
import JSZip from 'jszip';

/** DOS timestamps in zip files start in 1980; an earlier build date is clamped to it. */
const DOS_EPOCH = Date.UTC(1980, 0, 1);

/** Formats that deflate cannot shrink. */
const COMPRESSED = /\.(?:png|jpe?g|gif|webp|woff2?)$/i;

/** The files as an archive with a fixed order and fixed entry times. */
export async function normalizeEpubZip(source: JSZip, date: Date): Promise<Uint8Array> {
  const stamp = new Date(Math.max(date.getTime(), DOS_EPOCH));
  const target = new JSZip();
  const mimetype = source.file('mimetype');
  if (!mimetype) throw new Error('The EPUB has no mimetype entry');
  target.file('mimetype', await mimetype.async('uint8array'), { compression: 'STORE', date: stamp, createFolders: false });
  const names = Object.keys(source.files)
    .filter((name) => name !== 'mimetype' && !source.files[name]!.dir)
    .sort();
  for (const name of names) {
    target.file(name, await source.file(name)!.async('uint8array'), {
      date: stamp,
      createFolders: false,
      ...(COMPRESSED.test(name) ? { compression: 'STORE' as const } : {}),
    });
  }
  return target.generateAsync({
    type: 'uint8array',
    mimeType: 'application/epub+zip',
    compression: 'DEFLATE',
    // Level 6 (zlib's default) packs text within 1 % of level 9 at half the time.
    compressionOptions: { level: 6 },
  });
}
