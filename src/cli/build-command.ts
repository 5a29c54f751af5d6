/** `imprint build [INPUT...]`: one manuscript, or many sharing one browser (with --jobs, --shard). */
import { build, buildAll, formatReport, parseShard, type BuildSettings, type BuildResult, type Format } from '../index.ts';
import { BUILD_COMMAND, type BUILD_OPTIONS, parseCommandArgs } from './args.ts';
import { withInterrupt } from './interrupt.ts';
import { EXIT } from './usage.ts';

type BuildFlags = ReturnType<typeof parseCommandArgs<typeof BUILD_OPTIONS>>['values'];

/** The build settings the flags give, for build and watch; the library checks them. */
export function settingsFromFlags(values: BuildFlags, input: string | undefined): BuildSettings {
  return {
    input: input ?? 'manuscript',
    outDir: values.out ?? 'output',
    ...(values.format !== undefined ? { formats: values.format.split(',').map((format) => format.trim()).filter(Boolean) as Format[] } : {}),
    ...(values.paper ? { paper: values.paper as BuildSettings['paper'] } : {}),
    ...(values.layout ? { layout: values.layout as BuildSettings['layout'] } : {}),
    ...(values.footnotes ? { footnotes: values.footnotes as BuildSettings['footnotes'] } : {}),
    booklet: values.booklet === true,
    pdfa: values.pdfa === true,
    ...(values.style ? { style: values.style } : {}),
    ...(values.timeout !== undefined ? { timeout: Number(values.timeout) } : {}),
    ...(values.cover ? { cover: values.cover } : {}),
    embedFonts: values['embed-fonts'] === true,
    allowRemote: values['allow-remote'] === true,
  };
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
