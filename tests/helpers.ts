/** Shared by the test files: running the CLI, reading editions back, and the seed article's text. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

// Each test file gets a cache of its own (covers, contents page numbers), never the user's ~/.cache.
process.env.IMPRINT_CACHE_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'imprint-test-cache-'));

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_MANUSCRIPT = path.join(ROOT, 'manuscript', 'micro-corruption.md');

export function tempDir(prefix = 'imprint-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `imprint ARGS` as a user would, from `cwd`. */
export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [path.join(ROOT, 'bin', 'imprint.js'), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * `java` arguments that run EPUBCheck on ARGS. A check is a short run: the client compiler alone
 * and the serial collector start faster and take a third less time than the JVM's defaults.
 */
export function epubcheckArgs(...args: string[]): string[] {
  return ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', '/usr/share/java/epubcheck.jar', ...args];
}

/** Runs a command and returns its standard output. */
export async function output(command: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * Text reduced to what must survive every edition: straight quotes and hyphens for the typographic
 * ones, single spaces. Soft hyphens are kept, so that a comparison fails where one is left.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The PDF's text in reading order, without the running heads and footers that interrupt paragraphs.
 * A word broken at a line end (`cor-` newline `ruption`) is joined: without its hyphen when the
 * source's `words` hold the joined word and not the hyphenated one (a break at a soft hyphen),
 * with it otherwise (`anti-` newline `corruption`).
 */
export async function pdfText(file: string, runningHead?: string, words?: ReadonlySet<string>): Promise<string> {
  const raw = await output('pdftotext', ['-enc', 'UTF-8', file, '-']);
  const withoutFooters = raw
    .replace(/\f/g, '\n')
    .split('\n')
    .filter((line) => !/^Page \d+ of \d+$/.test(line) && line !== runningHead)
    .join('\n');
  const joined = withoutFooters.replace(/(\p{L}+)-\n\s*(\p{L}+)/gu, (_, before: string, after: string) => {
    const whole = `${before}${after}`.toLowerCase();
    return words?.has(whole) && !words.has(`${before}-${after}`.toLowerCase()) ? `${before}${after}` : `${before}-${after}`;
  });
  return normalizeText(joined.replace(/-\n\s*/g, '-'));
}

/** The words of a text, lower-cased, hyphenated compounds both whole and in parts. */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const token of text.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) {
    words.add(token);
    for (const part of token.split('-')) words.add(part);
  }
  return words;
}

/** The article's paragraphs as the seed web page gives them, without the page chrome. */
export async function seedParagraphs(): Promise<string[]> {
  const lines = (await readFile(path.join(ROOT, 'tests', 'fixtures', 'seed-article.txt'), 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const start = lines.indexOf('- Share -') + 1;
  const end = lines.findIndex((line) => line.startsWith('The author is the deputy director'));
  return lines.slice(start, end);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The character data of an XML document: tags dropped, character references decoded. */
export function xmlText(xml: string): string {
  return xml
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!);
}

/**
 * The build date Imprint stamps for a manuscript without SOURCE_DATE_EPOCH: the newest commit
 * that touched it, else (outside git) undefined.
 */
export async function committedDate(file: string): Promise<Date | undefined> {
  const { stdout } = await execFileAsync('git', ['log', '-1', '--format=%ct', '--', path.basename(file)], { cwd: path.dirname(file) }).catch(() => ({
    stdout: '',
  }));
  return stdout.trim() ? new Date(Number(stdout.trim()) * 1000) : undefined;
}

/** "2024-05-06T08:40:15Z": a date as XMP, OPF and `pdfinfo -isodates` write it. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The entries of a printed contents page (`pdftotext -layout` lines): a title, spaces, a page number. */
export function contentsEntries(lines: string[]): Array<{ title: string; page: number }> {
  return lines
    .map((line) => /^(.*?)\s{2,}(\d+)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ title: match[1]!, page: Number(match[2]) }));
}

/**
 * The process ids of the Chromiums whose profile folder lies in `tmp`: a test gives the build it
 * starts a TMPDIR of its own, so it counts only the browsers that build started, never another
 * build running on the same machine.
 */
export async function chromiumsIn(tmp: string): Promise<Set<string>> {
  const { stdout } = await execFileAsync('pgrep', ['-f', `${tmp}/imprint-chromium-`]).catch(() => ({ stdout: '' }));
  return new Set(stdout.split('\n').filter(Boolean));
}

/** The distinct profile folders of the Chromiums in `tmp` (see {@link chromiumsIn}): one per browser. */
export async function chromiumProfilesIn(tmp: string): Promise<string[]> {
  const { stdout } = await execFileAsync('pgrep', ['-af', `${tmp}/imprint-chromium-`]).catch(() => ({ stdout: '' }));
  return [...new Set(stdout.match(/imprint-chromium-[A-Za-z0-9]+/g) ?? [])];
}
