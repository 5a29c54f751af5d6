/**
 * `npm run bench`: times Imprint against the floor (Chromium printing the same HTML from its own
 * command line) and against its peers, on generated inputs, in one run. Prints a table and writes
 * bench/results.md (with the machine's details) and bench/pages.svg. Not a test: nothing here
 * fails on a slow machine; the targets are reported as met or missed with the measured ratio.
 *
 *   npm run bench -- [--runs N] [--quick] [--no-peers]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { locateBrowser } from '../src/browser/locate.ts';
import { pagesChart } from './chart.ts';
import { concatenateBook, writeArticle, writeArticles, writeBook } from './inputs.ts';
import { median, timeOnce, type Command, type Run } from './measure.ts';
import { longBookTable, measureLongBook } from './long-book.ts';
import { measureTechnical, technicalTable } from './technical.ts';
import { preparePeers, type Peers } from './peers.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const IMPRINT = path.join(ROOT, 'bin', 'imprint.js');

const { values: flags } = parseArgs({
  options: { runs: { type: 'string' }, quick: { type: 'boolean' }, 'no-peers': { type: 'boolean' } },
});
const quick = flags.quick === true;
const RUNS = Number(flags.runs ?? (quick ? 2 : 5));
const BOOK_RUNS = Math.max(1, Math.min(RUNS, 3));
const BATCH_SIZE = quick ? 10 : 50;
const BOOK_CHAPTERS = 60;
const SCALE_PAGES = quick ? [10, 100] : [10, 100, 300, 1000];

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** One measured case. */
interface Result {
  name: string;
  runs: Run[];
  /** The warm-up run: a cold cache, files not yet in the page cache. */
  first?: Run;
  note?: string;
}
const results = new Map<string, Result>();

/**
 * Times the commands `runs` times each after one warm-up run, interleaved (case A, B, C, then A, B,
 * C again) so that a noisy moment of the machine falls on all of them alike.
 */
async function measure(cases: Array<{ name: string; command: (run: number) => Command; peakRss?: boolean; note?: string }>, runs: number): Promise<void> {
  for (const entry of cases) {
    log(`warming up: ${entry.name}`);
    const first = await timeOnce(entry.command(-1));
    results.set(entry.name, { name: entry.name, runs: [], first, ...(entry.note ? { note: entry.note } : {}) });
  }
  for (let run = 0; run < runs; run += 1) {
    for (const entry of cases) {
      const timed = await timeOnce(entry.command(run), entry.peakRss ? { peakRssFile: path.join(work, `rss-${run}.txt`) } : {});
      results.get(entry.name)!.runs.push(timed);
      log(`${entry.name} #${run + 1}: ${(timed.ms / 1000).toFixed(2)} s${timed.peakRssMb ? `, ${timed.peakRssMb.toFixed(0)} MB` : ''}`);
    }
  }
}

const seconds = (name: string) => median(results.get(name)!.runs.map((run) => run.ms)) / 1000;
const has = (name: string) => results.has(name);

// ---------------------------------------------------------------------------------------------
log('bundling the CLI (scripts/compile.mjs), as npm run setup does');
if (spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'compile.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);
const browser = await locateBrowser();
if (!browser) {
  log('no Chromium found: run `npm run setup` first');
  process.exit(1);
}
const chromium = browser.executablePath;
const chromiumVersion = spawnSync(chromium, ['--version'], { encoding: 'utf8' }).stdout.trim();
const work = await mkdtemp(path.join(os.tmpdir(), 'imprint-bench-'));
const loadBefore = os.loadavg();
const startedAt = new Date();
log(`scratch folder ${work}`);
const env = { IMPRINT_CACHE_DIR: path.join(work, 'cache') };

const imprint = (args: string[]): Command => ({ command: process.execPath, args: [IMPRINT, ...args, '--quiet'], env });
/** Chromium printing a file from its own command line, with a fresh profile each time: the floor. */
const floor = (html: string, pdf: string) => (run: number): Command => ({
  command: chromium,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    // Keeps Chromium off the (closed) network, as Imprint's own launch does.
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-pdf-header-footer',
    `--user-data-dir=${path.join(work, `floor-profile-${run + 1}`)}`,
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ],
});
/** The page count of a PDF; a missing or broken file stops the benchmark (its numbers would be wrong). */
const pdfPages = (file: string) => {
  const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);
  if (!(pages > 0)) throw new Error(`${file} is not a PDF with pages: the benchmark cannot go on`);
  return pages;
};
/** The HTML Imprint wrote, which the floor prints; it must exist, or Chromium prints an error page. */
const mustExist = (file: string) => {
  if (!existsSync(file)) throw new Error(`${file} was not written: the benchmark cannot go on`);
  return file;
};

