/**
 * The EPUB 3 edition, packed from the same hast trees as the HTML: a title page, the text (one
 * document per chapter), the colophon, a navigation document, an NCX and a cover.
 *
 * Imprint packs the files itself (JSZip, with hast and xast trees for every document) instead of
 * handing them to epub-gen-memory, which it used up to 0.1: that library parses every chapter
 * again with htmlparser2 and drops each attribute outside a fixed list (`start` on a list,
 * `width`/`height` on an image, `datetime`, `cite`, `headers`), fetches every image `src` it
 * sees (a `data:` URL made it throw), and draws random ids; all four of its templates had been
 * replaced already. What is left is the OCF container, which is a few files.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { x } from 'xastscript';
import { chapterMetadataElements } from '../attribution/html-metadata.ts';
import { colophon, titleBlock } from '../attribution/title-and-colophon.ts';
import { stringifyHtml } from '../html/document.ts';
import { PAGE_IDS, type CreditedChapter, type EditionImages, type TextPart } from '../model.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import { textChapters, type TextDocument } from './content.ts';
import { formulasAsMathml } from './math.ts';
import type { CoverImage } from './cover.ts';
import { navigationBody, navigationEntries, ncxDocument, type NavEntry } from './navigation.ts';
import { bookIdentifier, packageDocument, packageMetadata, type ManifestItem } from './opf.ts';
import { serializeXhtml, serializeXml } from './xhtml.ts';
import { zipEpub } from './zip.ts';

/** Fonts to pack, with the rules that use them. */
export interface EmbeddedFonts {
  /** @font-face rules pointing at `fonts/FILE`. */
  css: string;
  /** Absolute paths of the woff2 files. */
  files: string[];
}

/** The font files to pack; their rules are part of the style sheet. */
export type PackedFonts = Pick<EmbeddedFonts, 'files'>;

/** What the EPUB stage needs. */
export interface EpubJob {
  matter: FrontMatter;
  /** The whole text, whose digest goes into the identifier. */
  body: ElementContent[];
  /** The text as chapter documents: a book's chapters, or an article split at its top headings. */
  parts: readonly TextPart[];
  /** A book's chapters, for the colophon's credits. */
  chapters: readonly CreditedChapter[];
  images: EditionImages;
  /** The e-reader style sheet (with the embedded fonts' rules), no custom properties left (see epub-css.ts). */
  css: string;
  imprintVersion: string;
  /** Stamped as `dcterms:modified`. */
  buildDate: Date;
  cover?: CoverImage;
  fonts?: PackedFonts;
}

const OEBPS = 'OEBPS';
const STYLE_SHEET = 'style.css';
const NAV_FILE = 'toc.xhtml';
const TITLE_PAGE_FILE = 'title-page.xhtml';
const COLOPHON_FILE = 'colophon.xhtml';
const XHTML = 'application/xhtml+xml';

/** One content document, before it is serialized. */
interface ContentDocument {
  id: string;
  filename: string;
  title: string;
  body: ElementContent[];
  head?: Element[];
}

/** Builds the EPUB and returns its bytes. */
export async function renderEpub(job: EpubJob): Promise<Uint8Array> {
  const { matter } = job;
  const identifier = bookIdentifier(matter, createHash('sha256').update(stringifyHtml(job.body)).digest('hex'));
  const text = textChapters(job.parts, { [PAGE_IDS.colophon]: COLOPHON_FILE, [PAGE_IDS.colophonTitle]: COLOPHON_FILE, [PAGE_IDS.contentsTitle]: NAV_FILE });
  const navigation = navigationEntries(text, [{ label: 'Colophon', href: COLOPHON_FILE }]);
  const documents = contentDocuments(job, text, navigation);
  const files = new Map<string, string | Uint8Array>([
    ['mimetype', 'application/epub+zip'],
    ['META-INF/container.xml', containerXml()],
  ]);
  const items: ManifestItem[] = [
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: STYLE_SHEET, mediaType: 'text/css' },
  ];
  for (const document of documents) {
    const body = formulasAsMathml(document.body);
    files.set(`${OEBPS}/${document.filename}`, serializeXhtml({ lang: matter.lang, title: document.title, body, styles: [STYLE_SHEET], ...(document.head ? { head: document.head } : {}) }));
    const properties = [...(document.filename === NAV_FILE ? ['nav'] : []), ...(holds(body, 'svg') ? ['svg'] : []), ...(holds(body, 'math') ? ['mathml'] : [])];
    items.push({ id: document.id, href: document.filename, mediaType: XHTML, properties, spine: true });
  }
  files.set(`${OEBPS}/${STYLE_SHEET}`, job.css);
  const used = usedImages(documents);
  await addResources(job, used, files, items);
  const metadata = packageMetadata(matter, identifier, job.buildDate, job.imprintVersion, { images: used.size > 0 });
  files.set(`${OEBPS}/content.opf`, serializeXml(packageDocument(metadata, items, matter.lang)));
  files.set(`${OEBPS}/toc.ncx`, serializeXml(ncxDocument(navigation, { identifier, title: matter.title, authors: matter.author, lang: matter.lang })));
  return zipEpub(files, job.buildDate);
}

