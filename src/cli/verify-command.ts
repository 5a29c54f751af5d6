/** `imprint verify [DIR|FILE...]`: every file checked against its manifest, one verdict a line. */
import { verify, type FileCheck } from '../index.ts';
import { parseCommandArgs, VERIFY_COMMAND } from './args.ts';
import { EXIT } from './usage.ts';

/** Runs the command; returns the exit code. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('verify', args, VERIFY_COMMAND);
  const report = await verify(positionals);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else for (const file of report.files) process.stdout.write(`${verdictLine(file)}\n`);
  const counts = new Map<string, number>();
  for (const file of report.files) counts.set(file.status, (counts.get(file.status) ?? 0) + 1);
  process.stderr.write(`imprint: verified ${report.files.length} files: ${[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}\n`);
  return report.ok ? EXIT.ok : EXIT.buildError;
}

function verdictLine(file: FileCheck): string {
  if (file.status === 'info') {
    const fields = Object.entries(file.attribution ?? {})
      .filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== undefined))
      .map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join('; ') : value}`);
    return `${'info'.padEnd(9)}${file.path}: ${fields.join(' | ') || file.problems.join('; ')}`;
  }
  const label = file.status === 'ok' ? 'ok' : file.status.toUpperCase();
  const capture = file.capture ? ` (imported from ${file.capture.file}, sha256 ${file.capture.sha256.slice(0, 12)}…)` : '';
  return `${label.padEnd(9)}${file.path}${file.problems.length > 0 ? `: ${file.problems.join('; ')}` : ''}${capture}`;
}
