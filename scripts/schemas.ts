// Writes the JSON Schemas of Imprint's files into docs/schemas/ from the valibot schemas the code
// checks them with, so editors validate and complete front matter, book.yaml and the config file
// (`# yaml-language-server: $schema=…`), and archives can check manifests with any tool.
// `node --import tsx scripts/schemas.ts` writes them; tests/unit/schemas.test.ts fails when they are stale.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ConfigSchema } from '../src/options/config-file.ts';
import { BookFileSchema, ChapterMatterSchema, FrontMatterSchema } from '../src/options/front-matter.ts';
import { ManifestSchema } from '../src/options/manifest.ts';

/** Where the schemas are written, and the package ships them. */
export const SCHEMA_FOLDER = fileURLToPath(new URL('../docs/schemas/', import.meta.url));

const SCHEMAS: ReadonlyArray<{ name: string; title: string; description: string; schema: v.GenericSchema }> = [
  { name: 'front-matter', title: 'Imprint front matter', description: "An article's front matter (the YAML between --- lines), or a book's without book.yaml.", schema: FrontMatterSchema },
  { name: 'chapter', title: "Imprint chapter front matter", description: "A book chapter's own front matter: every field optional.", schema: ChapterMatterSchema },
  { name: 'book', title: 'Imprint book.yaml', description: "A book's front matter and its chapter files, in reading order.", schema: BookFileSchema },
  { name: 'config', title: 'Imprint config file', description: 'The build settings a project keeps (imprint.config.json, .yaml, or the "imprint" key of package.json).', schema: ConfigSchema },
  { name: 'manifest', title: 'Imprint manifest.json, format 1', description: 'The record of a fixed edition: the tools, the build date, the sources and every file written, with checksums.', schema: ManifestSchema },
];

/** Each schema's file name and text. Checks and transforms have no JSON Schema form: Imprint itself still runs them. */
export function jsonSchemas(): Array<{ file: string; text: string }> {
  return SCHEMAS.map(({ name, title, description, schema }) => {
    const json = toJsonSchema(schema, { errorMode: 'ignore', typeMode: 'input' });
    const document = { $schema: json.$schema, $id: `https://unpkg.com/imprint/docs/schemas/${name}.schema.json`, title, description, ...json };
    return { file: `${name}.schema.json`, text: `${JSON.stringify(document, null, 2)}\n` };
  });
}

/** The schemas whose file differs from what the code gives. */
export async function staleSchemas(): Promise<string[]> {
  const stale: string[] = [];
  for (const { file, text } of jsonSchemas()) {
    const written = await readFile(path.join(SCHEMA_FOLDER, file), 'utf8').catch(() => undefined);
    if (written !== text) stale.push(file);
  }
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { file, text } of jsonSchemas()) await writeFile(path.join(SCHEMA_FOLDER, file), text);
  process.stderr.write(`schemas: wrote ${SCHEMAS.length} JSON Schemas into docs/schemas/\n`);
}
