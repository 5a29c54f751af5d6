/**
 * The PDF edition: Chromium prints the HTML edition; a contents list is numbered from the pages
 * the headings landed on in a first print; then pdf-lib finishes the file (see pdf-finish.ts),
 * keeping Chromium's tags, outline and links.
 */
import type { BrowserSession, RequestPolicy } from '../browser.ts';
import type { FrontMatter } from '../config.ts';
import type { RenderedPage } from '../render-html.ts';
import type { PdfMetadataContext } from './pdf-metadata.ts';

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
}

/** The finished PDF and the page it was printed from. */
export interface PrintedPdf {
  pdf: Uint8Array;
  page: RenderedPage;
  passes: number;
}

/** Prints the page (twice or more when a contents list needs page numbers) and finishes the PDF. */
export async function renderPdf(browser: BrowserSession, job: PdfJob): Promise<PrintedPdf> {
  let page = await job.render();
  const printing = print(browser, job, page);
  // Awaited below, after the import; until then a failed print must not count as unhandled.
  printing.catch(() => undefined);
  // pdf-lib loads while Chromium prints.
  const { readPrinted, headingPages, finishPdf } = await import('./pdf-finish.ts');
  let document = await readPrinted(await printing);
  let passes = 1;
  while (page.tocIds.length > 0 && passes < MAX_PASSES) {
    const numbered = await job.render(headingPages(document, page.headings));
    // The numbers just printed are the numbers found: the contents list is right.
    if (numbered.html === page.html) break;
    page = numbered;
    document = await readPrinted(await print(browser, job, page));
    passes += 1;
  }
  const pdf = await finishPdf(document, { ...job, headings: page.headings, html: page.html });
  return { pdf, page, passes };
}

async function print(browser: BrowserSession, job: PdfJob, page: RenderedPage): Promise<Uint8Array> {
  const url = await job.stage(page.html);
  return browser.printToPdf(url.href, {
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: false,
    tagged: true,
    outline: true,
  }, job.policy);
}
