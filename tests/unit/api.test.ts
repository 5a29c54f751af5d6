// The library as a caller meets it, without a browser: a manuscript's problems come back on the
// result, or as a ManuscriptError that carries them when asked; each kind of failure is a class
// of its own; `watch` is the preview.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as imprint from '../../src/index.ts';
import { tempDir } from '../helpers.ts';

describe('the library API', () => {
  it('returns a broken manuscript\'s problems on the result, and throws them as a ManuscriptError with throwOnError', async () => {
    const folder = await tempDir();
    const input = path.join(folder, 'broken.md');
    await writeFile(input, '---\ntitle: T\nauthor: A\n---\n\nText.\n');
    const result = await imprint.build({ input, outDir: path.join(folder, 'out'), formats: ['html'] });
    assert.equal(result.ok, false);
    assert.ok(result.file.messages.some((message) => message.fatal && /`source` is missing/.test(message.reason)));
    const error = await imprint.build({ input, outDir: path.join(folder, 'out'), formats: ['html'], throwOnError: true }).then(
      () => assert.fail('no error was thrown'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof imprint.ManuscriptError);
    assert.match(error.message, /broken\.md:\d+:\d+: `source` is missing/);
    assert.ok(error.files.some((file) => file.messages.some((message) => message.fatal)));
  });

  it('tells its failures apart by class, and offers the preview as watch', () => {
    const classes = [imprint.OptionsError, imprint.EnvironmentError, imprint.ConfigError, imprint.ManuscriptError, imprint.ManifestConflictError];
    assert.equal(new Set(classes).size, classes.length);
    for (const Class of classes) assert.ok(Class.prototype instanceof Error, Class.name);
    assert.equal(imprint.watch, imprint.preview);
  });
});
