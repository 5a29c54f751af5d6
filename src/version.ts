/** Imprint's own version, read from package.json so that it is written in one place only. */
import { readFileSync } from 'node:fs';
import { packageFile } from './paths.ts';

const manifest = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };

/** The version printed by `imprint --version` and stamped in every edition's colophon and metadata. */
export const IMPRINT_VERSION: string = manifest.version;
