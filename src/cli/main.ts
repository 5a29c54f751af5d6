/**
 * The `imprint` command: picks the command, lets it map its flags to library calls, and turns
 * what happened into an exit code. Everything else is the library's. The only module that sets
 * the process's exit code.
 */
import { ConfigError, EnvironmentError, formatReport, IMPRINT_VERSION, OptionsError } from '../index.ts';
import { browserCommand } from './browser-command.ts';
import { buildCommand } from './build-command.ts';
import { importCommand } from './import-command.ts';
import { initCommand } from './init-command.ts';
import { manifestCommand } from './manifest-command.ts';
import { mark } from '../timeline.ts';
import { EXIT, HELP, usage, UsageError } from './usage.ts';
import { verifyCommand } from './verify-command.ts';
import { watchCommand } from './watch-command.ts';

const COMMANDS: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  build: buildCommand,
  verify: verifyCommand,
  watch: watchCommand,
  init: initCommand,
  manifest: manifestCommand,
  browser: browserCommand,
  import: importCommand,
};

async function main(argv: string[]): Promise<number> {
  mark('CLI loaded');
  const [first, ...rest] = argv;
  if (first === undefined) return usage('No command given');
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${IMPRINT_VERSION}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const command = COMMANDS[first];
  if (!command) return usage(first.startsWith('-') ? `No command given before ${first}` : `Unknown command "${first}"`);
  try {
    return await command(rest);
  } catch (error) {
    return failure(first, error);
  }
}

/** The exit code for what a command threw: a misuse is 2, everything else 1, never a stack trace unless asked for. */
function failure(command: string, error: unknown): number {
  if (error instanceof UsageError || error instanceof OptionsError) return usage(error.message);
  // A config file that does not check out is a file's problem, at its line and column, like a manuscript's.
  if (error instanceof ConfigError) {
    process.stderr.write(`${formatReport([error.file], { color: process.stderr.isTTY === true })}\n`);
    return EXIT.buildError;
  }
  if (error instanceof EnvironmentError) {
    process.stderr.write(`imprint: ${error.message}\n`);
    return EXIT.buildError;
  }
  const detail = process.env.IMPRINT_DEBUG ? (error as Error).stack : (error as Error).message;
  process.stderr.write(`imprint: ${command} failed: ${detail}\n(set IMPRINT_DEBUG=1 for the full trace)\n`);
  return EXIT.buildError;
}

// `imprint verify | head` closes the pipe before the report ends: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

process.exitCode = await main(process.argv.slice(2));
