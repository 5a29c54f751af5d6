// The README's promises that code can keep: its "Use it from code" example is the file
// examples/use-from-code.ts, which `tsc --noEmit` type-checks with the project.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.ts';

describe('the README', () => {
  it('shows examples/use-from-code.ts, the type-checked example, as its "Use it from code" code', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const shown = /## Use it from code\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(shown, 'the section has a TypeScript example');
    const file = readFileSync(path.join(ROOT, 'examples', 'use-from-code.ts'), 'utf8').replace(/^(\/\/.*\n)+/, '');
    assert.equal(shown, file);
  });
});
