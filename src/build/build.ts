/**
 * One build: load → process → render HTML → print PDF | pack EPUB → write. For a PDF, Chromium
 * is started first and the Markdown pipeline loads and parses while it starts; the EPUB is packed
 * and pdf-lib loads while Chromium prints. The browser is closed on every path.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { openBrowser, type BrowserSession, type RequestPolicy } from '../browser/browser.ts';
import type { FootnotePlace, Format, Layout, Paper } from '../options/front-matter.ts';
import { chooseBuildDate } from '../archive/build-date.ts';
import { openBuildCache } from '../archive/cache.ts';
import {
  fileSha256,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  manifestPath,
  mergeManifest,
  readManifest,
  serializeManifest,
  type Manifest,
  type ManifestArtifact,
} from '../archive/manifest.ts';
import type { BookletSheet } from '../pdf/booklet.ts';
import type { CoverImage } from '../epub/render.ts';
import { BOOKLET_PAGE, textBlockPx, type PageSize } from '../html/page-style.ts';
import type { PrintedPdf } from '../pdf/print.ts';
import type { EditionImage } from '../plugins/rehype-images.ts';
import { IMPRINT_VERSION } from '../version.ts';
import { packageFile } from '../package-root.ts';
import { warnUncoveredGlyphs, warnUncoveredPictureGlyphs } from '../fonts/glyph-coverage.ts';
import { openStaging } from '../archive/staging.ts';

/** A finished file on disk. */
export interface Artifact {
  format: Format | 'png' | 'jpg';
  path: string;
  bytes: number;
}

