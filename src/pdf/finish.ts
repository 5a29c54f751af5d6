/**
 * The pdf-lib half of the PDF stage: reads what Chromium printed, finds the pages the headings
 * landed on, mends the bookmarks, writes the attribution into the Info dictionary and XMP, and
 * makes the file's identity follow from its content.
 */
import { PDFDocument } from 'pdf-lib';
import type { Heading } from '../manuscript/headings.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import { renumberStructureIds, setFileIdentifier } from './identity.ts';
import { headingPages, retitleBookmarks } from './outline.ts';
import { cleanPageContent } from './soft-hyphens.ts';
import { writePdfMetadata, type PdfMetadataContext } from './metadata.ts';

export { headingPages };

/** Reads a PDF as Chromium printed it. */
export function readPrinted(bytes: Uint8Array): Promise<PDFDocument> {
  // updateMetadata: false keeps pdf-lib from stamping its own Producer and the current time.
  return PDFDocument.load(bytes, { updateMetadata: false });
}

/** What finishing needs beyond the printed document. */
export interface Finishing extends PdfMetadataContext {
  matter: FrontMatter;
  headings: Heading[];
  /** The HTML that was printed: the file identifier is derived from it. */
  html: string;
}

/** Finishes the printed document and returns the PDF's bytes. */
export async function finishPdf(document: PDFDocument, finishing: Finishing): Promise<Uint8Array> {
  // The soft hyphens that let Chromium hyphenate are no part of the text: search and copy must find
  // whole words. What Chromium left untagged (running heads, folios) becomes an artifact.
  cleanPageContent(document);
  retitleBookmarks(document, finishing.headings);
  renumberStructureIds(document);
  writePdfMetadata(document, finishing.matter, finishing);
  if (finishing.pdfa) {
    const { applyPdfA } = await import('./pdfa.ts');
    await applyPdfA(document);
  }
  setFileIdentifier(document, finishing.html, finishing.buildDate.toISOString(), finishing.imprintVersion);
  return document.save({ updateFieldAppearances: false });
}