/** The title page, the contents, the text's documents and the colophon, in reading order. */
function contentDocuments(job: EpubJob, text: TextDocument[], navigation: NavEntry[]): ContentDocument[] {
  const { matter, imprintVersion } = job;
  return [
    { id: 'title-page', filename: TITLE_PAGE_FILE, title: 'Title page', body: [h('section.title-page', { 'epub:type': 'titlepage' }, [titleBlock(matter)])] },
    { id: 'toc', filename: NAV_FILE, title: 'Contents', body: navigationBody(navigation, { contents: 'Contents', text: 'Text' }, text[0]!.filename) },
    ...text.map((chapter, index) => ({
      id: `content-${index + 1}`,
      filename: chapter.filename,
      title: chapter.title,
      body: [h('section.text', { 'epub:type': 'bodymatter chapter', role: 'doc-chapter', ariaLabel: chapter.title }, chapter.content)],
      // A reprinted chapter's document names its own author and source.
      ...(chapter.matter ? { head: chapterMetadataElements(chapter.matter) } : {}),
    })),
    { id: 'colophon', filename: COLOPHON_FILE, title: 'Colophon', body: [colophon(matter, imprintVersion, job.chapters)] },
  ];
}

/** META-INF/container.xml: where the package document is. */
function containerXml(): string {
  return serializeXml({
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      x('container', { version: '1.0', xmlns: 'urn:oasis:names:tc:opendocument:xmlns:container' }, [
        x('rootfiles', [x('rootfile', { 'full-path': `${OEBPS}/content.opf`, 'media-type': 'application/oebps-package+xml' })]),
      ]),
    ],
  });
}

/** The cover, the images the documents show and the embedded fonts, as files and manifest items. */
async function addResources(job: EpubJob, used: Set<string>, files: Map<string, string | Uint8Array>, items: ManifestItem[]): Promise<void> {
  if (job.cover) {
    const extension = job.cover.mediaType === 'image/png' ? 'png' : 'jpg';
    files.set(`${OEBPS}/cover.${extension}`, job.cover.data);
    items.push({ id: 'image_cover', href: `cover.${extension}`, mediaType: job.cover.mediaType, properties: ['cover-image'] });
  }
  Object.values(job.images)
    .filter((image) => used.has(image.name))
    .forEach((image, index) => {
      files.set(`${OEBPS}/${image.name}`, image.data);
      items.push({ id: `image_${index}`, href: image.name, mediaType: image.mediaType });
    });
  for (const [index, file] of (job.fonts?.files ?? []).entries()) {
    const name = path.basename(file);
    files.set(`${OEBPS}/fonts/${name}`, await readFile(file));
    items.push({ id: `font_${index}`, href: `fonts/${name}`, mediaType: 'font/woff2' });
  }
}

/** The `src` of every image the documents show. */
function usedImages(documents: ContentDocument[]): Set<string> {
  const used = new Set<string>();
  for (const document of documents) {
    visit({ type: 'root', children: document.body }, 'element', (node: Element) => {
      if (node.tagName === 'img' && typeof node.properties.src === 'string') used.add(node.properties.src);
    });
  }
  return used;
}

function holds(body: ElementContent[], tagName: string): boolean {
  let found = false;
  visit({ type: 'root', children: body }, 'element', (node: Element) => {
    if (node.tagName === tagName) found = true;
  });
  return found;
}
