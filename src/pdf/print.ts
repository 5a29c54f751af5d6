/**
 * The PDF edition: Chromium prints the HTML edition, a contents list numbered from the pages the
 * print page made (checked against the PDF); then pdf-lib finishes the file (see finish.ts),
 * keeping Chromium's tags, outline and links.
 */
import type { RequestPolicy } from '../browser/request-policy.ts';
import type { BrowserSession } from '../browser/session.ts';
import type { BuildCache } from '../archive/cache.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import type { RenderedPage } from '../html/render.ts';
import type { PdfMetadataContext } from './metadata.ts';
import type { PageBox, PageNumbering, PaginationReport } from './pages-model.ts';
import { paginationScript } from './pages.ts';
import { mark } from '../timeline.ts';

/** A print that numbers its contents list stops after this many passes even if pages still move. */
const MAX_PASSES = 3;

/** What the PDF stage needs. */
export interface PdfJob extends PdfMetadataContext {
  matter: FrontMatter;
  /** Renders the page, with contents page numbers once they are known. */
  render(tocPages?: ReadonlyMap<string, number>): Promise<RenderedPage>;
  /** Writes the page where the browser can load it; returns its `file://` URL. */
  stage(html: string): Promise<URL>;
  /** What the page may load. */
  policy: RequestPolicy;
  /** Where the contents page numbers of an earlier print of the same page are kept. */
  contentsCache?: BuildCache | undefined;
  /** Make the pages in the page before printing (see pages.ts), of this text block. */
  pageBox?: PageBox | undefined;
  /** How page references show their pages, for the print page to number them (needs `pageBox`). */
  numbering?: PageNumbering | undefined;
  /**
   * Told the contents numbers the print will show as soon as they are known, before it ends: the
   * HTML edition can be rendered while Chromium prints. The same map comes back as `tocPages`
   * when the print bears them out.
   */
  numbersFound?: (numbers: ReadonlyMap<string, number>) => void;
}

/** The finished PDF and the page it was printed from. */
export interface PrintedPdf {
  pdf: Uint8Array;
  page: RenderedPage;
  passes: number;
  /** The contents page numbers the final print carries, when it has a contents list; the very map given to `numbersFound` when that one held. */
  tocPages?: ReadonlyMap<string, number>;
  /** How the final print's pages were made, when Imprint made them for page-foot footnotes. */
  pagination?: PaginationReport & { printedPages: number };
}

/**
 * Prints the page and finishes the PDF. A contents list (and a page reference) needs the pages its
 * targets land on: the print page numbers them from the pages it has just made, before it prints
 * (see pages-number.ts), so one print is enough; numbers cached from an earlier build of the same
 * page spare even that. Every number is checked against the printed file: when one is wrong (a
 * page too full to hold its content prints as two), the page is numbered from the print and
 * printed again until the numbers hold, as the PDF itself tells them. The browser is asked for
 * only when the page is rendered: the render goes on while Chromium starts.
 */
