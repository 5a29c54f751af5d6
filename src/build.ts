/**
 * One build: load → process → render HTML → print PDF | pack EPUB → write. The browser is
 * launched while the manuscript is parsed, once for the whole build, and closed on every path.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ElementContent } from 'hast';
import type { VFile } from 'vfile';
import { openBrowser, type BrowserSession } from './browser.ts';
import type { Format, FrontMatter, Layout, Paper } from './config.ts';
import { chooseBuildDate } from './build-date.ts';
import { COVER_SIZE, coverHtml } from './cover.ts';
import { EnvironmentError } from './errors.ts';
import { selectFonts } from './fonts.ts';
import { plainText } from './headings.ts';
import { loadManuscript } from './load.ts';
import {
  fileSha256,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  manifestPath,
  mergeManifest,
  readManifest,
  serializeManifest,
  type ManifestArtifact,
} from './manifest.ts';
import { imposeBooklet, type BookletSheet } from './outputs/booklet.ts';
import { renderEpub, type CoverImage, type EmbeddedFonts } from './outputs/epub.ts';
import { renderPdf } from './outputs/pdf.ts';
import { BOOKLET_PAGE, type PageSize } from './page-style.ts';
import type { LocalImage } from './plugins/rehype-local-images.ts';
import { processManuscript } from './processor.ts';
import { readStyle, renderHtml } from './render-html.ts';
import { IMPRINT_VERSION } from './version.ts';
import { openStaging, type Staging } from './write.ts';

/** A finished file on disk. */
export interface Artifact {
  format: Format | 'png' | 'jpg';
  path: string;
  bytes: number;
}

