/**
 * The PDF edition: Chromium prints the HTML edition; a contents list is numbered from the pages
 * the headings landed on in a first print; then pdf-lib finishes the file (see finish.ts),
 * keeping Chromium's tags, outline and links.
 */
import type { RequestPolicy } from '../browser/request-policy.ts';
import type { BrowserSession } from '../browser/session.ts';
import type { BuildCache } from '../archive/cache.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import type { RenderedPage } from '../html/render.ts';
import type { PdfMetadataContext } from './metadata.ts';
import type { PageBox, PaginationReport } from './pages-model.ts';
import { paginationScript } from './pages.ts';

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
}

/** The finished PDF and the page it was printed from. */
export interface PrintedPdf {
  pdf: Uint8Array;
  page: RenderedPage;
  passes: number;
  /** The contents page numbers the final print carries, when it has a contents list. */
  tocPages?: ReadonlyMap<string, number>;
  /** How the final print's pages were made, when Imprint made them for page-foot footnotes. */
  pagination?: PaginationReport & { printedPages: number };
}

/**
 * Prints the page and finishes the PDF. A contents list needs the pages its headings land on: the
 * page is printed, numbered from that print, and printed again until the numbers hold (twice,
 * as a rule). Numbers cached from an earlier build of the same page are tried first: when the
 * print bears them out, one print is enough.
 */
export async function renderPdf(browser: BrowserSession, job: PdfJob): Promise<PrintedPdf> {
  let page = await job.render();
  const contentsKey = page.tocIds.length > 0 ? job.contentsCache?.key(page.html) : undefined;
  const cachedPages = contentsKey ? await readContentsPages(job.contentsCache!, contentsKey) : undefined;
  let tocPages: ReadonlyMap<string, number> | undefined = cachedPages;
  if (cachedPages) page = await job.render(cachedPages);
  let pagination: PaginationReport | undefined;
  const onLayout = (report: PaginationReport) => {
    pagination = report;
  };
  const printing = print(browser, job, page, onLayout);
  // Awaited below, after the import; until then a failed print must not count as unhandled.
  printing.catch(() => undefined);
  // pdf-lib loads while Chromium prints.
  const { readPrinted, headingPages, finishPdf } = await import('./finish.ts');
  let document = await readPrinted(await printing);
  let passes = 1;
  // Set only when a print bore its numbers out: numbers that never settled are not worth keeping.
  let settled: Map<string, number> | undefined;
  while (page.tocIds.length > 0 && passes < MAX_PASSES) {
    const numbers = headingPages(document, page.headings, page.tocIds);
    const numbered = await job.render(numbers);
    // The numbers just printed are the numbers found: the contents list is right.
    if (numbered.html === page.html) {
      settled = numbers;
      break;
    }
    page = numbered;
    tocPages = numbers;
    document = await readPrinted(await print(browser, job, page, onLayout));
    passes += 1;
  }
  if (contentsKey && settled) await job.contentsCache!.writeJson(`${contentsKey}.json`, [...settled]);
  const printedPages = document.getPageCount();
  const pdf = await finishPdf(document, { ...job, headings: page.headings, html: page.html });
  return { pdf, page, passes, ...(tocPages ? { tocPages } : {}), ...(pagination ? { pagination: { ...pagination, printedPages } } : {}) };
}

async function print(browser: BrowserSession, job: PdfJob, page: RenderedPage, onLayout: (report: PaginationReport) => void): Promise<Uint8Array> {
  const url = await job.stage(page.html);
  const options = { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, tagged: true, outline: true };
  const layout =
    job.pageBox
      ? { script: paginationScript, argument: job.pageBox, report: (result: unknown) => onLayout(result as PaginationReport) }
      : undefined;
  return browser.printToPdf(url.href, options, job.policy, layout);
}

/** Contents page numbers cached for this page; undefined when there are none or they are damaged. */
async function readContentsPages(cache: BuildCache, key: string): Promise<Map<string, number> | undefined> {
  const entries = await cache.readJson(`${key}.json`);
  if (!Array.isArray(entries) || !entries.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && Number.isInteger(entry[1]))) return undefined;
  return new Map(entries as Array<[string, number]>);
}
