/**
 * The booklet edition: the finished PDF's pages laid out two to a sheet side in saddle-stitch
 * order, so that a reader can print it double-sided on ordinary paper, fold the stack once and
 * staple it on the fold.
 */
import {
  degrees,
  PageSizes,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  type PDFEmbeddedPage,
  type PDFPage,
} from 'pdf-lib';

/** Papers a booklet can be imposed on; its pages are half the sheet. */
export type BookletSheet = 'a4' | 'letter';

/** One side of a sheet: the 1-based page numbers on its left and right halves, `null` for a blank half. */
export type SheetSide = [left: number | null, right: number | null];

// pdf-lib lists portrait sizes; a booklet sheet is printed landscape.
const SHEET_SIZES: Record<BookletSheet, [width: number, height: number]> = {
  a4: [PageSizes.A4[1], PageSizes.A4[0]],
  letter: [PageSizes.Letter[1], PageSizes.Letter[0]],
};

const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate'];

/**
 * The sheet sides of a saddle-stitched booklet of `pageCount` pages, front then back of each sheet,
 * outermost sheet first. Kept pure so the order, the part that is easy to get wrong, can be tested
 * without a PDF.
 */
export function saddleStitchOrder(pageCount: number): SheetSide[] {
  if (!Number.isInteger(pageCount) || pageCount < 1) {
    throw new RangeError(`A booklet needs a whole number of pages, at least 1; got ${pageCount}.`);
  }
  // Every folded sheet carries four pages, so the last sheet is made up with blanks.
  const padded = Math.ceil(pageCount / 4) * 4;
  const page = (number: number): number | null => (number <= pageCount ? number : null);
  const sides: SheetSide[] = [];
  for (let sheet = 0; sheet < padded / 4; sheet++) {
    sides.push([page(padded - 2 * sheet), page(2 * sheet + 1)]);
    sides.push([page(2 * sheet + 2), page(padded - 2 * sheet - 1)]);
  }
  return sides;
}

/**
 * Imposes a finished PDF as a saddle-stitch booklet on landscape sheets of `options.sheet`, for
 * printing double-sided with flip on the short edge. Pages of any size are scaled uniformly to fit
 * their half of the sheet and centred; the document Info is carried over unchanged.
 */
export async function imposeBooklet(pdf: Uint8Array, options: { sheet: BookletSheet }): Promise<Uint8Array> {
  // updateMetadata: false on both, so pdf-lib stamps neither its Producer nor the current time.
  const source = await PDFDocument.load(pdf, { updateMetadata: false });
  if (source.getPageCount() === 0) {
    throw new Error('Cannot impose a booklet from a PDF with no pages.');
  }
  const booklet = await PDFDocument.create({ updateMetadata: false });
  const pages = await embedVisiblePages(booklet, source.getPages());
  const [sheetWidth, sheetHeight] = SHEET_SIZES[options.sheet];
  const halfWidth = sheetWidth / 2;

  const pageAt = (number: number | null) => (number === null ? null : pages[number - 1] ?? null);
  for (const [left, right] of saddleStitchOrder(pages.length)) {
    const side = booklet.addPage([sheetWidth, sheetHeight]);
    const leftPage = pageAt(left);
    const rightPage = pageAt(right);
    if (leftPage) drawFitted(side, leftPage, { x: 0, width: halfWidth, height: sheetHeight });
    if (rightPage) drawFitted(side, rightPage, { x: halfWidth, width: halfWidth, height: sheetHeight });
  }

  copyDocumentInfo(source, booklet);
  copyLanguageAndTitleDisplay(source, booklet);
  return booklet.save();
}

/** A source page as embedded, with the rotation a viewer would show it at. */
interface EmbeddedSourcePage {
  embedded: PDFEmbeddedPage;
  rotation: 0 | 90 | 180 | 270;
}

