/** Imprint's own version, read from package.json so that it is written in one place only. */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The version printed by `imprint --version` and stamped in every edition's colophon and metadata. */
export const IMPRINT_VERSION: string = manifest.version;
