/**
 * One build: load → process → render HTML → print PDF | pack EPUB → write. The browser is
 * launched while the manuscript is parsed, once for the whole build, and closed on every path.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { openBrowser, type BrowserSession } from './browser.ts';
import { EnvironmentError } from './errors.ts';
import type { Format, Layout, Paper } from './config.ts';
import { loadManuscript } from './load.ts';
import { imposeBooklet, type BookletSheet } from './outputs/booklet.ts';
import { renderEpub } from './outputs/epub.ts';
import { renderPdf } from './outputs/pdf.ts';
import { processManuscript } from './processor.ts';
import { readStyle, renderHtml } from './render-html.ts';
import { IMPRINT_VERSION } from './version.ts';
import { BOOKLET_PAGE, type PageSize } from './page-style.ts';
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
  paper: Paper;
  layout: Layout;
  /** The sheet to impose a booklet on, or false for no booklet. */
  booklet: BookletSheet | false;
  /** A browser the caller owns; when absent the build opens and closes its own. */
  browser: BrowserSession | undefined;
  onProgress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs one build; throws only for failures of the machine (see EnvironmentError). */
export async function runBuild(options: ResolvedBuildOptions): Promise<BuildResult> {
  const progress = stopwatch(options.onProgress);
  const ownsBrowser = options.browser === undefined;
  const browserLaunch = options.formats.includes('pdf') ? (options.browser ? Promise.resolve(options.browser) : openBrowser()) : undefined;
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
    const names = { html: `${slug}.html`, pdf: `${slug}.pdf`, epub: `${slug}.epub`, booklet: `${slug}-booklet.pdf` };
    const renderAt = (size: PageSize) => (tocPages?: ReadonlyMap<string, number>) =>
      renderHtml(matter, body, IMPRINT_VERSION, { size, layout: options.layout, ...(tocPages ? { tocPages } : {}) });

    const staging = await openStaging(options.outDir);
    try {
      const epub = options.formats.includes('epub')
        ? Promise.all([readStyle('base.css'), readStyle('epub.css')]).then(([base, reader]) =>
            renderEpub({ matter, body, css: `${base}\n${reader}`, imprintVersion: IMPRINT_VERSION, buildDate }),
          )
        : undefined;
      epub?.catch(() => undefined);

      const kept = options.formats.map((format) => names[format]);
      let browserVersion: string | undefined;
      if (browserLaunch) {
        const browser = await browserLaunch;
        browserVersion = browser.version;
        // The PDF is printed from the staged HTML edition, so the HTML is exactly what was printed.
        const printed = await renderPdf(browser, {
          matter,
          imprintVersion: IMPRINT_VERSION,
          buildDate,
          render: renderAt(options.paper),
          stage: (html) => staging.stage(names.html, html),
        });
        warnMissingFonts(file, printed.page.missingFontPackages);
        await staging.stage(names.pdf, printed.pdf);
        progress(`printed pdf (${printed.passes} ${printed.passes === 1 ? 'pass' : 'passes'}) with ${browser.version}`);
        if (options.booklet) {
          const pages = await renderPdf(browser, {
            matter,
            imprintVersion: IMPRINT_VERSION,
            buildDate,
            render: renderAt(BOOKLET_PAGE[options.booklet]),
            stage: (html) => staging.stage(`${slug}-booklet-pages.html`, html),
          });
          await staging.stage(names.booklet, await imposeBooklet(pages.pdf, { sheet: options.booklet }));
          kept.push(names.booklet);
          progress('imposed booklet');
        }
      } else {
        const page = await renderAt(options.paper)();
        warnMissingFonts(file, page.missingFontPackages);
        await staging.stage(names.html, page.html);
        progress('rendered html');
      }
      if (epub) {
        await staging.stage(names.epub, await epub);
        progress('packed epub');
      }
      await staging.commit(kept);
      const artifacts: Artifact[] = await Promise.all(
        kept.map(async (name) => {
          const written = path.join(options.outDir, name);
          const format = path.extname(name).slice(1) as Format;
          return { format, path: written, bytes: (await stat(written)).size };
        }),
      );
      progress(`wrote ${artifacts.map((artifact) => artifact.path).join(', ')}`);
      return { file, ok: true, artifacts, buildDate, ...(browserVersion ? { browserVersion } : {}) };
    } finally {
      await staging.discard();
    }
  } finally {
    if (browserLaunch && ownsBrowser) await browserLaunch.then((session) => session.close(), () => undefined);
  }
}

function warnMissingFonts(file: VFile, packages: string[]): void {
  for (const name of packages) {
    file.message(`The text needs fonts from ${name}, which is not installed: run \`npm install ${name}\` to embed them`, {
      ruleId: 'missing-font',
      source: 'imprint',
    });
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
