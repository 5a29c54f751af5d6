/**
 * A project's config file: the build settings it keeps (formats, paper, layout, style, out, jobs,
 * footnotes…), found from the input's folder upwards by lilconfig, checked by the settings' own
 * schemas with every problem at its line and column. Flags and options a caller passes win over it.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { lilconfig } from 'lilconfig';
import * as v from 'valibot';
import { VFile } from 'vfile';
import { parse as parseYaml } from 'yaml';
import { JobsSchema, SETTING_FIELDS, type BuildSettings } from './build-options.ts';
import { ConfigError, reportFatal } from './errors.ts';
import { checkYamlFields } from './yaml-fields.ts';

/** The file names searched, in each folder from the input's upwards, in this order. */
export const CONFIG_FILES = [
  'package.json',
  'imprint.config.json',
  'imprint.config.yaml',
  'imprint.config.yml',
  'imprint.config.js',
  'imprint.config.mjs',
  'imprint.config.cjs',
] as const;

const pathField = (field: string, description: string) =>
  v.optional(v.pipe(v.string(`\`${field}\` must be a path`), v.description(description), v.nonEmpty(`\`${field}\` is empty`)));

/** The config file's fields: the settings (described once, in build-options.ts), paths relative to the file's folder. */
export const ConfigSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(v.pipe(v.string(), v.description('The JSON Schema an editor checks this file with; Imprint ignores it.'))),
    out: pathField('out', 'The folder the editions are written to, relative to this file (--out).'),
    formats: v.optional(SETTING_FIELDS.formats),
    paper: v.optional(SETTING_FIELDS.paper),
    layout: v.optional(SETTING_FIELDS.layout),
    footnotes: v.optional(SETTING_FIELDS.footnotes),
    style: pathField('style', 'A CSS file added after the built-in style sheets, relative to this file (--style).'),
    cover: pathField('cover', 'A PNG or JPEG to use as the EPUB cover instead of the generated one, relative to this file (--cover).'),
    booklet: v.optional(SETTING_FIELDS.booklet),
    pdfa: v.optional(SETTING_FIELDS.pdfa),
    embedFonts: v.optional(SETTING_FIELDS.embedFonts),
    allowRemote: v.optional(SETTING_FIELDS.allowRemote),
    highlight: v.optional(SETTING_FIELDS.highlight),
    timeout: v.optional(SETTING_FIELDS.timeout),
    jobs: v.optional(JobsSchema),
  }),
  v.title('Imprint config file'),
  v.description('The build settings a project keeps: imprint.config.{json,yaml,js,mjs} or the "imprint" key of package.json. Flags win over it.'),
);

/** What a config file gives: the settings it holds, with their paths made absolute, and where it is. */
export interface ProjectConfig {
  file: string;
  settings: BuildSettings;
  jobs?: number;
}

/** The settings a config file may hold, by name. */
const CONFIG_FIELDS = Object.keys(ConfigSchema.entries).filter((key) => key !== '$schema');

const explorer = lilconfig('imprint', {
  searchPlaces: [...CONFIG_FILES],
  loaders: { '.yaml': (_file, text) => parseYaml(text), '.yml': (_file, text) => parseYaml(text) },
});

/**
 * The config file for `input`: `explicit` when given, else the first found from the input's folder
 * upwards; undefined when there is none. A config that does not check out is a ConfigError.
 */
export async function loadConfig(input: string, explicit?: string): Promise<ProjectConfig | undefined> {
  const found = explicit
    ? await explorer.load(path.resolve(explicit)).catch((error: unknown) => unreadable(path.resolve(explicit), error))
    : await explorer.search(await searchFrom(input)).catch((error: unknown) => unreadable(input, error));
  if (!found || found.isEmpty) return undefined;
  const file = found.filepath;
  const fields = /\.[cm]?js$/.test(file) ? checkLoaded(file, found.config) : await checkText(file);
  const folder = path.dirname(file);
  const within = (value: string | undefined) => (value === undefined ? undefined : path.resolve(folder, value));
  const { out, style, cover, jobs, $schema: _schema, ...rest } = fields;
  const settings: BuildSettings = { ...rest, ...defined({ outDir: within(out), style: within(style), cover: within(cover) }) };
  return { file, settings, ...(jobs === undefined ? {} : { jobs }) };
}

type ConfigFields = v.InferOutput<typeof ConfigSchema>;

/** A JSON or YAML config (or package.json's `imprint` key), checked with every problem at its place. */
async function checkText(file: string): Promise<ConfigFields> {
  const text = await readFile(file, 'utf8');
  const vfile = new VFile({ path: path.relative(process.cwd(), file) || file, value: text });
  const lines = text.split('\n').length;
  const block = { start: { line: 1, column: 1 }, end: { line: lines, column: 1 } };
  const fields = checkYamlFields(text, vfile, { firstLine: 1, block }, ConfigSchema, {
    ruleId: 'config',
    unknownField: (field) => `Unknown setting \`${field}\` in the config file: the settings are ${CONFIG_FIELDS.join(', ')}`,
    ...(path.basename(file) === 'package.json' ? { within: ['imprint'] } : {}),
  });
  if (!fields) throw new ConfigError(vfile);
  return fields;
}

/** A JavaScript config, as it exported: checked, with the field named (its line is the module's to know). */
function checkLoaded(file: string, config: unknown): ConfigFields {
  const result = v.safeParse(ConfigSchema, config);
  if (result.success) return result.output;
  const vfile = new VFile({ path: path.relative(process.cwd(), file) || file });
  for (const issue of result.issues) {
    const field = v.getDotPath(issue);
    reportFatal(vfile, `${field ? `\`${field}\`: ` : ''}${issue.message}`, { ruleId: 'config' });
  }
  throw new ConfigError(vfile);
}

/** A config file that could not even be read or loaded. */
function unreadable(file: string, error: unknown): never {
  const vfile = new VFile({ path: path.relative(process.cwd(), file) || file });
  reportFatal(vfile, `The config file could not be read: ${(error as Error).message.split('\n')[0]}`, { ruleId: 'config' });
  throw new ConfigError(vfile);
}

/** The input's folder (a file's folder), where the search starts. */
async function searchFrom(input: string): Promise<string> {
  const resolved = path.resolve(input);
  return (await stat(resolved).catch(() => undefined))?.isDirectory() ? resolved : path.dirname(resolved);
}

/** The entries whose value is defined. */
function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Which config file a call reads: a path, `false` for none, or (by default) the one found from the input's folder. */
export type ConfigChoice = string | false | undefined;

/** The caller's settings over the config file's: what the caller (or a flag) says wins. */
export async function withConfig(settings: BuildSettings, config: ConfigChoice): Promise<{ settings: BuildSettings; jobs?: number; configFile?: string }> {
  const project = config === false ? undefined : await loadConfig(settings.input ?? 'manuscript', config);
  if (!project) return { settings };
  const given = defined(settings as Record<string, unknown>) as BuildSettings;
  return { settings: { ...project.settings, ...given }, configFile: project.file, ...(project.jobs === undefined ? {} : { jobs: project.jobs }) };
}
