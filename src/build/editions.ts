/**
 * The editions of one build, each staged in the output folder: the PDF (printed from the HTML
 * edition with soft hyphens added, as Chromium has no hyphenation dictionaries here), the HTML
 * edition (numbered from the print when there is one), the booklet, and the EPUB with its cover.
 */
import type { VFile } from 'vfile';
import { openBuildCache } from '../archive/cache.ts';
import type { Staging } from '../archive/staging.ts';
import type { BrowserPool } from '../browser/pool.ts';
import type { RequestPolicy } from '../browser/request-policy.ts';
import { warnUncoveredGlyphs, warnUncoveredPictureGlyphs } from './glyph-coverage.ts';
import { pageReferenceNumbering } from '../html/page-references.ts';
import { BOOKLET_PAGE, textBlockPx, type PageSize } from '../html/page-style.ts';
import type { ResolvedSettings } from '../options/build-options.ts';
import type { PdfJob } from '../pdf/print.ts';
import type { RenderedPage } from '../html/render.ts';
import { mark } from '../timeline.ts';
import { IMPRINT_VERSION } from '../version.ts';
import type { EditionPlan } from './plan.ts';
import { warnMissingFonts, warnPagination } from './warnings.ts';

/** Page-foot notes take at most this share of a page; the rest of a longer note goes on to the next. */
const MAX_NOTES_SHARE = 0.5;

/** What every edition stage of one build shares. */
export interface EditionContext {
  plan: EditionPlan;
  settings: ResolvedSettings;
  /** The file warnings about the whole edition go to. */
  file: VFile;
  staging: Staging;
  policy: RequestPolicy;
  browsers: BrowserPool;
  env: NodeJS.ProcessEnv;
  progress: (stage: string) => void;
}

/** What a stage tells the build beside the files it staged under their planned names. */
export interface StagedEditions {
  /** The browser that printed or photographed, for the manifest. */
  browserVersion?: string;
  /** The cover's file name, which depends on its type. */
  cover?: string;
}

/** Prints the PDF, then stages it, the HTML edition numbered from it, and the booklet when asked for. */
export async function printEditions(context: EditionContext): Promise<StagedEditions> {
  const { plan, settings, staging, file } = context;
  // Asked for by the print once its page is rendered: the render goes on while Chromium starts.
  const browser = () => context.browsers.get();
  const { renderPdf } = await import('../pdf/print.ts');
  // The HTML edition carries the print's contents numbers: rendered as soon as they are known, while Chromium prints.
  let htmlEdition: { numbers: ReadonlyMap<string, number>; page: Promise<RenderedPage> } | undefined;
  const numbersFound = (numbers: ReadonlyMap<string, number>) => {
    htmlEdition = { numbers, page: plan.render(settings.paper, false, numbers) };
    htmlEdition.page.catch(() => undefined);
  };
  const printed = await renderPdf(browser, { ...(await pdfJob(context, settings.paper, 'print')), ...(settings.formats.includes('html') ? { numbersFound } : {}) });
  warnPagination(file, printed.pagination);
  warnMissingFonts(file, printed.page.missingFontPackages);
  warnUncoveredGlyphs(plan.manuscript, printed.page.uncoveredCodePoints);
  await warnUncoveredPictureGlyphs(plan.manuscript);
  await staging.stage(plan.names.pdf, printed.pdf);
  if (settings.formats.includes('html')) {
    const edition = htmlEdition && htmlEdition.numbers === printed.tocPages ? htmlEdition.page : plan.render(settings.paper, false, printed.tocPages);
    await staging.stage(plan.names.html, (await edition).html);
  }
  const remade = (printed.pagination?.paginations ?? 1) - 1;
  const numbering = remade > 0 ? `; pages made ${remade + 1} times to number them` : '';
  const { version } = await browser();
  context.progress(`printed pdf (${printed.passes} ${printed.passes === 1 ? 'pass' : 'passes'}${numbering}) with ${version}`);
  if (settings.booklet) {
    const [pages, { imposeBooklet }] = await Promise.all([
      renderPdf(browser, await pdfJob(context, BOOKLET_PAGE[settings.booklet], 'booklet-pages')),
      import('../pdf/booklet.ts'),
    ]);
    await staging.stage(plan.names.booklet, await imposeBooklet(pages.pdf, { sheet: settings.booklet }));
    context.progress('imposed booklet');
  }
  return { browserVersion: version };
}

/** The print of the page at `size`: staged as SLUG-ROLE.html for Chromium to load. */
async function pdfJob({ plan, settings, staging, policy, env }: EditionContext, size: PageSize, role: string): Promise<PdfJob> {
  const { matter } = plan.manuscript;
  return {
    matter,
    imprintVersion: IMPRINT_VERSION,
    buildDate: plan.buildDate.date,
    // A booklet's pages are never PDF/A: the booklet is for the press, not the archive.
    pdfa: role === 'print' && settings.pdfa,
    policy,
    contentsCache: await openBuildCache('contents', env),
    render: (tocPages) => plan.render(size, true, tocPages),
    stage: (html) => staging.stage(`${plan.slug}-${role}.html`, html),
    pageBox: { ...textBlockPx(size), maxNotesShare: MAX_NOTES_SHARE, footnotes: plan.footnotes === 'page' },
    numbering: { references: pageReferenceNumbering(matter.lang) },
  };
}

/** The HTML edition alone, when there is no print to number its contents from. */
export async function renderHtmlEdition({ plan, settings, staging, file, progress }: EditionContext): Promise<StagedEditions> {
  const page = await plan.render(settings.paper, false);
  warnMissingFonts(file, page.missingFontPackages);
  await staging.stage(plan.names.html, page.html);
  progress('rendered html');
  return {};
}

/** The EPUB and its cover. */
export async function packEpubEdition({ plan, settings, staging, policy, browsers, env, progress }: EditionContext): Promise<StagedEditions> {
  const { packEpub } = await import('../epub/stage.ts');
  const { epub, cover } = await packEpub({
    manuscript: plan.manuscript,
    buildDate: plan.buildDate.date,
    userCover: plan.cover,
    userStyle: settings.style,
    embedFonts: settings.embedFonts,
    env,
    browser: () => browsers.get(),
    stagePage: (html) => staging.stage(`${plan.slug}-cover.html`, html),
    policy,
  });
  const coverName = `${plan.slug}-cover.${cover.image.mediaType === 'image/png' ? 'png' : 'jpg'}`;
  await staging.stage(coverName, cover.image.data);
  await staging.stage(plan.names.epub, epub);
  mark('EPUB packed');
  progress(`packed epub${cover.from === 'cache' ? ' (cover from the cache)' : ''}`);
  return { cover: coverName, ...(cover.browserVersion ? { browserVersion: cover.browserVersion } : {}) };
}
