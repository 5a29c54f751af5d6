/**
 * The PDF edition: Chromium prints the HTML edition, then pdf-lib writes the attribution into the
 * document Info, because Chromium takes only the title from the page.
 */
import { PDFDocument } from 'pdf-lib';
import { describeSource, joinNames } from '../attribution.ts';
import type { BrowserSession } from '../browser.ts';
import type { FrontMatter } from '../config.ts';

/** What the PDF stage needs besides the page itself. */
export interface PdfJob {
  /** `file://` URL of the HTML edition to print. */
  htmlUrl: string;
  matter: FrontMatter;
  imprintVersion: string;
  /** The date stamped as CreationDate and ModDate: the build date, never the wall clock by accident. */
  buildDate: Date;
}

/** Prints the page and returns the finished PDF's bytes. */
export async function renderPdf(browser: BrowserSession, job: PdfJob): Promise<Uint8Array> {
  const printed = await browser.printToPdf(job.htmlUrl, {
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: false,
    tagged: true,
    outline: true,
  });
  return setInfo(printed, job);
}

async function setInfo(pdf: Uint8Array, { matter, imprintVersion, buildDate }: PdfJob): Promise<Uint8Array> {
  // updateMetadata: false keeps pdf-lib from stamping its own Producer and the current time.
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  document.setTitle(matter.title, { showInWindowTitleBar: true });
  document.setAuthor(joinNames(matter.author));
  document.setSubject(matter.subtitle ? `${matter.subtitle}. ${describeSource(matter)}` : describeSource(matter));
  // pdf-lib joins keywords with spaces, which runs multi-word keywords together.
  document.setKeywords(matter.keywords ? [matter.keywords.join(', ')] : []);
  document.setCreator(`Imprint ${imprintVersion}`);
  document.setProducer(`Imprint ${imprintVersion} (Chromium, pdf-lib)`);
  document.setLanguage(matter.lang);
  document.setCreationDate(buildDate);
  document.setModificationDate(buildDate);
  return document.save({ updateFieldAppearances: false });
}
