/**
 * The EPUB 3 edition, built by epub-gen-memory from the same hast trees as the HTML: a title page,
 * the text (one document per chapter), the colophon, a navigation document and a cover.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Element, ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { EPub, type Chapter, type Options } from 'epub-gen-memory';
import type JSZip from 'jszip';
import epubGenOther from 'epub-gen-memory/dist/lib/util/other.js';
import { joinNames } from '../attribution.ts';
import type { FrontMatter } from '../config.ts';
import type { LocalImage } from '../plugins/rehype-local-images.ts';
import { colophon, titleBlock, type CreditedChapter } from '../title-and-colophon.ts';
import { textChapters, type TextPart } from './epub-content.ts';
import { NAV_TEMPLATE, navigationEntries, navList, NCX_TEMPLATE, ncxNavMap } from './epub-navigation.ts';
import { bookIdentifier, PACKAGE_TEMPLATE, packageMetadata } from './epub-package.ts';
import { normalizeEpubZip } from './zip.ts';

/** A cover image, PNG or JPEG. */
export interface CoverImage {
  data: Uint8Array;
  mediaType: 'image/png' | 'image/jpeg';
}

/** Fonts to pack, with the rules that use them. */
export interface EmbeddedFonts {
  /** @font-face rules pointing at `fonts/FILE`. */
  css: string;
  /** Absolute paths of the woff2 files. */
  files: string[];
}

/** What the EPUB stage needs. */
export interface EpubJob {
  matter: FrontMatter;
  /** The whole text, whose digest goes into the identifier. */
  body: ElementContent[];
  /** The text as chapter documents: a book's chapters, or an article split at its top headings. */
  parts: TextPart[];
  /** A book's chapters, for the colophon's credits. */
  chapters: readonly CreditedChapter[];
  images: Readonly<Record<string, LocalImage>>;
  /** The e-reader style sheet (shared base plus e-reader rules). */
  css: string;
  imprintVersion: string;
  /** Stamped as `dcterms:modified`. */
  buildDate: Date;
  cover?: CoverImage;
  fonts?: EmbeddedFonts;
}

const COLOPHON_FILE = 'colophon.xhtml';

/**
 * epub-gen-memory 1.1.2 (pinned) draws random v4 UUIDs for the book and for every image's file
 * name. The book gets the stable identifier; the image names come from a counter for as long as
 * the constructor runs (it collects images synchronously, through `util/other.uuid`).
 */
const epubGenUtil = epubGenOther as unknown as { uuid: () => string };

class IdentifiedEPub extends EPub {
  constructor(options: Options, chapters: Chapter[], identifier: string) {
    const random = epubGenUtil.uuid;
    let count = 0;
    epubGenUtil.uuid = () => `image-${String(++count).padStart(3, '0')}`;
    try {
      super(options, chapters);
    } finally {
      epubGenUtil.uuid = random;
    }
    this.uuid = identifier;
  }

  /** Renders the book and hands over its files, unpacked: they are zipped once, by normalizeEpubZip. */
  async files(): Promise<JSZip> {
    await this.render();
    return this.zip;
  }
}

/** Builds the EPUB and returns its bytes. */
export async function renderEpub(job: EpubJob): Promise<Uint8Array> {
  const { matter, body, images, imprintVersion, buildDate } = job;
  const identifier = bookIdentifier(matter, createHash('sha256').update(toHtml(body)).digest('hex'));
  const text = textChapters(job.parts, images, {
    colophon: COLOPHON_FILE,
    'colophon-title': COLOPHON_FILE,
    'contents-title': 'toc.xhtml',
  });
  const navigation = navigationEntries(text, [{ label: 'Colophon', href: COLOPHON_FILE }]);
  const { navMap, depth } = ncxNavMap(navigation);
  const imageList = Object.values(images);

  const chapters: Array<Chapter & { headMeta: string }> = [
    {
      title: 'Title page',
      filename: 'title-page.xhtml',
      beforeToc: true,
      excludeFromToc: true,
      headMeta: '',
      content: xhtml([h('section.title-page', { 'epub:type': 'titlepage' }, [titleBlock(matter)])]),
    },
    ...text.map((chapter) => ({
      title: chapter.title,
      filename: chapter.filename,
      content: xhtml([h('section.text', { 'epub:type': 'bodymatter chapter', role: 'doc-chapter', ariaLabel: chapter.title }, chapter.content)]),
      // Read by CHAPTER_TEMPLATE: a reprinted chapter's own attribution, as metadata of its document.
      headMeta: chapter.head ? xhtml(chapter.head) : '',
    })),
    { title: 'Colophon', filename: COLOPHON_FILE, content: xhtml([colophon(matter, imprintVersion, job.chapters)]), headMeta: '' },
  ];

  const options: Options & Record<string, unknown> = {
    title: matter.title,
    author: matter.author,
    publisher: matter.source?.publisher ?? matter.source?.name ?? joinNames(matter.author),
    lang: matter.lang,
    css: job.fonts ? `${job.fonts.css}\n${job.css}` : job.css,
    fonts: (job.fonts?.files ?? []).map((file) => ({ filename: file.split('/').at(-1)!, url: pathToFileURL(file).href })),
    tocTitle: 'Contents',
    tocInTOC: false,
    numberChaptersInTOC: false,
    prependChapterTitles: false,
    contentOPF: PACKAGE_TEMPLATE,
    tocXHTML: NAV_TEMPLATE,
    chapterXHTML: CHAPTER_TEMPLATE,
    tocNCX: NCX_TEMPLATE,
    // Read by the templates above; epub-gen-memory passes unknown options through to them.
    packageMetadata: packageMetadata(matter, identifier, buildDate, imprintVersion, {
      images: imageList.length > 0,
    }),
    navList: navList(navigation),
    navMap,
    ncxDepth: depth,
    bodymatterHref: text[0]!.filename,
    ...(job.cover ? { cover: new File([Buffer.from(job.cover.data)], job.cover.mediaType === 'image/png' ? 'cover.png' : 'cover.jpg', { type: job.cover.mediaType }) } : {}),
    ignoreFailedDownloads: false,
    verbose: false,
  };
  const files = await new IdentifiedEPub(options, chapters, identifier).files();
  return normalizeEpubZip(files, buildDate);
}

/** epub-gen-memory's chapter template with room for the document's own metadata in its head. */
const CHAPTER_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="<%= lang %>" lang="<%= lang %>">
<head>
  <meta charset="UTF-8"/>
  <title><%= title %></title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
<%- headMeta %>
</head>
<body>
<%- content %>
</body>
</html>
`;

/** Chapter content as XHTML-compatible markup: void elements closed, attributes quoted. */
function xhtml(nodes: Element[]): string {
  return toHtml({ type: 'root', children: nodes }, { space: 'html', closeSelfClosing: true, tightSelfClosing: true });
}