/** What a build hands back: the manuscript with its messages, and the files written. */
export interface BuildResult {
  /** The manuscript (a book: its book.yaml or first chapter); its `messages` are the problems found. */
  file: VFile;
  /** Every source file with its messages: report them all with vfile-reporter. */
  files: VFile[];
  /** False when a fatal problem stopped the build; nothing was written then. */
  ok: boolean;
  artifacts: Artifact[];
  /** The manifest written beside the editions. */
  manifest?: string;
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
  /** undefined: `book` for a book, `handout` for an article. */
  layout: Layout | undefined;
  /** undefined: the front matter's, else `page` in the book layout, `chapter` in a handout. */
  footnotes: FootnotePlace | undefined;
  /** The sheet to impose a booklet on, or false for no booklet. */
  booklet: BookletSheet | false;
  /** The user's cover image, or undefined to render one. */
  cover: { path: string; mediaType: CoverImage['mediaType'] } | undefined;
  embedFonts: boolean;
  allowRemote: boolean;
  /** Write the PDF for PDF/A-2b. */
  pdfa: boolean;
  /** The user's style sheet (absolute path), added after the built-in ones. */
  style: string | undefined;
  /** A browser the caller owns; when absent the build opens and closes its own. */
  browser: BrowserSession | undefined;
  /** Gives a browser the caller owns and starts on first call (shared by many builds); instead of `browser`. */
  launchBrowser: (() => Promise<BrowserSession>) | undefined;
  /** Aborting it (Ctrl-C) closes the build's own browser and stops the build. */
  signal: AbortSignal | undefined;
  /** Milliseconds one page may take in the browser. */
  pageTimeoutMs: number;
  onProgress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs one build; throws only for failures of the machine (see EnvironmentError). */
export async function runBuild(options: ResolvedBuildOptions): Promise<BuildResult> {
  const started = performance.now();
  // Stages overlap, so each line gives the time since the build started.
  const progress = (stage: string) => options.onProgress(`${stage} (at ${Math.round(performance.now() - started)} ms)`);
  const wantsEpub = options.formats.includes('epub');
  const wantsPdf = options.formats.includes('pdf');
  const ownsBrowser = options.browser === undefined && options.launchBrowser === undefined;
  let browserLaunch: Promise<BrowserSession> | undefined;
  // Started once, at first need: at once for a PDF; for an EPUB only if its cover is not cached.
  const launchBrowser = (): Promise<BrowserSession> => {
    if (!browserLaunch) {
      browserLaunch = options.browser
        ? Promise.resolve(options.browser)
        : options.launchBrowser
          ? options.launchBrowser()
          : openBrowser(options.signal, options.pageTimeoutMs);
      // Awaited where it is used; until then a failed launch must not count as an unhandled rejection.
      browserLaunch.catch(() => undefined);
    }
    return browserLaunch;
  };
  if (wantsPdf) void launchBrowser();
  // The browser is closed as soon as the last stage that needs it is done with it, so that it
  // shuts down while pdf-lib finishes the PDF and the files are written.
  let browserUsers = (wantsPdf ? 1 : 0) + (wantsPdf && options.booklet ? 1 : 0) + (wantsEpub ? 1 : 0);
  let browserClosing: Promise<void> | undefined;
  const doneWithBrowser = () => {
    browserUsers -= 1;
    if (browserUsers === 0 && ownsBrowser && browserLaunch) browserClosing = browserLaunch.then((session) => session.close(), () => undefined);
  };
  try {
    const { defaultLayout, readManuscript } = await import('../manuscript/assemble.ts');
    const read = await readManuscript(options.input, { allowRemote: options.allowRemote });
    const manuscript = read.manuscript;
    if (!manuscript) return { file: read.files.find((file) => file.messages.some((message) => message.fatal)) ?? read.files[0]!, files: read.files, ok: false, artifacts: [] };
    const { matter, body, images, primary: file } = manuscript;
    const files = manuscript.files;
    progress(`parsed ${manuscript.kind === 'book' ? `${manuscript.chapters.length} chapters of ${path.dirname(file.path)}` : file.path}`);

    // A book is named and dated after its folder, an article after its file.
    const home = manuscript.kind === 'book' ? path.dirname(path.resolve(file.path)) : path.resolve(file.path);
    const slug = matter.slug ?? slugify(path.parse(home).name);
    const layout = options.layout ?? defaultLayout(manuscript);
    const footnotes = options.footnotes ?? matter.footnotes ?? (layout === 'book' ? 'page' : 'chapter');
    const pageBoxAt = (size: PageSize) => ({ ...textBlockPx(size), maxNotesShare: MAX_NOTES_SHARE, footnotes: footnotes === 'page' });
    const cover = options.cover ?? frontMatterCover(matter.cover, path.dirname(path.resolve(file.path)), file);
    if (cover === null) return { file, files, ok: false, artifacts: [] };
    const { date: buildDate, from: buildDateFrom } = await chooseBuildDate(options.env, home, matter.source?.published ?? matter.date);
    const names = { html: `${slug}.html`, pdf: `${slug}.pdf`, epub: `${slug}.epub`, booklet: `${slug}-booklet.pdf` };
    const userCss = options.style ? await readFile(options.style, 'utf8') : undefined;
    const { renderHtml } = await import('../html/render.ts');
    const renderAt = (size: PageSize, hyphenate: boolean) => (tocPages?: ReadonlyMap<string, number>) =>
      renderHtml(
        { matter, body, chapters: manuscript.chapters, images, imprintVersion: IMPRINT_VERSION },
        { size, layout, hyphenate, ...(tocPages ? { tocPages } : {}), ...(userCss ? { userCss } : {}) },
      );

    const staging = await openStaging(options.outDir);
    const policy = requestPolicy(options, file, [options.outDir, home]);
    try {
      const kept: string[] = options.formats.map((format) => names[format]);
      let browserVersion: string | undefined;
      // The PDF is printed from the HTML edition with soft hyphens added (Chromium has no
      // hyphenation dictionaries here); the HTML edition itself is that page without them.
      const pdf = wantsPdf
        ? (async () => {
            const browser = await launchBrowser();
            browserVersion = browser.version;
            const [{ renderPdf }, contentsCache] = await Promise.all([import('../pdf/print.ts'), openBuildCache('contents', options.env)]);
            const printed = await renderPdf(browser, {
              matter,
              imprintVersion: IMPRINT_VERSION,
              buildDate,
              pdfa: options.pdfa,
              policy,
              contentsCache,
              render: renderAt(options.paper, true),
              stage: (html) => staging.stage(`${slug}-print.html`, html),
              onLastPrint: doneWithBrowser,
              pageBox: pageBoxAt(options.paper),
            });
            warnPagination(file, printed.pagination);
            warnMissingFonts(file, printed.page.missingFontPackages);
            warnUncoveredGlyphs(manuscript, printed.page.uncoveredCodePoints);
            await warnUncoveredPictureGlyphs(manuscript);
            await staging.stage(names.pdf, printed.pdf);
            if (options.formats.includes('html')) await staging.stage(names.html, (await renderAt(options.paper, false)(printed.tocPages)).html);
            progress(`printed pdf (${printed.passes} ${printed.passes === 1 ? 'pass' : 'passes'}) with ${browser.version}`);
            if (options.booklet) {
              const [pages, { imposeBooklet }] = await Promise.all([
                renderPdf(browser, {
                  matter,
                  imprintVersion: IMPRINT_VERSION,
                  buildDate,
                  policy,
                  contentsCache,
                  render: renderAt(BOOKLET_PAGE[options.booklet], true),
                  stage: (html) => staging.stage(`${slug}-booklet-pages.html`, html),
                  onLastPrint: doneWithBrowser,
                  pageBox: pageBoxAt(BOOKLET_PAGE[options.booklet]),
                }),
                import('../pdf/booklet.ts'),
              ]);
              await staging.stage(names.booklet, await imposeBooklet(pages.pdf, { sheet: options.booklet }));
              kept.push(names.booklet);
              progress('imposed booklet');
            }
          })()
        : options.formats.includes('html')
          ? (async () => {
              const page = await renderAt(options.paper, false)();
              warnMissingFonts(file, page.missingFontPackages);
              await staging.stage(names.html, page.html);
              progress('rendered html');
            })()
          : undefined;
      pdf?.catch(() => undefined);
      // Started after the print was asked for, so the EPUB packs while Chromium prints.
      const epub = wantsEpub
        ? (async () => {
            const { packEpub } = await import('../epub/stage.ts');
            const written = await packEpub({ options, cover, manuscript, buildDate, slug, staging, launchBrowser, policy, onCoverMade: doneWithBrowser });
            kept.push(written.cover);
            if (written.browserVersion) browserVersion ??= written.browserVersion;
            progress(`packed epub${written.coverFrom === 'cache' ? ' (cover from the cache)' : ''}`);
          })()
        : undefined;
      // Both stages end before the staging is discarded or committed, even when one fails.
      const failed = (await Promise.allSettled([pdf, epub])).find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;

      const sources = await sourceFiles(files, images, options.outDir);
      const entry: Manifest = {
        format: MANIFEST_FORMAT,
        imprint: IMPRINT_VERSION,
        node: process.version,
        chromium: browserVersion ?? null,
        buildDate: buildDate.toISOString(),
        buildDateFrom,
        manuscripts: [{ slug, sources, attribution: matter, buildDate: buildDate.toISOString() }],
        artifacts: kept.map((name) => {
          const { bytes, sha256 } = staging.describe(name);
          const format = path.extname(name).slice(1) as ManifestArtifact['format'];
          const role = name === names.booklet ? 'booklet' : format === 'png' || format === 'jpg' ? 'cover' : 'edition';
          return { path: manifestPath(options.outDir, path.join(options.outDir, name)), format, role, manuscript: slug, bytes, sha256 };
        }),
      };
      // The folder's manifest is read and merged under the lock, so builds running side by side keep each other's entries.
      await staging.commit(kept, async () => ({
        [MANIFEST_NAME]: serializeManifest(mergeManifest(await readManifest(options.outDir), entry, options.outDir)),
      }));
      const artifacts: Artifact[] = await Promise.all(
        kept.map(async (name) => {
          const written = path.join(options.outDir, name);
          return { format: path.extname(name).slice(1) as Artifact['format'], path: written, bytes: (await stat(written)).size };
        }),
      );
      progress(`wrote ${artifacts.map((artifact) => artifact.path).join(', ')}`);
      return {
        file,
        files,
        ok: true,
        artifacts,
        manifest: path.join(options.outDir, MANIFEST_NAME),
        buildDate,
        ...(browserVersion ? { browserVersion } : {}),
      };
    } finally {
      await staging.discard();
    }
  } finally {
    if (browserLaunch && ownsBrowser) await (browserClosing ?? browserLaunch.then((session) => session.close(), () => undefined));
  }
}

/** The manuscript's files and local images, with checksums, for the manifest. */
async function sourceFiles(manuscript: VFile[], images: Record<string, EditionImage>, outDir: string) {
  const imageFiles = Object.values(images).flatMap((image) => (image.sourcePath ? [image.sourcePath] : []));
  const files = [...manuscript.map((file) => path.resolve(file.path)), ...new Set(imageFiles)];
  return Promise.all(files.map(async (file) => ({ path: manifestPath(outDir, file), sha256: await fileSha256(file) })));
}

const COVER_TYPES: Record<string, CoverImage['mediaType']> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/** The front matter's `cover:` image, resolved; null (after reporting) when it cannot be used. */
function frontMatterCover(cover: string | undefined, folder: string, file: VFile): ResolvedBuildOptions['cover'] | null {
  if (cover === undefined) return undefined;
  const target = path.resolve(folder, cover);
  const mediaType = COVER_TYPES[path.extname(target).toLowerCase()];
  if (!mediaType || !existsSync(target) || !target.startsWith(folder + path.sep)) {
    const message = file.message(`The cover ${cover} must be a PNG or JPEG file inside the manuscript folder`, { ruleId: 'cover', source: 'imprint' });
    message.fatal = true;
    return null;
  }
  return { path: target, mediaType };
}

/**
 * What Chromium may load while printing: files in the output folder (the staged page), the
 * manuscript's folder and the styles; data: URLs; the network only with --allow-remote. Each
 * refused request is a warning on the manuscript.
 */
function requestPolicy(options: ResolvedBuildOptions, file: VFile, folders: string[]): RequestPolicy {
  const refused = new Set<string>();
  const home = folders.map((folder) => (existsSync(folder) && statSync(folder).isFile() ? path.dirname(folder) : folder));
  return {
    allowedFolders: [...home, packageFile('styles')].map((folder) => realpathSync(folder)),
    allowRemote: options.allowRemote,
    onBlocked(url) {
      if (refused.has(url)) return;
      refused.add(url);
      file.message(
        `Chromium was refused ${url.length > 120 ? `${url.slice(0, 120)}…` : url}: a page may load only data: URLs and files in the manuscript's folder${options.allowRemote ? '' : ' (remote files need --allow-remote)'}`,
        { ruleId: 'blocked-request', source: 'imprint' },
      );
    },
  };
}

/** Page-foot notes take at most this share of a page; the rest of a longer note goes on to the next. */
const MAX_NOTES_SHARE = 0.5;

/** Pages laid out for page-foot footnotes that did not print one to a sheet put notes off their pages. */
function warnPagination(file: VFile, pagination: PrintedPdf['pagination']): void {
  if (!pagination) return;
  if (pagination.overfull.length > 0) {
    const pages = pagination.overfull;
    file.message(
      `Page${pages.length === 1 ? '' : 's'} ${pages.slice(0, 10).join(', ')}${pages.length > 10 ? ` and ${pages.length - 10} more` : ''} of the PDF hold${pages.length === 1 ? 's' : ''} something taller than the page that cannot be split (a picture or a table row): its foot runs into the next page`,
      { ruleId: 'overfull-page', source: 'imprint' },
    );
  }
  if (pagination.pages === pagination.printedPages) return;
  file.message(
    `Page-foot footnotes: ${pagination.pages} pages were laid out but ${pagination.printedPages} printed, so some notes may not sit on the page of their reference; build with --footnotes chapter to set them after each chapter`,
    { ruleId: 'footnote-pages', source: 'imprint' },
  );
}

function warnMissingFonts(file: VFile, packages: string[]): void {
  for (const name of packages) {
    file.message(`The text needs fonts from ${name}, which is not installed: run \`npm install ${name}\` to embed them`, {
      ruleId: 'missing-font',
      source: 'imprint',
    });
  }
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

