#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a checkout works with `npx imprint` right after `npm ci`.
// `--version` is answered before anything is loaded: scripts ask for it often and want it fast.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
