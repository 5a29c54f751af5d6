/**
 * Each command's own flags, parsed by node's parseArgs: a flag the command does not take is a
 * usage error that names it (and the command that takes it, if one does).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The flags of a build, shared by `build` and `watch`. */
export const BUILD_OPTIONS = {
  ...COMMON_OPTIONS,
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  paper: { type: 'string', short: 'p' },
  layout: { type: 'string', short: 'l' },
  footnotes: { type: 'string' },
  booklet: { type: 'boolean', short: 'b' },
  pdfa: { type: 'boolean' },
  style: { type: 'string', short: 's' },
  cover: { type: 'string', short: 'c' },
  'embed-fonts': { type: 'boolean' },
  'allow-remote': { type: 'boolean' },
  'no-highlight': { type: 'boolean' },
  timeout: { type: 'string', short: 't' },
  config: { type: 'string' },
} as const satisfies Options;

/** `imprint build`. */
export const BUILD_COMMAND = {
  ...BUILD_OPTIONS,
  quiet: { type: 'boolean', short: 'q' },
  jobs: { type: 'string', short: 'j' },
  shard: { type: 'string' },
} as const satisfies Options;
/** `imprint watch`. */
export const WATCH_COMMAND = { ...BUILD_OPTIONS, port: { type: 'string' } } as const satisfies Options;
/** `imprint verify`. */
export const VERIFY_COMMAND = { ...COMMON_OPTIONS, json: { type: 'boolean' } } as const satisfies Options;
/** `imprint init`. */
export const INIT_COMMAND = COMMON_OPTIONS;
/** `imprint import`. */
export const IMPORT_COMMAND = {
  ...COMMON_OPTIONS,
  out: { type: 'string', short: 'o' },
  timezone: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
} as const satisfies Options;
/** `imprint manifest merge`. */
export const MANIFEST_COMMAND = { ...COMMON_OPTIONS, out: { type: 'string', short: 'o' } } as const satisfies Options;

/** Every command's flags, for the message that names the command a misplaced flag belongs to. */
const COMMANDS: Readonly<Record<string, Options>> = {
  build: BUILD_COMMAND,
  watch: WATCH_COMMAND,
  verify: VERIFY_COMMAND,
  init: INIT_COMMAND,
  browser: INIT_COMMAND,
  import: IMPORT_COMMAND,
  manifest: MANIFEST_COMMAND,
};

/** Parses `args` with `options`; a flag `command` does not take is a UsageError naming it. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const flag = /'(-{1,2}[^']+)'/.exec((error as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) throw new UsageError(misplaced(command, flag));
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

/** "`--port` is not an option of build: it is an option of watch". */
function misplaced(command: string, flag: string): string {
  const name = flag.replace(/^-+/, '');
  const owners = Object.entries(COMMANDS)
    .filter(([, options]) => Object.entries(options).some(([long, option]) => long === name || ('short' in option && option.short === name)))
    .map(([owner]) => owner);
  return owners.length > 0 ? `${flag} is not an option of ${command}: it is an option of ${owners.join(' and ')}` : `Unknown option ${flag} for ${command}`;
}
