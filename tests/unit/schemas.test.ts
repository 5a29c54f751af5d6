// The JSON Schemas in docs/schemas/ (made by scripts/schemas.ts from the valibot schemas Imprint
// checks its files with) are current, and an independent validator (Ajv) accepts the real files
// Imprint reads and writes with them, and refuses broken ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { SCHEMA_FOLDER, staleSchemas } from '../../scripts/schemas.ts';
import { DEFAULT_MANUSCRIPT, ROOT } from '../helpers.ts';

// Formats such as `uri` are Imprint's own checks to make; the schemas' structure is what is tested here.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
const validator = (name: string) => {
  if (!compiled.has(name)) compiled.set(name, ajv.compile(JSON.parse(readFileSync(path.join(SCHEMA_FOLDER, `${name}.schema.json`), 'utf8'))));
  return compiled.get(name)!;
};
const frontMatterOf = (file: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))![1]!) as Record<string, unknown>;

describe('the JSON Schemas', () => {
  it('are what scripts/schemas.ts makes of the valibot schemas today', async () => {
    assert.deepEqual(await staleSchemas(), [], 'run `node --import tsx scripts/schemas.ts`');
  });

  it('accept the real files: the default front matter, examples/book/book.yaml, a build manifest, a config file', () => {
    const checks: Array<[string, unknown]> = [
      ['front-matter', frontMatterOf(DEFAULT_MANUSCRIPT)],
      ['book', parseYaml(readFileSync(path.join(ROOT, 'examples', 'book', 'book.yaml'), 'utf8'))],
      ['manifest', JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'manifest', 'default-build.json'), 'utf8'))],
      ['config', parseYaml(readFileSync(path.join(ROOT, 'src', 'init', 'template', 'imprint.config.yaml'), 'utf8'))],
    ];
    for (const [name, data] of checks) {
      const validate = validator(name);
      assert.ok(validate(data), `${name}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  it('refuse what Imprint refuses: an unknown field, a paper it does not print on, a manifest without checksums', () => {
    const config = validator('config');
    assert.equal(config({ paper: 'a3' }), false);
    assert.equal(config({ colour: 'red' }), false);
    const front = validator('front-matter');
    assert.equal(front({ ...frontMatterOf(DEFAULT_MANUSCRIPT), subtitel: 'typo' }), false);
    const manifest = validator('manifest');
    const real = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'manifest', 'default-build.json'), 'utf8')) as { artifacts: Array<Record<string, unknown>> };
    delete real.artifacts[0]!.sha256;
    assert.equal(manifest(real), false);
  });
});
