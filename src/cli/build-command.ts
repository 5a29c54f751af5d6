/** `imprint build [INPUT...]`: one manuscript, or many sharing one browser (with --jobs, --shard). */
import { build, buildAll, formatReport, parseShard, type BuildSettings, type BuildResult } from '../index.ts';
import { BUILD_COMMAND, type BUILD_OPTIONS, parseCommandArgs } from './args.ts';
import { withInterrupt } from './interrupt.ts';
import { EXIT } from './usage.ts';

type BuildFlags = ReturnType<typeof parseCommandArgs<typeof BUILD_OPTIONS>>['values'];

/**
 * The build settings the flags give, for build and watch: only those given, so that the project's
 * config file fills in the rest (flags win over it); the library checks them.
 */
export function settingsFromFlags(values: BuildFlags, input: string | undefined): BuildSettings & { config?: string } {
  const given: Record<string, unknown> = {
    input: input ?? 'manuscript',
    outDir: values.out,
    formats: values.format?.split(',').map((format) => format.trim()).filter(Boolean),
    paper: values.paper,
    layout: values.layout,
    footnotes: values.footnotes,
    booklet: values.booklet,
    pdfa: values.pdfa,
    style: values.style,
    timeout: values.timeout === undefined ? undefined : Number(values.timeout),
    cover: values.cover,
    embedFonts: values['embed-fonts'],
    allowRemote: values['allow-remote'],
    highlight: values['no-highlight'] ? false : undefined,
    config: values.config,
  };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as BuildSettings & { config?: string };
}

/** Runs the command; returns the exit code. */
export async function buildCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('build', args, BUILD_COMMAND);
  const progress = values.quiet ? undefined : (line: string) => process.stderr.write(`imprint: ${line}\n`);
  const many = positionals.length > 1 || values.jobs !== undefined || values.shard !== undefined;
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const run = await withInterrupt((signal) =>
    many
      ? buildAll(positionals.length > 0 ? positionals : ['manuscript'], {
          ...settingsFromFlags(values, undefined),
          ...(values.jobs !== undefined ? { jobs: Number(values.jobs) } : {}),
          ...(shard ? { shard } : {}),
          signal,
          ...(progress ? { onProgress: progress } : {}),
        })
      : build({ ...settingsFromFlags(values, positionals[0]), signal, ...(progress ? { onProgress: progress } : {}) }).then((result) => [result]),
  );
  if (!run.result) {
    process.stderr.write('imprint: interrupted; the earlier editions are untouched\n');
    return EXIT.interrupted;
  }
  const results: BuildResult[] = run.result;
  const report = formatReport(results.flatMap((result) => result.files), { color: process.stderr.isTTY === true });
  if (report) process.stderr.write(`${report}\n`);
  const failed = results.filter((result) => !result.ok).length;
  if (many && (!values.quiet || failed > 0)) {
    const slice = shard ? ` (shard ${shard.index}/${shard.count})` : '';
    process.stderr.write(`imprint: built ${results.length - failed} of ${results.length} manuscripts${slice}\n`);
  }
  return failed === 0 ? EXIT.ok : EXIT.buildError;
}
