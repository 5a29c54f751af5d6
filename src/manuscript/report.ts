/** A manuscript's problems as the text a person reads: every file's messages, at their places. */
import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';

/** The report for the files' messages, or '' when there is nothing to say. */
export function formatReport(files: VFile[], { color }: { color: boolean }): string {
  if (files.every((file) => file.messages.length === 0)) return '';
  return reporter(files, { color, quiet: true });
}
