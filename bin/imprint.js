#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a checkout works with `npx imprint` right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
