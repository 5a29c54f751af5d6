/**
 * What PDF/A-2b asks of a PDF beyond what Chromium and the metadata stage already give (fonts
 * embedded, no JavaScript, XMP, a file identifier): an output intent naming sRGB, so that the
 * device colours Chromium writes have a defined meaning, and annotations that print.
 * No PDF/A validator runs here; the README says so.
 */
import { readFile } from 'node:fs/promises';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { packageFile } from '../paths.ts';

/** The ICC's sRGB IEC 61966-2.1 profile, shipped in styles/color/ (see its README). */
function srgbProfile(): Promise<Uint8Array> {
  return readFile(packageFile('styles', 'color', 'sRGB2014.icc'));
}

/** Print flag of an annotation (PDF 32000-1, 12.5.3): PDF/A requires it on every annotation. */
const PRINT_FLAG = 4;

/** Adds the sRGB output intent and makes every annotation printable. */
export async function applyPdfA(document: PDFDocument): Promise<void> {
  const profile = document.context.flateStream(await srgbProfile(), { N: 3 });
  const intent = document.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: document.context.register(profile),
  });
  document.catalog.set(PDFName.of('OutputIntents'), document.context.obj([document.context.register(intent)]));

  for (const page of document.getPages()) {
    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const reference of annotations?.asArray() ?? []) {
      const annotation = document.context.lookup(reference, PDFDict);
      const flags = annotation.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
      // Printable, and neither hidden, invisible nor "no view" (bits 1, 2 and 6).
      annotation.set(PDFName.of('F'), PDFNumber.of((flags | PRINT_FLAG) & ~(1 | 2 | 32)));
    }
  }
}
