/** Turns a build's messages into the text a person reads, and decides the exit code. */
import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';

/** Exit codes of the CLI, as documented in the README. */
export const EXIT = { ok: 0, buildError: 1, usageError: 2, interrupted: 130 } as const;

/** The report for the files' messages, or '' when there is nothing to say. */
export function formatReport(files: VFile[], { color }: { color: boolean }): string {
  if (files.every((file) => file.messages.length === 0)) return '';
  return reporter(files, { color, quiet: true });
}