/** Embeds every source page, in order; `null` stands for a page with no content stream at all. */
async function embedVisiblePages(target: PDFDocument, pages: PDFPage[]): Promise<Array<EmbeddedSourcePage | null>> {
  // pdf-lib refuses to embed a page without Contents, though such a page is simply blank.
  const drawn = pages.filter((page) => page.node.Contents() !== undefined);
  // The crop box is what a viewer shows; pdf-lib's default box also ignores a MediaBox that does
  // not start at the origin.
  const boxes = drawn.map((page) => {
    const { x, y, width, height } = page.getCropBox();
    return { left: x, bottom: y, right: x + width, top: y + height };
  });
  const embedded = await target.embedPages(drawn, boxes);
  const byPage = new Map(drawn.map((page, index) => [page, embedded[index]!]));
  return pages.map((page) => {
    const found = byPage.get(page);
    return found ? { embedded: found, rotation: normalRotation(page) } : null;
  });
}

function normalRotation(page: PDFPage): EmbeddedSourcePage['rotation'] {
  // /Rotate may be any multiple of 90, negative included.
  const angle = (((Math.round(page.getRotation().angle / 90) * 90) % 360) + 360) % 360;
  return angle as EmbeddedSourcePage['rotation'];
}

/** The area of the sheet one page goes in: a half, measured from the sheet's left edge. */
interface Slot {
  x: number;
  width: number;
  height: number;
}

function drawFitted(side: PDFPage, { embedded, rotation }: EmbeddedSourcePage, slot: Slot): void {
  // A rotated page is displayed with its width and height swapped.
  const turned = rotation === 90 || rotation === 270;
  const shownWidth = turned ? embedded.height : embedded.width;
  const shownHeight = turned ? embedded.width : embedded.height;
  const scale = Math.min(slot.width / shownWidth, slot.height / shownHeight);
  const left = slot.x + (slot.width - shownWidth * scale) / 2;
  const bottom = (slot.height - shownHeight * scale) / 2;
  const anchor = rotatedAnchor(rotation, scale * embedded.width, scale * embedded.height);
  side.drawPage(embedded, {
    x: left + anchor.x,
    y: bottom + anchor.y,
    xScale: scale,
    yScale: scale,
    // /Rotate turns the page clockwise; pdf-lib's degrees turn anticlockwise about the anchor.
    rotate: degrees(-rotation),
  });
}

/**
 * Where the page's own lower-left corner lands, relative to the lower-left corner of the box it is
 * shown in, once it is turned about that corner.
 */
function rotatedAnchor(rotation: EmbeddedSourcePage['rotation'], width: number, height: number): { x: number; y: number } {
  switch (rotation) {
    case 0:
      return { x: 0, y: 0 };
    case 90:
      return { x: 0, y: width };
    case 180:
      return { x: width, y: height };
    case 270:
      return { x: height, y: 0 };
  }
}

function copyDocumentInfo(source: PDFDocument, target: PDFDocument): void {
  const sourceInfo = source.context.lookupMaybe(source.context.trailerInfo.Info, PDFDict);
  if (!sourceInfo) return;
  const targetInfo = target.context.obj({});
  // Copied as stored, not through pdf-lib's getters and setters, which would re-encode the dates
  // in UTC and could not give back a Keywords string as it was written.
  for (const key of INFO_KEYS) {
    const value = sourceInfo.lookup(PDFName.of(key));
    if (value instanceof PDFString || value instanceof PDFHexString) targetInfo.set(PDFName.of(key), value.clone());
  }
  target.context.trailerInfo.Info = target.context.register(targetInfo);
}

function copyLanguageAndTitleDisplay(source: PDFDocument, target: PDFDocument): void {
  const lang = source.catalog.lookup(PDFName.of('Lang'));
  if (lang instanceof PDFString || lang instanceof PDFHexString) target.catalog.set(PDFName.of('Lang'), lang.clone());
  // The PDF edition asks viewers to show the title rather than the file name; so should the booklet.
  if (source.catalog.getViewerPreferences()?.getDisplayDocTitle()) {
    target.catalog.getOrCreateViewerPreferences().setDisplayDocTitle(true);
  }
}
