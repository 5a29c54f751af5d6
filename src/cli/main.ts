/**
 * The `imprint` command: maps flags to library calls, prints progress, reports and verdicts, and
 * sets the exit code. Everything else is the library's.
 */
import { parseArgs } from 'node:util';
import {
  build,
  buildAll,
  EnvironmentError,
  FOOTNOTE_PLACES,
  IMPRINT_VERSION,
  LAYOUTS,
  oneOf,
  OptionsError,
  PAPERS,
  parseFormats,
  init,
  ManifestConflictError,
  mergeManifests,
  parseShard,
  preview,
  verify,
  type BuildOptions,
  type FileCheck,
} from '../index.ts';
import { EXIT, formatReport } from './report.ts';

const HELP = `imprint ${IMPRINT_VERSION} — Markdown manuscript to HTML, PDF and EPUB, with its source attribution

Usage:
  imprint build [INPUT...] [options]  build the editions of one or more manuscripts
  imprint verify [DIR|FILE...] [--json]
                                      check files against their manifest (default: output)
  imprint watch [INPUT] [--port N] [build options]
                                      live preview at http://127.0.0.1:N/ (default 4321);
                                      PDF and EPUB rebuilt in the background
  imprint init [DIR]                  write a starter book into DIR (default: .)
  imprint manifest merge [-o DIR] SOURCE...
                                      join the manifests of several output folders (the
                                      shards of one archive) into DIR/manifest.json
  imprint --help | --version

INPUT is a Markdown file, a folder holding one, or a book's folder: its book.yaml
lists the chapters, or else its .md files are the chapters in name order (default: manuscript).

Build options:
  -o, --out DIR        write the editions into DIR (default: output)
  -f, --format LIST    comma-separated formats: html, pdf, epub (default: html,pdf,epub)
  -p, --paper SIZE     PDF paper: a4, letter or a5 (default: a4)
  -l, --layout NAME    PDF layout: handout (title block, text at once) or book
                       (title page, contents, chapters on new pages)
                       (default: book for a book, handout for an article)
      --footnotes WHERE  PDF footnotes: page (at the foot of the page citing them) or
                       chapter (after each chapter) (default: the front matter's
                       footnotes, else page in the book layout, chapter in a handout)
  -b, --booklet        also write SLUG-booklet.pdf: pages imposed two per sheet side
                       for saddle-stitch printing (A5 on A4, half-letter on letter)
      --pdfa           write the PDF for PDF/A-2b archiving (sRGB output intent, pdfaid XMP)
  -s, --style FILE     add this CSS after the built-in style sheets, in every edition
  -c, --cover FILE     use this PNG or JPEG as the EPUB cover instead of a generated one
      --embed-fonts    pack the bundled fonts into the EPUB (default: readers choose)
      --allow-remote   fetch remote (http/https) images while building (default: never)
  -t, --timeout SECS   how long Chromium may take over one page (default: 60)
  -j, --jobs N         with several INPUTs: how many build at once, sharing one browser
                       (default: the number of cores plus two)
      --shard K/N      build only the K-th of N slices of the INPUTs (sorted by path, dealt
                       in turn), to split one archive across machines; join their
                       manifests afterwards with \`imprint manifest merge\`
  -q, --quiet          print only problems, no progress lines

Verify options:
      --json           print the verdicts as JSON

Manifest merge options:
  -o, --out DIR        write the merged manifest.json into DIR (default: output);
                       SOURCE is an output folder or a manifest.json

Watch options:
      --port N         the preview's port on 127.0.0.1 (default: 4321; 0 picks a free one)

  -h, --help           show this help
  -v, --version        print the version

Exit codes: build: 0 built, 1 build error (the manuscript or the machine), 2 wrong usage;
            verify: 0 all files as recorded, 1 anything changed, tampered or missing, 2 wrong usage.
Environment: PUPPETEER_EXECUTABLE_PATH picks the browser; SOURCE_DATE_EPOCH fixes the build date.
`;

