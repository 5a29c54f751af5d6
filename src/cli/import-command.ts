/** `imprint import SOURCE...`: web captures made into manuscripts, with a report of where each attribution field came from. */
import { importCaptures, type ImportReport } from '../index.ts';
import { IMPORT_COMMAND, parseCommandArgs } from './args.ts';
import { EXIT, UsageError } from './usage.ts';

/** Runs the command; returns the exit code. */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, IMPORT_COMMAND);
  if (positionals.length === 0) throw new UsageError('import needs a capture: a saved page (.html), a text capture (.txt), a folder of them, or an http(s) address');
  const reports = await importCaptures(positionals, {
    ...(values.out !== undefined ? { outDir: values.out } : {}),
    ...(values.timezone !== undefined ? { timezone: values.timezone } : {}),
    allowRemote: values['allow-remote'] === true,
    dryRun: values['dry-run'] === true,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else for (const report of reports) process.stderr.write(describe(report, values['dry-run'] === true));
  const failed = reports.filter((report) => !report.ok).length;
  process.stderr.write(`imprint: imported ${reports.length - failed} of ${reports.length} captures${values['dry-run'] ? ' (dry run: nothing written)' : ''}\n`);
  return failed === 0 ? EXIT.ok : EXIT.buildError;
}

/** The report of one capture, as a person reads it. */
function describe(report: ImportReport, dryRun: boolean): string {
  if (!report.ok) return `imprint: ${report.source}: not imported: ${report.problem}\n`;
  const width = Math.max(...report.fields.map((field) => field.field.length), 'to complete'.length) + 2;
  const lines = [
    `imprint: ${report.source} → ${report.manuscript}${dryRun ? ' (not written)' : ''}`,
    ...report.fields.map((field) => `  ${field.field.padEnd(width)}${field.value}\n  ${''.padEnd(width)}  from ${field.origin}`),
    ...report.incomplete.map((problem) => `  ${'to complete'.padEnd(width)}${problem}`),
    ...report.disagreements.map((text) => `  ${'disagreement'.padEnd(width)}${text}`),
    ...report.dropped.map((line) => `  ${'dropped'.padEnd(width)}${line.line === undefined ? '' : `line ${line.line} `}“${line.text.length > 60 ? `${line.text.slice(0, 60)}…` : line.text}”: ${line.reason}`),
    ...report.warnings.map((warning) => `  ${'warning'.padEnd(width)}${warning}`),
  ];
  return `${lines.join('\n')}\n`;
}