const peers: Peers = flags['no-peers'] ? { skipped: ['all peers: --no-peers'] } : await preparePeers(undefined, log);
const mdToPdf = (input: string) => (): Command => ({
  command: peers.mdToPdf!.command,
  args: [input, '--launch-options', JSON.stringify({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] })],
});
const vivliostyle = (input: string, output: string) => (): Command => ({
  command: peers.vivliostyle!.command,
  args: ['build', input, '-o', output, '--executable-browser', chromium, '--log-level', 'silent'],
});

// --- The default manuscript ---------------------------------------------------------------
const article = await writeArticle(path.join(work, 'article'));
const articleOut = path.join(work, 'article-out');
spawnSync(process.execPath, [IMPRINT, 'build', article, '-o', articleOut, '-f', 'html', '-q'], { env: { ...process.env, ...env } });
const articleHtml = mustExist(path.join(articleOut, 'micro-corruption.html'));
const peerArticle = async (tool: string) => {
  const folder = path.join(work, `${tool}-article`);
  await cp(path.dirname(article), folder, { recursive: true });
  return path.join(folder, 'micro-corruption.md');
};
await measure(
  [
    { name: 'floor: article', command: floor(articleHtml, path.join(work, 'floor-article.pdf')) },
    { name: 'imprint: article, all formats', command: () => imprint(['build', article, '-o', path.join(work, 'out-all')]) },
    { name: 'imprint: article, PDF only', command: () => imprint(['build', article, '-o', path.join(work, 'out-pdf'), '-f', 'pdf']) },
    { name: 'imprint: article, EPUB only', command: () => imprint(['build', article, '-o', path.join(work, 'out-epub'), '-f', 'epub']) },
    { name: 'imprint --version', command: () => ({ command: process.execPath, args: [IMPRINT, '--version'] }) },
    ...(peers.pandoc ? [{ name: 'pandoc: article, EPUB', command: () => ({ command: 'pandoc', args: [article, '-o', path.join(work, 'pandoc-article.epub')] }) }] : []),
    ...(peers.mdToPdf ? [{ name: 'md-to-pdf: article, PDF', command: mdToPdf(await peerArticle('md-to-pdf')) }] : []),
    ...(peers.vivliostyle
      ? [
          { name: 'vivliostyle: article, PDF', command: vivliostyle(await peerArticle('vivliostyle-pdf'), path.join(work, 'vivliostyle-article.pdf')) },
          { name: 'vivliostyle: article, EPUB', command: vivliostyle(await peerArticle('vivliostyle-epub'), path.join(work, 'vivliostyle-article.epub')) },
        ]
      : []),
  ],
  RUNS,
);

// --- A 60-chapter book ----------------------------------------------------------------------
const book = await writeBook(path.join(work, `book-${BOOK_CHAPTERS}`), BOOK_CHAPTERS);
const bookOut = path.join(work, 'book-out');
// The floor prints the HTML edition, as Imprint printed it (contents numbered).
spawnSync(process.execPath, [IMPRINT, 'build', book, '-o', bookOut, '-f', 'html,pdf', '-q'], { env: { ...process.env, ...env } });
const bookHtml = mustExist(path.join(bookOut, `book-${BOOK_CHAPTERS}.html`));
const bookMarkdown = await concatenateBook(book, BOOK_CHAPTERS, path.join(work, 'book.md'));
const peerBook = async (tool: string) => {
  const target = path.join(work, `${tool}-book`, 'book.md');
  await cp(bookMarkdown, target);
  return target;
};
await measure(
  [
    { name: 'floor: book', command: floor(bookHtml, path.join(work, 'floor-book.pdf')) },
    { name: 'imprint: book, PDF', command: () => imprint(['build', book, '-o', path.join(work, 'book-pdf'), '-f', 'pdf']), peakRss: true },
    { name: 'imprint: book, EPUB', command: () => imprint(['build', book, '-o', path.join(work, 'book-epub'), '-f', 'epub']), peakRss: true },
    ...(peers.pandoc ? [{ name: 'pandoc: book, EPUB', command: () => ({ command: 'pandoc', args: [bookMarkdown, '-o', path.join(work, 'pandoc-book.epub')] }) }] : []),
    ...(peers.mdToPdf ? [{ name: 'md-to-pdf: book, PDF', command: mdToPdf(await peerBook('md-to-pdf')) }] : []),
    ...(peers.vivliostyle ? [{ name: 'vivliostyle: book, PDF', command: vivliostyle(await peerBook('vivliostyle'), path.join(work, 'vivliostyle-book.pdf')) }] : []),
  ],
  BOOK_RUNS,
);
const floorBookPages = pdfPages(path.join(work, 'floor-book.pdf'));
const imprintBookPages = pdfPages(path.join(work, 'book-pdf', `book-${BOOK_CHAPTERS}.pdf`));

