/**
 * The PDF edition: Chromium prints the HTML edition; a contents list is numbered from the pages
 * the headings landed on in a first print; then pdf-lib mends the bookmarks and writes the
 * attribution into the Info dictionary and XMP, keeping Chromium's tags, outline and links.
 */
import { PDFDocument } from 'pdf-lib';
import type { BrowserSession, RequestPolicy } from '../browser.ts';
import type { FrontMatter } from '../config.ts';
import type { RenderedPage } from '../render-html.ts';
import { renumberStructureIds, setFileIdentifier } from './pdf-identity.ts';
import { headingPages, retitleBookmarks } from './pdf-outline.ts';
import { applyPdfA } from './pdfa.ts';
import { writePdfMetadata, type PdfMetadataContext } from './pdf-metadata.ts';

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
  let document = await print(browser, job, page);
  let passes = 1;
  while (page.tocIds.length > 0 && passes < MAX_PASSES) {
    const numbered = await job.render(headingPages(document, page.headings));
    // The numbers just printed are the numbers found: the contents list is right.
    if (numbered.html === page.html) break;
    page = numbered;
    document = await print(browser, job, page);
    passes += 1;
  }
  retitleBookmarks(document, page.headings);
  renumberStructureIds(document);
  writePdfMetadata(document, job.matter, job);
  if (job.pdfa) await applyPdfA(document);
  setFileIdentifier(document, page.html, job.buildDate.toISOString(), job.imprintVersion);
  return { pdf: await document.save({ updateFieldAppearances: false }), page, passes };
}

async function print(browser: BrowserSession, job: PdfJob, page: RenderedPage): Promise<PDFDocument> {
  const url = await job.stage(page.html);
  const bytes = await browser.printToPdf(url.href, {
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: false,
    tagged: true,
    outline: true,
  }, job.policy);
  // updateMetadata: false keeps pdf-lib from stamping its own Producer and the current time.
  return PDFDocument.load(bytes, { updateMetadata: false });
}
