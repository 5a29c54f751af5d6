#!/usr/bin/env node
// Runs the CLI: the esbuild bundle in dist/ (made by `npm run setup`, `npm run compile` or `npm pack`).
// In a checkout it runs the bundle only while it matches the sources, else the TypeScript itself
// through tsx, so an edited checkout is never stale; an installed package has only the bundle.
// `--version` is answered before anything is loaded: scripts ask for it often and want it fast.
import { existsSync, readFileSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else if (bundleIsCurrent()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

/** True when dist/ was bundled from the sources as they are now (same sizes and times). */
function bundleIsCurrent() {
  if (process.env.IMPRINT_FROM_SOURCE) return false;
  // An installed package ships dist/ and no sources to compare it with.
  if (!existsSync(new URL('../src/cli/main.ts', import.meta.url))) return true;
  try {
    const root = new URL('../', import.meta.url);
    const sources = JSON.parse(readFileSync(new URL('dist/sources.json', root), 'utf8'));
    return sources.every(({ file, size, mtimeMs }) => {
      const now = statSync(new URL(file, root));
      return now.size === size && now.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}