// --- Footnotes: at the foot of each page against after each chapter ---------------------------
// About one note a page (bench/inputs.ts); the page-foot print must stay within twice the other.
const notedBook = await writeBook(path.join(work, `book-${BOOK_CHAPTERS}-notes`), BOOK_CHAPTERS, { footnotes: true });
await measure(
  (['chapter', 'page'] as const).map((place) => ({
    name: `imprint: book with footnotes, PDF, --footnotes ${place}`,
    command: () => imprint(['build', notedBook, '-o', path.join(work, `notes-${place}`), '-f', 'pdf', '--footnotes', place]),
  })),
  BOOK_RUNS,
);

// --- A batch of articles: one invocation against one invocation each ---------------------------
const batch = await writeArticles(path.join(work, 'batch'), BATCH_SIZE);
log(`batch of ${BATCH_SIZE}: warming the cover cache with one invocation`);
await timeOnce(imprint(['build', ...batch, '-o', path.join(work, 'batch-warm')]));
const oneByOne = { ms: 0 };
for (const [index, file] of batch.entries()) {
  oneByOne.ms += (await timeOnce(imprint(['build', file, '-o', path.join(work, 'batch-separate')]))).ms;
  if ((index + 1) % 10 === 0) log(`batch: ${index + 1} separate invocations, ${(oneByOne.ms / 1000).toFixed(1)} s so far`);
}
results.set(`imprint: ${BATCH_SIZE} articles, one invocation each`, { name: '', runs: [oneByOne] });
const together = await timeOnce(imprint(['build', ...batch, '-o', path.join(work, 'batch-together')]));
results.set(`imprint: ${BATCH_SIZE} articles, one invocation`, { name: '', runs: [together], note: `default --jobs (${os.availableParallelism() + 2} here)` });
log(`batch: one invocation ${(together.ms / 1000).toFixed(1)} s`);

// --- Time against pages ----------------------------------------------------------------------
const pagesPerChapter = floorBookPages / BOOK_CHAPTERS;
const scale: Array<{ target: number; chapters: number; pages: number; first: number; second: number; floor: number; peakRssMb: number }> = [];
for (const target of SCALE_PAGES) {
  const chapters = Math.max(1, Math.round(target / pagesPerChapter));
  const folder = await writeBook(path.join(work, `scale-${target}`), chapters);
  const out = path.join(work, `scale-${target}-out`);
  // The first build numbers its contents in the print page; the second finds the numbers cached.
  const first = await timeOnce(imprint(['build', folder, '-o', out, '-f', 'html,pdf']), { peakRssFile: path.join(work, `rss-scale-${target}.txt`) });
  const second = await timeOnce(imprint(['build', folder, '-o', out, '-f', 'html,pdf']));
  const html = mustExist(path.join(out, `book-${chapters}.html`));
  const floorPdf = path.join(work, `scale-${target}-floor.pdf`);
  const floorTimed = await timeOnce(floor(html, floorPdf)(1000 + target));
  scale.push({ target, chapters, pages: pdfPages(floorPdf), first: first.ms / 1000, second: second.ms / 1000, floor: floorTimed.ms / 1000, peakRssMb: first.peakRssMb ?? NaN });
  log(`scale ${target}: ${chapters} chapters, ${pdfPages(floorPdf)} pages: imprint ${(first.ms / 1000).toFixed(1)} s, then ${(second.ms / 1000).toFixed(1)} s; floor ${(floorTimed.ms / 1000).toFixed(1)} s; ${first.peakRssMb?.toFixed(0)} MB`);
}

// --- A long book, cold -------------------------------------------------------------------------------
const longBook = await measureLongBook(
  work,
  quick ? 1 : 2,
  // Not quiet: the progress lines say how many times the book was printed.
  { imprint: (args, extra) => ({ command: process.execPath, args: [IMPRINT, ...args], env: { ...env, ...extra } }), floor },
  log,
);

// --- Code and formulas --------------------------------------------------------------------------------
const technical = await measureTechnical(ROOT, work);
log(`highlight: ${technical.listings} listings, ${technical.lines} lines: ${technical.cold.toFixed(0)} ms cold, ${technical.warm.toFixed(0)} ms warm, ${technical.plain.toFixed(0)} ms without; ${technical.formulas} formulas: ${technical.mathCold.toFixed(0)} ms cold, ${technical.mathWarm.toFixed(0)} ms warm`);