export async function renderPdf(browser: () => Promise<BrowserSession>, job: PdfJob): Promise<PrintedPdf> {
  let page = await job.render();
  mark('print page rendered');
  const contentsKey = page.tocIds.length > 0 ? job.contentsCache?.key(page.html) : undefined;
  const cachedPages = contentsKey ? await readContentsPages(job.contentsCache!, contentsKey) : undefined;
  let tocPages: ReadonlyMap<string, number> | undefined = cachedPages;
  if (cachedPages) {
    page = await job.render(cachedPages);
    job.numbersFound?.(cachedPages);
  }
  const layouts = listenToLayouts(job);
  const { onLayout } = layouts;
  const numbering = page.tocIds.length > 0 ? job.numbering : undefined;
  const printing = print(browser, job, page, onLayout, numbering);
  // Awaited below, after the import; until then a failed print must not count as unhandled.
  printing.catch(() => undefined);
  // pdf-lib loads while Chromium prints.
  const { readPrinted, headingPages, finishPdf } = await import('./finish.ts');
  let document = await readPrinted(await printing);
  mark('PDF read by pdf-lib');
  let passes = 1;
  // Set only when a print bore its numbers out: numbers that never settled are not worth keeping.
  let settled: Map<string, number> | undefined;
  // Whether what printed is `page.html` as rendered: not when the print page wrote numbers into it.
  let printedAsRendered = layouts.pagination?.numbersFilled !== true;
  if (page.tocIds.length > 0) {
    const printed = headingPages(document, page.headings, page.tocIds);
    const numbered = layouts.numbered;
    if (numbering && numberedAsPrinted(layouts.pagination, printed, page.tocIds)) {
      settled = printed;
      if (numbered) {
        // The HTML of what printed: the page as loaded, with the numbers the print page wrote.
        page = await numbered.page;
        tocPages = numbered.numbers;
      }
    }
  }
  while (!settled && page.tocIds.length > 0 && passes < MAX_PASSES) {
    const numbers = headingPages(document, page.headings, page.tocIds);
    const renumbered = await job.render(numbers);
    // The numbers just printed are the numbers found: the contents list is right.
    if (printedAsRendered && renumbered.html === page.html) {
      settled = numbers;
      break;
    }
    page = renumbered;
    tocPages = numbers;
    document = await readPrinted(await print(browser, job, page, onLayout));
    printedAsRendered = true;
    mark(`PDF read by pdf-lib (print ${passes + 1})`);
    passes += 1;
  }
  if (contentsKey && settled) await job.contentsCache!.writeJson(`${contentsKey}.json`, [...settled]);
  const printedPages = document.getPageCount();
  const pdf = await finishPdf(document, { ...job, headings: page.headings, html: page.html });
  mark('PDF finished by pdf-lib');
  const { pagination } = layouts;
  return { pdf, page, passes, ...(tocPages ? { tocPages } : {}), ...(pagination ? { pagination: { ...pagination, printedPages } } : {}) };
}

/** What the print page reported of its last layout, and the page rendered with the numbers it wrote. */
interface LayoutListener {
  onLayout: (report: PaginationReport) => void;
  pagination?: PaginationReport;
  /** The page with the numbers the print page wrote, rendered while Chromium prints. */
  numbered?: { numbers: ReadonlyMap<string, number>; page: Promise<RenderedPage> };
}

function listenToLayouts(job: PdfJob): LayoutListener {
  const listener: LayoutListener = {
    onLayout(report) {
      listener.pagination = report;
      if (!report.numbersFilled || !report.numbers) return;
      const numbers = new Map(report.numbers);
      listener.numbered = { numbers, page: job.render(numbers) };
      // One render at a time: two at once, each with its copy of the book, doubled the peak memory.
      listener.numbered.page.then(() => job.numbersFound?.(numbers), () => undefined);
    },
  };
  return listener;
}

/**
 * Whether the numbers the print page showed are the pages the PDF has its targets on, for every
 * target the page numbers; a target the print page could not place must be one the PDF has not either.
 */
function numberedAsPrinted(report: PaginationReport | undefined, printed: ReadonlyMap<string, number>, ids: readonly string[]): boolean {
  if (!report?.numbers) return false;
  const shown = new Map(report.numbers);
  return ids.every((id) => shown.get(id) === printed.get(id));
}

async function print(browser: () => Promise<BrowserSession>, job: PdfJob, page: RenderedPage, onLayout: (report: PaginationReport) => void, numbering?: PageNumbering): Promise<Uint8Array> {
  const url = await job.stage(page.html);
  const options = { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, tagged: true, outline: true };
  const layout =
    job.pageBox
      ? { script: paginationScript, argument: { ...job.pageBox, numbering }, report: (result: unknown) => onLayout(result as PaginationReport) }
      : undefined;
  return (await browser()).printToPdf(url.href, options, job.policy, layout);
}

/** Contents page numbers cached for this page; undefined when there are none or they are damaged. */
async function readContentsPages(cache: BuildCache, key: string): Promise<Map<string, number> | undefined> {
  const entries = await cache.readJson(`${key}.json`);
  if (!Array.isArray(entries) || !entries.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && Number.isInteger(entry[1]))) return undefined;
  return new Map(entries as Array<[string, number]>);
}
