/** `imprint init [DIR]`: a starter book to edit. */
import { init, OptionsError } from '../index.ts';
import { INIT_COMMAND, parseCommandArgs } from './args.ts';
import { EXIT, UsageError } from './usage.ts';

/** Runs the command; returns the exit code. */
export async function initCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('init', args, INIT_COMMAND);
  if (positionals.length > 1) throw new UsageError(`init takes one DIR, not ${positionals.length}`);
  const folder = positionals[0] ?? '.';
  let created: string[];
  try {
    created = await init(folder);
  } catch (error) {
    // Files in the way are no misuse of the command: exit 1, not 2.
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`imprint: ${error.message}\n`);
    return EXIT.buildError;
  }
  for (const file of created) process.stdout.write(`${file}\n`);
  process.stderr.write(`imprint: wrote a starter book; build it with \`imprint build ${folder}\`\n`);
  return EXIT.ok;
}
