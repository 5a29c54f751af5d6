// A project's config file: found from the input's folder upwards, in any of its forms, merged under
// the caller's options (flags win), its paths taken from its own folder, and every problem in it
// reported at its line and column.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, formatReport } from '../../src/index.ts';
import { loadConfig, withConfig } from '../../src/options/config-file.ts';
import { tempDir } from '../helpers.ts';

/** A project folder with `files` (relative path → text) and a chapter folder to build from. */
async function project(files: Record<string, string>): Promise<{ root: string; input: string }> {
  const root = await tempDir('imprint-config-');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  const input = path.join(root, 'articles', 'note.md');
  await mkdir(path.dirname(input), { recursive: true });
  await writeFile(input, '---\ntitle: T\nauthor: A\noriginal: true\n---\n\nText.\n');
  return { root, input };
}

async function configError(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => assert.fail('the config was accepted'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ConfigError, String(error));
  return formatReport([error.file], { color: false });
}

describe('the config file', () => {
  it('is found from the input folder upwards, its paths taken from its own folder', async () => {
    const { root, input } = await project({ 'imprint.config.yaml': 'out: site/editions\nformats: [pdf]\npaper: Letter\njobs: 3\n' });
    const config = await loadConfig(input);
    assert.equal(config?.file, path.join(root, 'imprint.config.yaml'));
    assert.deepEqual(config?.settings, { formats: ['pdf'], paper: 'letter', outDir: path.join(root, 'site', 'editions') });
    assert.equal(config?.jobs, 3);
  });

  it('is read from the "imprint" key of a package.json, and skipped where package.json has none', async () => {
    const { input } = await project({ 'package.json': JSON.stringify({ name: 'notes', imprint: { paper: 'a5' } }), 'articles/package.json': '{ "name": "inner" }' });
    assert.deepEqual((await loadConfig(input))?.settings, { paper: 'a5' });
  });

  it('loses to the caller: a flag wins, and `config: false` reads none', async () => {
    const { input } = await project({ 'imprint.config.json': '{ "paper": "a5", "formats": ["epub"] }' });
    const merged = await withConfig({ input, paper: 'letter' }, undefined);
    assert.deepEqual([merged.settings.paper, merged.settings.formats], ['letter', ['epub']]);
    assert.deepEqual((await withConfig({ input }, false)).settings, { input });
  });

  it('reports a wrong value in YAML at its line and column, with the choices', async () => {
    const { input } = await project({ 'imprint.config.yaml': '# settings\nformats: [pdf]\npaper: a3\n' });
    const report = await configError(loadConfig(input));
    assert.match(report, /imprint\.config\.yaml/);
    assert.match(report, /3:8-3:10\s+error\s+Unknown paper "a3": choose from a4, letter, a5/);
  });

  it('reports an unknown setting in JSON at its place, naming the settings there are', async () => {
    const { input } = await project({ 'imprint.config.json': '{\n  "paper": "a4",\n  "colour": "red"\n}\n' });
    assert.match(await configError(loadConfig(input)), /3:\d+.*Unknown setting `colour` in the config file: the settings are out, formats, paper/);
  });

  it('reports a wrong value under package.json\'s "imprint" key at its line', async () => {
    const { input } = await project({ 'package.json': '{\n  "name": "notes",\n  "imprint": {\n    "jobs": 0\n  }\n}\n' });
    assert.match(await configError(loadConfig(input)), /4:13.*--jobs must be a whole number from 1 up, not 0/);
  });

  it('checks a JavaScript config as it exports, naming the field', async () => {
    const { input } = await project({ 'imprint.config.mjs': 'export default { formats: ["html", "docx"] };\n' });
    assert.match(await configError(loadConfig(input)), /`formats\.1`: Unknown format "docx"/);
    const good = await project({ 'imprint.config.mjs': 'export default { formats: ["html"] };\n' });
    assert.deepEqual((await loadConfig(good.input))?.settings, { formats: ['html'] });
  });

  it('is read where --config points, and an unreadable one is a clear problem', async () => {
    const { root, input } = await project({ 'elsewhere/my.yaml': 'paper: a5\n' });
    assert.deepEqual((await loadConfig(input, path.join(root, 'elsewhere', 'my.yaml')))?.settings, { paper: 'a5' });
    assert.match(await configError(loadConfig(input, path.join(root, 'missing.yaml'))), /The config file could not be read/);
  });
});