// --- Report ----------------------------------------------------------------------------------
const loadAfter = os.loadavg();
const ratio = (numerator: string, denominator: string) => (has(numerator) && has(denominator) ? seconds(numerator) / seconds(denominator) : NaN);
const bookPeak = Math.max(...['imprint: book, PDF', 'imprint: book, EPUB'].flatMap((name) => results.get(name)!.runs.map((run) => run.peakRssMb ?? 0)));
const batchSpeedup = seconds(`imprint: ${BATCH_SIZE} articles, one invocation each`) / seconds(`imprint: ${BATCH_SIZE} articles, one invocation`);
const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

interface Target {
  what: string;
  measured: string;
  goal: string;
  met: boolean | undefined;
}
/** A ratio target: met when the measured ratio is at most `goal`. */
const atMost = (what: string, value: number, goal: number, unit = '×'): Target => ({ what, measured: `${fmt(value)}${unit}`, goal: `≤ ${goal}${unit}`, met: Number.isFinite(value) ? value <= goal : undefined });
const longRatio = longBook.imprint / longBook.floor;
// The targets of issue #18.
const targets: Target[] = [
  atMost('Article, all formats, vs floor', ratio('imprint: article, all formats', 'floor: article'), 1.1),
  atMost('Article, PDF only, vs floor', ratio('imprint: article, PDF only', 'floor: article'), 1.0),
  peers.pandoc
    ? atMost('Article, EPUB only (second build), vs pandoc', ratio('imprint: article, EPUB only', 'pandoc: article, EPUB'), 3)
    : { what: 'Article, EPUB only (second build), vs pandoc', measured: 'n/a (no pandoc)', goal: '≤ 3×', met: undefined },
  atMost(`Book (${BOOK_CHAPTERS} chapters), PDF, vs floor`, ratio('imprint: book, PDF', 'floor: book'), 1.2),
  atMost(`Book (${BOOK_CHAPTERS} chapters), EPUB, vs floor`, ratio('imprint: book, EPUB', 'floor: book'), 0.4),
  peers.mdToPdf
    ? atMost(`Book (${BOOK_CHAPTERS} chapters), PDF, vs md-to-pdf (below 1: faster)`, ratio('imprint: book, PDF', 'md-to-pdf: book, PDF'), 1.0)
    : { what: 'Book, PDF, vs md-to-pdf', measured: 'n/a (no md-to-pdf)', goal: '< 1×', met: undefined },
  atMost(`Long book (${longBook.pages} pages), cold, HTML+PDF, vs floor`, longRatio, 1.2),
  { what: 'Long book, cold: prints', measured: String(longBook.prints), goal: '1', met: longBook.prints === 1 },
  { what: 'Long book, cold: peak memory of Imprint’s Node process', measured: `${fmt(longBook.peakRssMb, 0)} MB`, goal: '< 400 MB', met: longBook.peakRssMb < 400 },
  { what: 'Book, peak memory of Imprint’s Node process', measured: `${fmt(bookPeak, 0)} MB`, goal: '< 1024 MB', met: bookPeak < 1024 },
  { what: `Batch of ${BATCH_SIZE}, measured: separate invocations ÷ one invocation`, measured: `${fmt(batchSpeedup, 1)}×`, goal: '≥ 6×', met: batchSpeedup >= 6 },
  { what: '`imprint --version`', measured: `${fmt(seconds('imprint --version') * 1000, 0)} ms`, goal: '≤ 100 ms', met: seconds('imprint --version') <= 0.1 },
];

const caseRows = [...results.entries()].map(([name, result]) => {
  const middle = median(result.runs.map((run) => run.ms)) / 1000;
  const against = name.includes('book') ? 'floor: book' : name.includes('article,') || name.startsWith('floor: article') ? 'floor: article' : undefined;
  const vsFloor = against && has(against) ? `${fmt(middle / seconds(against))}×` : '';
  const peak = result.runs.some((run) => run.peakRssMb) ? `${fmt(Math.max(...result.runs.map((run) => run.peakRssMb ?? 0)), 0)} MB` : '';
  return `| ${name} | ${fmt(middle)} s | ${result.runs.length} | ${vsFloor} | ${result.first ? `${fmt(result.first.ms / 1000)} s` : ''} | ${peak} | ${result.note ?? ''} |`;
});

