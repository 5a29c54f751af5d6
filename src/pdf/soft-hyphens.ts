/**
 * Takes the soft hyphens out of the PDF's text layer, and marks what is drawn outside the
 * structure tree as artifacts (see artifacts.ts), in one reading of each page's content.
 * Imprint puts U+00AD into the page it prints
 * so that Chromium, which has no hyphenation dictionaries here, can hyphenate; Chromium keeps each
 * one in the text layer, as an ActualText, and search, copy and screen readers then meet
 * "cor­rup­tion" instead of "corruption". The rules for a stream are in soft-hyphen-edits.ts;
 * this module finds the streams (each page's, and the form XObjects they draw), reads them and
 * writes back the ones that changed. The edits splice byte ranges and keep every other byte,
 * so the structure tree's MCIDs, the outline and the links stay as Chromium wrote them.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFContext, type PDFDocument } from 'pdf-lib';
import { ContentSyntaxError } from './content-lexer.ts';
import { parseContentStream, spliceContent, type ContentEdit } from './content-stream.ts';
import { artifactEdits } from './artifacts.ts';
import { OPERANDS_READ, softHyphenEdits } from './soft-hyphen-edits.ts';
import { glyphReader, type GlyphReader } from './to-unicode.ts';

/** What the pass changed. */
export interface SoftHyphenCleaning {
  /** Soft hyphens taken out of the text layer. */
  removed: number;
  /** Blank glyphs deleted with them. */
  glyphsDeleted: number;
  /** Content streams rewritten. */
  streams: number;
  /** Contents left alone because they could not be read. */
  unreadable: number;
  /** Untagged text objects and paths marked as artifacts. */
  artifacts: number;
}

/**
 * Rewrites the content streams of every page, and of the form XObjects they draw, so that their
 * text holds no soft hyphen. The same document gives the same bytes, and a second pass finds
 * nothing to do.
 */
export function cleanPageContent(document: PDFDocument, options: { markArtifacts?: boolean } = {}): SoftHyphenCleaning {
  const markArtifacts = options.markArtifacts ?? true;
  const cleaning: SoftHyphenCleaning = { removed: 0, glyphsDeleted: 0, streams: 0, unreadable: 0, artifacts: 0 };
  const context = document.context;
  const readers = new Map<PDFDict, GlyphReader | undefined>();
  const forms = new Set<PDFRef>();
  // `page`: a page's own content, not a form it draws; only there is untagged content an artifact.
  const visit = (refs: PDFRef[], resources: PDFDict | undefined, page: boolean) => {
    const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
    const fontReader = (name: string) => {
      const font = fonts?.lookupMaybe(PDFName.of(name), PDFDict);
      if (font && !readers.has(font)) readers.set(font, glyphReader(font));
      return font && readers.get(font);
    };
    cleanContents(context, refs, fontReader, cleaning, page && markArtifacts);
    const xObjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const ref of xObjects?.values() ?? []) {
      if (!(ref instanceof PDFRef) || forms.has(ref)) continue;
      const form = context.lookup(ref);
      if (!(form instanceof PDFRawStream) || form.dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Form')) continue;
      forms.add(ref);
      visit([ref], form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources, false);
    }
  };
  for (const page of document.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const listed = contents instanceof PDFRef ? context.lookup(contents) : contents;
    const refs = listed instanceof PDFArray ? listed.asArray().filter((item) => item instanceof PDFRef) : [contents].filter((item) => item instanceof PDFRef);
    visit(refs, page.node.Resources(), true);
  }
  return cleaning;
}

/**
 * Cleans the streams that make up one content, read as one: a page's streams join into one
 * content, and a span may open in one and close in the next.
 */
function cleanContents(
  context: PDFContext,
  refs: PDFRef[],
  fontReader: (name: string) => GlyphReader | undefined,
  cleaning: SoftHyphenCleaning,
  markArtifacts: boolean,
): void {
  const streams: Array<{ ref: PDFRef; stream: PDFRawStream; start: number; end: number }> = [];
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const ref of refs) {
    const stream = context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const bytes = decode(stream);
    if (!bytes) {
      cleaning.unreadable++;
      return;
    }
    streams.push({ ref, stream, start: length, end: length + bytes.length });
    // The streams are read as if whitespace separated them, as the standard has it (7.8.2).
    parts.push(bytes, NEWLINE);
    length += bytes.length + 1;
  }
  const bytes = Buffer.concat(parts);
  // A form without a soft hyphen (an image, an SVG drawing) need not be parsed.
  if (!markArtifacts && !bytes.includes(ACTUAL_TEXT)) return;
  let found;
  try {
    const operations = parseContentStream(bytes, { operandsFor: OPERANDS_READ });
    found = softHyphenEdits(bytes, operations, fontReader);
    if (markArtifacts) {
      const artifacts = artifactEdits(operations);
      found.edits.push(...artifacts);
      cleaning.artifacts += artifacts.length / 2;
    }
  } catch (error) {
    if (!(error instanceof ContentSyntaxError)) throw error;
    cleaning.unreadable++;
    return;
  }
  cleaning.removed += found.removed;
  cleaning.glyphsDeleted += found.glyphsDeleted;
  for (const { ref, stream, start, end } of streams) {
    // A replacement lies within one token, so within one stream; a deletion that runs over a join is cut at it.
    // An insertion goes into the stream it stands in (streams are joined by one byte, so none stands in two).
    const edits: ContentEdit[] = found.edits
      .filter((edit) => (edit.start === edit.end ? edit.start >= start && edit.start <= end : edit.start < end && edit.end > start))
      .map((edit) => ({ start: Math.max(edit.start, start) - start, end: Math.min(edit.end, end) - start, text: edit.text }));
    if (edits.length === 0) continue;
    context.assign(ref, encode(context, stream, spliceContent(bytes.subarray(start, end), edits)));
    cleaning.streams++;
  }
}

const NEWLINE = Uint8Array.of(0x0a);
const ACTUAL_TEXT = Buffer.from('ActualText', 'latin1');

/** The stream's decoded bytes, or undefined when its filters cannot be undone. */
function decode(stream: PDFRawStream): Uint8Array | undefined {
  try {
    // Chromium's streams are plain Flate, which zlib undoes many times faster than pdf-lib's own inflater.
    if (stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
      return inflateSync(stream.contents);
    }
    return decodePDFRawStream(stream).decode();
  } catch {
    return undefined;
  }
}

/** The stream's dictionary with the new content, Flate-compressed (with zlib, as fast as it is deterministic). */
function encode(context: PDFContext, original: PDFRawStream, bytes: Uint8Array): PDFRawStream {
  const dict = original.dict.clone(context);
  for (const key of ['Filter', 'DecodeParms', 'DL', 'Length']) dict.delete(PDFName.of(key));
  dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
  return PDFRawStream.of(dict, deflateSync(bytes));
}