const OPTIONS = {
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
  quiet: { type: 'boolean', short: 'q' },
  jobs: { type: 'string', short: 'j' },
  shard: { type: 'string' },
  timeout: { type: 'string', short: 't' },
  json: { type: 'boolean' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (values.version) {
    process.stdout.write(`${IMPRINT_VERSION}\n`);
    return EXIT.ok;
  }
  const [command, ...operands] = positionals;
  try {
    if (command === 'build') return await buildCommand(values, operands);
    if (command === 'verify') return await verifyCommand(values, operands);
    if (command === 'watch') return await watchCommand(values, operands);
    if (command === 'init') return await initCommand(values, operands);
    if (command === 'manifest') return await manifestCommand(values, operands);
    return usage(command === undefined ? 'No command given' : `Unknown command "${command}"`);
  } catch (error) {
    if (error instanceof OptionsError) return usage(error.message);
    if (error instanceof EnvironmentError) {
      process.stderr.write(`imprint: ${error.message}\n`);
      return EXIT.buildError;
    }
    const detail = process.env.IMPRINT_DEBUG ? (error as Error).stack : (error as Error).message;
    process.stderr.write(`imprint: ${command} failed: ${detail}\n(set IMPRINT_DEBUG=1 for the full trace)\n`);
    return EXIT.buildError;
  }
}

/** The build options the flags give, for build and watch. */
function buildOptions(values: Values, inputs: string[]): BuildOptions {
  const formats = values.format === undefined ? undefined : parseFormats(values.format);
  return {
    input: inputs[0] ?? 'manuscript',
    outDir: values.out ?? 'output',
    ...(formats ? { formats } : {}),
    ...(values.paper ? { paper: oneOf('paper', values.paper, PAPERS) } : {}),
    ...(values.layout ? { layout: oneOf('layout', values.layout, LAYOUTS) } : {}),
    ...(values.footnotes ? { footnotes: oneOf('footnotes', values.footnotes, FOOTNOTE_PLACES) } : {}),
    booklet: values.booklet === true,
    pdfa: values.pdfa === true,
    ...(values.style ? { style: values.style } : {}),
    ...(values.timeout !== undefined ? { timeout: Number(values.timeout) } : {}),
    ...(values.cover ? { cover: values.cover } : {}),
    embedFonts: values['embed-fonts'] === true,
    allowRemote: values['allow-remote'] === true,
  };
}

async function buildCommand(values: Values, inputs: string[]): Promise<number> {
  if (values.json) return usage('--json is an option of verify');
  if (inputs.length > 1 || values.jobs !== undefined || values.shard !== undefined) return buildManyCommand(values, inputs);
  if (values.port !== undefined) return usage('--port is an option of watch');
  // Ctrl-C closes Chromium and discards the staged files before the process ends.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result;
  try {
    result = await build({
      ...buildOptions(values, inputs),
      signal: interrupt.signal,
      onProgress: values.quiet ? undefined : (line) => process.stderr.write(`imprint: ${line}\n`),
    });
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!result) {
    process.stderr.write('imprint: interrupted; the earlier editions are untouched\n');
    return EXIT.interrupted;
  }
  const report = formatReport(result.files, { color: process.stderr.isTTY === true });
  if (report) process.stderr.write(`${report}\n`);
  return result.ok ? EXIT.ok : EXIT.buildError;
}

async function buildManyCommand(values: Values, inputs: string[]): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    const results = await buildAll(inputs.length > 0 ? inputs : ['manuscript'], {
      ...buildOptions(values, []),
      ...(values.jobs !== undefined ? { jobs: Number(values.jobs) } : {}),
      ...(shard ? { shard } : {}),
      signal: interrupt.signal,
      onProgress: values.quiet ? undefined : (line) => process.stderr.write(`imprint: ${line}\n`),
    });
    const report = formatReport(results.flatMap((result) => result.files), { color: process.stderr.isTTY === true });
    if (report) process.stderr.write(`${report}\n`);
    const failed = results.filter((result) => !result.ok).length;
    const slice = shard ? ` (shard ${shard.index}/${shard.count})` : '';
    if (!values.quiet || failed > 0) process.stderr.write(`imprint: built ${results.length - failed} of ${results.length} manuscripts${slice}\n`);
    return failed === 0 ? EXIT.ok : EXIT.buildError;
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
    process.stderr.write('imprint: interrupted; the earlier editions are untouched\n');
    return EXIT.interrupted;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function watchCommand(values: Values, inputs: string[]): Promise<number> {
  if (inputs.length > 1) return usage(`watch takes one INPUT, not ${inputs.length}`);
  if (values.json) return usage('--json is an option of verify');
  const port = values.port === undefined ? undefined : Number(values.port);
  const running = await preview({
    ...buildOptions(values, inputs),
    ...(port === undefined ? {} : { port }),
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

async function initCommand(values: Values, operands: string[]): Promise<number> {
  if (operands.length > 1) return usage(`init takes one DIR, not ${operands.length}`);
  const misplaced = Object.keys(values).filter((option) => values[option as keyof Values] !== undefined);
  if (misplaced.length > 0) return usage(`init takes no options (got --${misplaced[0]})`);
  let created: string[];
  try {
    created = await init(operands[0] ?? '.');
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`imprint: ${error.message}\n`);
    return EXIT.buildError;
  }
  for (const file of created) process.stdout.write(`${file}\n`);
  process.stderr.write(`imprint: wrote a starter book; build it with \`imprint build ${operands[0] ?? '.'}\`\n`);
  return EXIT.ok;
}

async function manifestCommand(values: Values, operands: string[]): Promise<number> {
  const [action, ...sources] = operands;
  if (action !== 'merge') return usage(action === undefined ? 'manifest needs an action: merge' : `Unknown manifest action "${action}": the action is merge`);
  const misplaced = Object.keys(values).filter((option) => option !== 'out' && values[option as keyof Values] !== undefined);
  if (misplaced.length > 0) return usage(`manifest merge takes only --out (got --${misplaced[0]})`);
  if (sources.length === 0) return usage('manifest merge needs the output folders (or manifest.json files) to merge');
  try {
    const merged = await mergeManifests(sources, values.out ?? 'output');
    process.stderr.write(
      `imprint: merged ${sources.length} manifests into ${merged.path}: ${merged.manifest.manuscripts.length} manuscripts, ${merged.manifest.artifacts.length} files\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ManifestConflictError) && !(error instanceof OptionsError)) throw error;
    process.stderr.write(`imprint: ${error.message}\n`);
    return EXIT.buildError;
  }
}

const BUILD_ONLY = ['out', 'format', 'paper', 'layout', 'footnotes', 'booklet', 'pdfa', 'style', 'cover', 'embed-fonts', 'allow-remote', 'quiet', 'port', 'timeout', 'jobs', 'shard'] as const;

async function verifyCommand(values: Values, targets: string[]): Promise<number> {
  const misplaced = BUILD_ONLY.filter((option) => values[option] !== undefined);
  if (misplaced.length > 0) return usage(`--${misplaced[0]} is an option of build, not verify`);
  const report = await verify(targets);
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
  return `${label.padEnd(9)}${file.path}${file.problems.length > 0 ? `: ${file.problems.join('; ')}` : ''}`;
}

function usage(problem: string): number {
  process.stderr.write(`imprint: ${problem}\nRun \`imprint --help\` for usage.\n`);
  return EXIT.usageError;
}

// `imprint verify | head` closes the pipe before the report ends: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

process.exitCode = await main(process.argv.slice(2));
