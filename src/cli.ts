/**
 * The `imprint` command: maps flags to build options, prints progress and the report on stderr,
 * and sets the exit code. Everything else is the library's.
 */
import { parseArgs } from 'node:util';
import { build, EnvironmentError, IMPRINT_VERSION, LAYOUTS, oneOf, OptionsError, PAPERS, parseFormats } from './index.ts';
import { EXIT, formatReport } from './report.ts';

const HELP = `imprint ${IMPRINT_VERSION} — Markdown manuscript to HTML, PDF and EPUB, with its source attribution

Usage:
  imprint build [INPUT] [options]
  imprint --help | --version

INPUT is a Markdown file, or a folder holding one (default: manuscript).

Options:
  -o, --out DIR        write the editions into DIR (default: output)
  -f, --format LIST    comma-separated formats: html, pdf, epub (default: html,pdf,epub)
  -p, --paper SIZE     PDF paper: a4, letter or a5 (default: a4)
  -l, --layout NAME    PDF layout: handout (title block, text at once) or book
                       (title page, contents, chapters on new pages) (default: handout)
  -b, --booklet        also write SLUG-booklet.pdf: pages imposed two per sheet side
                       for saddle-stitch printing (A5 on A4, half-letter on letter)
  -c, --cover FILE     use this PNG or JPEG as the EPUB cover instead of a generated one
      --embed-fonts    pack the bundled fonts into the EPUB (default: readers choose)
      --allow-remote   fetch remote (http/https) images while building (default: never)
  -q, --quiet          print only problems, no progress lines
  -h, --help           show this help
  -v, --version        print the version

Exit codes: 0 built, 1 build error (the manuscript or the machine), 2 wrong usage.
Environment: PUPPETEER_EXECUTABLE_PATH picks the browser; SOURCE_DATE_EPOCH fixes the build date.
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        paper: { type: 'string', short: 'p' },
        layout: { type: 'string', short: 'l' },
        booklet: { type: 'boolean', short: 'b' },
        cover: { type: 'string', short: 'c' },
        'embed-fonts': { type: 'boolean' },
        'allow-remote': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
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
  const [command, ...inputs] = positionals;
  if (command === undefined) return usage('No command given');
  if (command !== 'build') return usage(`Unknown command "${command}"`);
  if (inputs.length > 1) return usage(`build takes one INPUT, not ${inputs.length} (${inputs.join(', ')})`);

  try {
    const formats = values.format === undefined ? undefined : parseFormats(values.format);
    const result = await build({
      input: inputs[0] ?? 'manuscript',
      outDir: values.out ?? 'output',
      ...(formats ? { formats } : {}),
      ...(values.paper ? { paper: oneOf('paper', values.paper, PAPERS) } : {}),
      ...(values.layout ? { layout: oneOf('layout', values.layout, LAYOUTS) } : {}),
      booklet: values.booklet === true,
      ...(values.cover ? { cover: values.cover } : {}),
      embedFonts: values['embed-fonts'] === true,
      allowRemote: values['allow-remote'] === true,
      onProgress: values.quiet ? undefined : (line) => process.stderr.write(`imprint: ${line}\n`),
    });
    const report = formatReport([result.file], { color: process.stderr.isTTY === true });
    if (report) process.stderr.write(`${report}\n`);
    return result.ok ? EXIT.ok : EXIT.buildError;
  } catch (error) {
    if (error instanceof OptionsError || error instanceof UsageError) return usage(error.message);
    if (error instanceof EnvironmentError) {
      process.stderr.write(`imprint: ${error.message}\n`);
      return EXIT.buildError;
    }
    const detail = process.env.IMPRINT_DEBUG ? (error as Error).stack : (error as Error).message;
    process.stderr.write(`imprint: the build failed: ${detail}\n(set IMPRINT_DEBUG=1 for the full trace)\n`);
    return EXIT.buildError;
  }
}

function usage(problem: string): number {
  process.stderr.write(`imprint: ${problem}\nRun \`imprint --help\` for usage.\n`);
  return EXIT.usageError;
}

process.exitCode = await main(process.argv.slice(2));
