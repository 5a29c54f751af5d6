/**
 * The one way Imprint writes a finished file by itself (a manifest, a merged manifest, a cache
 * entry): write-file-atomic writes beside the target and renames, so a reader never sees half a
 * file. Editions are not written here: a build stages them all and renames them together (see
 * staging.ts).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Writes `file` atomically, creating its folder when needed. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