const tables = [
  '| Target | Measured | Goal | Met |',
  '|---|---|---|---|',
  ...targets.map((target) => `| ${target.what} | ${target.measured} | ${target.goal} | ${target.met === undefined ? 'n/a' : target.met ? 'yes' : '**no**'} |`),
  '',
  '| Case | Median | Runs | vs floor | Warm-up run (cold cache) | Peak RSS | Note |',
  '|---|---|---|---|---|---|---|',
  ...caseRows,
  '',
  '| Pages | Chapters | Imprint PDF, first build | Imprint PDF, second build | Floor | ms/page: first, second, floor | Second ÷ floor | Imprint peak RSS | per 100 pages |',
  '|---|---|---|---|---|---|---|---|---|',
  ...scale.map(
    (point) =>
      `| ${point.pages} | ${point.chapters} | ${fmt(point.first)} s | ${fmt(point.second)} s | ${fmt(point.floor)} s | ${[point.first, point.second, point.floor].map((time) => fmt((time * 1000) / point.pages, 0)).join(', ')} | ${fmt(point.second / point.floor)}× | ${fmt(point.peakRssMb, 0)} MB | ${fmt((point.peakRssMb / point.pages) * 100, 0)} MB |`,
  ),
  '',
  ...longBookTable(longBook),
  '',
  ...technicalTable(technical),
].join('\n');
process.stdout.write(`\n${tables}\n`);

const git = (args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const cpus = os.cpus();
const machine = [
  `- Date: ${startedAt.toISOString()}; commit ${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : ''}`,
  `- Machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB memory`,
  `- Load average (1, 5, 15 min): ${loadBefore.map((load) => load.toFixed(2)).join(', ')} before, ${loadAfter.map((load) => load.toFixed(2)).join(', ')} after`,
  `- Node ${process.version}; ${chromiumVersion} at ${chromium} (found via ${browser.via})`,
  `- Peers: ${[peers.pandoc && `pandoc ${peers.pandoc.version}`, peers.mdToPdf && `md-to-pdf ${peers.mdToPdf.version}`, peers.vivliostyle && `@vivliostyle/cli ${peers.vivliostyle.version}`].filter(Boolean).join(', ') || 'none'}${peers.skipped.length ? `; skipped: ${peers.skipped.join('; ')}` : ''}`,
  `- Runs: ${RUNS} per article case and ${BOOK_RUNS} per book case, each after one warm-up run, interleaved; medians. The batch and the page-count points are single runs.`,
  `- The book has ${BOOK_CHAPTERS} chapters and ${imprintBookPages} pages (title page, contents, chapters, colophon); the floor prints the same HTML edition into ${floorBookPages} pages.`,
  `- Time against pages: books of about ${SCALE_PAGES.join(', ')} pages, each built twice (the first with an empty cache, numbering its contents in the print page; the second finding the numbers in the cache), and printed by the floor once; single runs.`,
  `- The long book: ${longBook.chapters} chapters of prose, a highlighted listing, a table, an SVG diagram and a PNG picture each (bench/inputs.ts), generated at bench time; built ${longBook.runs} time(s) with an empty cache, interleaved with the floor printing its HTML edition.`,
];
const markdown = `# Benchmark results

Written by \`npm run bench\` (bench/bench.ts); see the README's "Performance" section for what each case runs.
The **floor** is Chromium printing the same HTML from its own command line
(\`chromium --headless --no-pdf-header-footer --print-to-pdf=OUT file://…\`, fresh profile, network off).
Imprint runs as a user runs it (\`node bin/imprint.js build …\`), with the cover cache warm after the
warm-up run. Ratios compare medians measured in the same run; absolute times depend on the machine.

${machine.join('\n')}

${tables}

![Build time against page count](pages.svg)
`;
await writeFile(path.join(ROOT, 'bench', 'results.md'), markdown);
await writeFile(
  path.join(ROOT, 'bench', 'pages.svg'),
  pagesChart(`PDF build time against page count (${os.availableParallelism()} cores)`, [
    { name: 'Imprint, first build', colour: '#b03a2e', points: scale.map((point) => ({ pages: point.pages, seconds: point.first })) },
    { name: 'Imprint, second build', colour: '#e67e22', points: scale.map((point) => ({ pages: point.pages, seconds: point.second })) },
    { name: 'Floor (Chromium)', colour: '#1f618d', points: scale.map((point) => ({ pages: point.pages, seconds: point.floor })) },
  ]),
);
log('wrote bench/results.md and bench/pages.svg');
for (const name of await readdir(work)) if (name.startsWith('floor-profile-')) await rm(path.join(work, name), { recursive: true, force: true });
await rm(work, { recursive: true, force: true });