/** What a build hands back: the manuscript with its messages, and the files written. */
export interface BuildResult {
  /** The manuscript; its `messages` are the problems found (report them with vfile-reporter). */
  file: VFile;
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
  layout: Layout;
  /** The sheet to impose a booklet on, or false for no booklet. */
  booklet: BookletSheet | false;
  /** The user's cover image, or undefined to render one. */
  cover: { path: string; mediaType: CoverImage['mediaType'] } | undefined;
  embedFonts: boolean;
  allowRemote: boolean;
  /** Write the PDF for PDF/A-2b. */
  pdfa: boolean;
  /** A browser the caller owns; when absent the build opens and closes its own. */
  browser: BrowserSession | undefined;
  onProgress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs one build; throws only for failures of the machine (see EnvironmentError). */
export async function runBuild(options: ResolvedBuildOptions): Promise<BuildResult> {
  const started = performance.now();
  // Stages overlap, so each line gives the time since the build started.
  const progress = (stage: string) => options.onProgress(`${stage} (at ${Math.round(performance.now() - started)} ms)`);
  const wantsEpub = options.formats.includes('epub');
  const needsBrowser = options.formats.includes('pdf') || (wantsEpub && !options.cover);
  const ownsBrowser = options.browser === undefined;
  const browserLaunch = needsBrowser ? (options.browser ? Promise.resolve(options.browser) : openBrowser()) : undefined;
  // Awaited below; until then a failed launch must not count as an unhandled rejection.
  browserLaunch?.catch(() => undefined);
  try {
    const file = await loadManuscript(options.input);
    if (hasFatal(file)) return { file, ok: false, artifacts: [] };
    const body = await processManuscript(file, { allowRemote: options.allowRemote });
    const matter = file.data.matter;
    if (hasFatal(file) || !matter) return { file, ok: false, artifacts: [] };
    progress(`parsed ${file.path}`);

    const slug = matter.slug ?? slugify(path.parse(file.path).name);
    const { date: buildDate, from: buildDateFrom } = await chooseBuildDate(options.env, file.path, matter.source?.published ?? matter.date);
    const images = file.data.images ?? {};
    const names = { html: `${slug}.html`, pdf: `${slug}.pdf`, epub: `${slug}.epub`, booklet: `${slug}-booklet.pdf` };
    const renderAt = (size: PageSize) => (tocPages?: ReadonlyMap<string, number>) =>
      renderHtml(
        { matter, body, images, imprintVersion: IMPRINT_VERSION },
        { size, layout: options.layout, ...(tocPages ? { tocPages } : {}) },
      );

    const staging = await openStaging(options.outDir);
    try {
      const kept: string[] = options.formats.map((format) => names[format]);
      const epub = wantsEpub
        ? packEpub({ options, matter, body, images, buildDate, slug, staging, browserLaunch }).then((written) => {
            kept.push(written.cover);
            progress('packed epub');
          })
        : undefined;
      epub?.catch(() => undefined);

      let browserVersion: string | undefined;
      if (options.formats.includes('pdf') && browserLaunch) {
        const browser = await browserLaunch;
        browserVersion = browser.version;
        // The PDF is printed from the staged HTML edition, so the HTML is exactly what was printed.
        const printed = await renderPdf(browser, {
          matter,
          imprintVersion: IMPRINT_VERSION,
          buildDate,
          pdfa: options.pdfa,
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
      } else if (options.formats.includes('html')) {
        const page = await renderAt(options.paper)();
        warnMissingFonts(file, page.missingFontPackages);
        await staging.stage(names.html, page.html);
        progress('rendered html');
      }
      await epub;
      browserVersion ??= browserLaunch ? (await browserLaunch).version : undefined;

      const manifest = mergeManifest(
        await readManifest(options.outDir),
        {
          format: MANIFEST_FORMAT,
          imprint: IMPRINT_VERSION,
          node: process.version,
          chromium: browserVersion ?? null,
          buildDate: buildDate.toISOString(),
          buildDateFrom,
          manuscripts: [
            { slug, sources: await sourceFiles(file.path, images, options.outDir), attribution: matter, buildDate: buildDate.toISOString() },
          ],
          artifacts: kept.map((name) => {
            const { bytes, sha256 } = staging.describe(name);
            const format = path.extname(name).slice(1) as ManifestArtifact['format'];
            const role = name === names.booklet ? 'booklet' : format === 'png' || format === 'jpg' ? 'cover' : 'edition';
            return { path: manifestPath(options.outDir, path.join(options.outDir, name)), format, role, manuscript: slug, bytes, sha256 };
          }),
        },
        options.outDir,
      );
      await staging.stage(MANIFEST_NAME, serializeManifest(manifest));

      await staging.commit([...kept, MANIFEST_NAME]);
      const artifacts: Artifact[] = await Promise.all(
        kept.map(async (name) => {
          const written = path.join(options.outDir, name);
          return { format: path.extname(name).slice(1) as Artifact['format'], path: written, bytes: (await stat(written)).size };
        }),
      );
      progress(`wrote ${artifacts.map((artifact) => artifact.path).join(', ')}`);
      return {
        file,
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
    if (browserLaunch && ownsBrowser) await browserLaunch.then((session) => session.close(), () => undefined);
  }
}

interface EpubStage {
  options: ResolvedBuildOptions;
  matter: FrontMatter;
  body: ElementContent[];
  images: NonNullable<VFile['data']['images']>;
  buildDate: Date;
  slug: string;
  staging: Staging;
  browserLaunch: Promise<BrowserSession> | undefined;
}

/** Makes the cover, packs the EPUB and stages both; returns the cover's file name. */
async function packEpub(stage: EpubStage): Promise<{ cover: string }> {
  const { options, matter, body, images, buildDate, slug, staging } = stage;
  const cover = await makeCover(stage);
  const coverName = `${slug}-cover.${cover.mediaType === 'image/png' ? 'png' : 'jpg'}`;
  await staging.stage(coverName, cover.data);
  const [base, reader] = await Promise.all([readStyle('base.css'), readStyle('epub.css')]);
  const fonts = options.embedFonts ? await epubFonts(matter, body) : undefined;
  const epub = await renderEpub({
    matter,
    body,
    images,
    css: `${base}\n${reader}`,
    imprintVersion: IMPRINT_VERSION,
    buildDate,
    cover,
    ...(fonts ? { fonts } : {}),
  });
  await staging.stage(`${slug}.epub`, epub);
  return { cover: coverName };
}

async function makeCover({ options, matter, slug, staging, browserLaunch }: EpubStage): Promise<CoverImage> {
  if (options.cover) return { data: await readFile(options.cover.path), mediaType: options.cover.mediaType };
  if (!browserLaunch) throw new EnvironmentError('A cover needs the browser, and none was opened');
  const browser = await browserLaunch;
  const url = await staging.stage(`${slug}-cover.html`, await coverHtml(matter));
  return { data: await browser.screenshot(url.href, COVER_SIZE), mediaType: 'image/png' };
}

/** The bundled fonts the text needs, as files to pack and rules that point at them. */
async function epubFonts(matter: FrontMatter, body: ElementContent[]): Promise<EmbeddedFonts> {
  const text = [matter.title, matter.subtitle ?? '', plainText({ type: 'root', children: body })].join(' ');
  const fonts = await selectFonts({ text, lang: matter.lang, source: { folder: 'fonts' } });
  return { css: `${fonts.css}\n:root { --text-font: ${fonts.fontFamily}; }`, files: fonts.files };
}

/** The manuscript and its local images, with checksums, for the manifest. */
async function sourceFiles(manuscript: string, images: Record<string, LocalImage>, outDir: string) {
  const files = [path.resolve(manuscript), ...new Set(Object.values(images).map((image) => image.path))];
  return Promise.all(files.map(async (file) => ({ path: manifestPath(outDir, file), sha256: await fileSha256(file) })));
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

