/**
 * One build: load → process → render HTML → print PDF | pack EPUB → write. The browser is
 * launched while the manuscript is parsed, once for the whole build, and closed on every path.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { openBrowser, type BrowserSession } from './browser.ts';
import { EnvironmentError } from './errors.ts';
import type { Format } from './config.ts';
import { loadManuscript } from './load.ts';
import { renderEpub } from './outputs/epub.ts';
import { renderPdf } from './outputs/pdf.ts';
import { processManuscript } from './processor.ts';
import { readStyle, renderHtml } from './render-html.ts';
import { IMPRINT_VERSION } from './version.ts';
import { openStaging } from './write.ts';

/** A finished edition on disk. */
export interface Artifact {
  format: Format;
  path: string;
  bytes: number;
}

/** What a build hands back: the manuscript with its messages, and the editions written. */
export interface BuildResult {
  /** The manuscript; its `messages` are the problems found (report them with vfile-reporter). */
  file: VFile;
  /** False when a fatal problem stopped the build; nothing was written then. */
  ok: boolean;
  artifacts: Artifact[];
  /** The date stamped into the editions' metadata. */
  buildDate?: Date;
  browserVersion?: string;
}

/** Options after defaults are applied, as {@link runBuild} expects them. */
export interface ResolvedBuildOptions {
  input: string;
  outDir: string;
  formats: readonly Format[];
  onProgress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const EXTENSIONS: Record<Format, string> = { html: 'html', pdf: 'pdf', epub: 'epub' };

/** Runs one build; throws only for failures of the machine (see EnvironmentError). */
export async function runBuild(options: ResolvedBuildOptions): Promise<BuildResult> {
  const progress = stopwatch(options.onProgress);
  const browserLaunch = options.formats.includes('pdf') ? openBrowser() : undefined;
  // Awaited below; until then a failed launch must not count as an unhandled rejection.
  browserLaunch?.catch(() => undefined);
  try {
    const file = await loadManuscript(options.input);
    if (hasFatal(file)) return { file, ok: false, artifacts: [] };
    const body = await processManuscript(file);
    const matter = file.data.matter;
    if (hasFatal(file) || !matter) return { file, ok: false, artifacts: [] };
    progress(`parsed ${file.path}`);

    const slug = matter.slug ?? slugify(path.parse(file.path).name);
    const buildDate = await chooseBuildDate(options.env, matter.source?.published ?? matter.date, file.path);
    const html = await renderHtml(matter, body, IMPRINT_VERSION);
    const names: Record<Format, string> = {
      html: `${slug}.${EXTENSIONS.html}`,
      pdf: `${slug}.${EXTENSIONS.pdf}`,
      epub: `${slug}.${EXTENSIONS.epub}`,
    };

    const staging = await openStaging(options.outDir);
    let browser: BrowserSession | undefined;
    try {
      // The PDF is printed from the staged HTML, so the HTML edition is exactly what was printed.
      const htmlUrl = await staging.stage(names.html, html);
      progress('rendered html');
      const epub = options.formats.includes('epub')
        ? Promise.all([readStyle('base.css'), readStyle('epub.css')]).then(([base, reader]) =>
            renderEpub({ matter, body, css: `${base}\n${reader}`, imprintVersion: IMPRINT_VERSION, buildDate }),
          )
        : undefined;
      epub?.catch(() => undefined);
      if (browserLaunch) {
        browser = await browserLaunch;
        const pdf = await renderPdf(browser, { htmlUrl: htmlUrl.href, matter, imprintVersion: IMPRINT_VERSION, buildDate });
        await staging.stage(names.pdf, pdf);
        progress(`printed pdf with ${browser.version}`);
      }
      if (epub) {
        await staging.stage(names.epub, await epub);
        progress('packed epub');
      }
      await staging.commit(options.formats.map((format) => names[format]));
      const artifacts = await Promise.all(
        options.formats.map(async (format) => {
          const written = path.join(options.outDir, names[format]);
          return { format, path: written, bytes: (await stat(written)).size };
        }),
      );
      progress(`wrote ${artifacts.map((artifact) => artifact.path).join(', ')}`);
      return { file, ok: true, artifacts, buildDate, ...(browser ? { browserVersion: browser.version } : {}) };
    } finally {
      await staging.discard();
    }
  } finally {
    if (browserLaunch) await browserLaunch.then((session) => session.close(), () => undefined);
  }
}

function hasFatal(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true);
}

/** "My Article.md" → "my-article". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return slug || 'manuscript';
}

/**
 * The date stamped into the editions, by the reproducible-builds convention: SOURCE_DATE_EPOCH
 * when set, else the text's own original date, else the manuscript file's modification time.
 */
async function chooseBuildDate(env: NodeJS.ProcessEnv, original: string | undefined, filePath: string): Promise<Date> {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new EnvironmentError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${epoch}"`);
    return new Date(Number(epoch) * 1000);
  }
  if (original) return new Date(original);
  return (await stat(filePath)).mtime;
}

function stopwatch(report: (line: string) => void): (stage: string) => void {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    report(`${stage} (${Math.round(now - last)} ms)`);
    last = now;
  };
}
