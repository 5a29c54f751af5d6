/** `imprint watch [INPUT]`: the live preview until Ctrl-C. */
import { preview } from '../index.ts';
import { parseCommandArgs, WATCH_COMMAND } from './args.ts';
import { settingsFromFlags } from './build-command.ts';
import { EXIT, UsageError } from './usage.ts';

/** Runs the command; returns the exit code. */
export async function watchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('watch', args, WATCH_COMMAND);
  if (positionals.length > 1) throw new UsageError(`watch takes one INPUT, not ${positionals.length}`);
  const running = await preview({
    ...settingsFromFlags(values, positionals[0]),
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
    onEvent: (line) => process.stderr.write(`imprint: ${line}\n`),
  });
  process.stderr.write(`imprint: preview at ${running.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stderr.write('imprint: stopping the preview\n');
  await running.close();
  return EXIT.ok;
}
