/**
 * The long book of `npm run bench`: about 600 A4 pages (216 chapters of the default manuscript's
 * text, each with a highlighted listing, a table, a diagram from the Rust book and a raster
 * picture; see inputs.ts), generated into the scratch folder at bench time and built cold (an
 * empty cache, HTML and PDF) as a user's first build of it runs; then the floor prints the HTML
 * edition Imprint wrote. Reports the times, the prints, Imprint's peak RSS and a timeline of the
 * build's stages (IMPRINT_TIMELINE).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeLargeBook } from './inputs.ts';
import { median, timeOnce, type Command } from './measure.ts';

/** About 2.85 pages a chapter: 216 chapters make some 616 pages. */
export const LONG_BOOK_CHAPTERS = 216;

export interface LongBookResult {
  chapters: number;
  pages: number;
  /** Medians, in seconds. */
  imprint: number;
  floor: number;
  runs: number;
  /** How many times Chromium printed the book in a cold build. */
  prints: number;
  peakRssMb: number;
  /** The stages of the last cold build, from its IMPRINT_TIMELINE lines. */
  timeline: string[];
}

/**
 * Builds the long book cold `runs` times (each with a cache of its own) and has the floor print
 * its HTML edition as many times, interleaved.
 */
export async function measureLongBook(
  work: string,
  runs: number,
  commands: { imprint: (args: string[], env: NodeJS.ProcessEnv) => Command; floor: (html: string, pdf: string) => (run: number) => Command },
  log: (line: string) => void,
): Promise<LongBookResult> {
  const book = await writeLargeBook(path.join(work, 'long-book'), LONG_BOOK_CHAPTERS);
  const out = path.join(work, 'long-book-out');
  const html = path.join(out, `long-book-${LONG_BOOK_CHAPTERS}.html`);
  const imprintTimes: number[] = [];
  const floorTimes: number[] = [];
  let prints = 0;
  let peakRssMb = 0;
  let timeline: string[] = [];
  for (let run = 0; run < runs; run += 1) {
    const env = { IMPRINT_CACHE_DIR: path.join(work, `long-book-cache-${run}`), IMPRINT_TIMELINE: '1' };
    const built = await timeOnce(commands.imprint(['build', book, '-o', out, '-f', 'html,pdf'], env), { peakRssFile: path.join(work, `rss-long-${run}.txt`) });
    imprintTimes.push(built.ms);
    peakRssMb = Math.max(peakRssMb, built.peakRssMb ?? 0);
    const output = built.output ?? '';
    prints = Math.max(prints, Number(/printed pdf \((\d+) pass/.exec(output)?.[1] ?? NaN));
    timeline = output.split('\n').filter((line) => line.startsWith('imprint: timeline ')).map((line) => line.replace('imprint: timeline ', ''));
    if (!existsSync(html)) throw new Error(`${html} was not written: the benchmark cannot go on`);
    const floored = await timeOnce(commands.floor(html, path.join(work, 'long-book-floor.pdf'))(2000 + run));
    floorTimes.push(floored.ms);
    log(`long book #${run + 1}: imprint ${(built.ms / 1000).toFixed(1)} s (${built.peakRssMb?.toFixed(0)} MB), floor ${(floored.ms / 1000).toFixed(1)} s`);
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [path.join(out, `long-book-${LONG_BOOK_CHAPTERS}.pdf`)], { encoding: 'utf8' }).stdout)?.[1]);
  return { chapters: LONG_BOOK_CHAPTERS, pages, imprint: median(imprintTimes) / 1000, floor: median(floorTimes) / 1000, runs, prints, peakRssMb, timeline };
}

/** The long book's rows for bench/results.md. */
export function longBookTable(result: LongBookResult): string[] {
  const perHundred = (result.peakRssMb / result.pages) * 100;
  return [
    `| Long book (${result.chapters} chapters, ${result.pages} pages), cold, HTML+PDF | Median of ${result.runs} | Floor on its HTML | Ratio | Prints | Imprint peak RSS | per 100 pages |`,
    '|---|---|---|---|---|---|---|',
    `| imprint build, empty cache | ${result.imprint.toFixed(2)} s | ${result.floor.toFixed(2)} s | ${(result.imprint / result.floor).toFixed(2)}× | ${result.prints} | ${result.peakRssMb.toFixed(0)} MB | ${perHundred.toFixed(0)} MB |`,
    '',
    'Where the time of the last cold build went (IMPRINT_TIMELINE=1: milliseconds since the process started at which each stage ended):',
    '',
    '```',
    ...result.timeline,
    '```',
  ];
}
