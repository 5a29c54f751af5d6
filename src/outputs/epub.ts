/**
 * The EPUB 3 edition, built by epub-gen-memory from the same hast trees as the HTML: a title page,
 * the text, and the colophon.
 */
import type { Element, ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { EPub, type Chapter, type Options } from 'epub-gen-memory';
import { joinNames } from '../attribution.ts';
import type { FrontMatter } from '../config.ts';
import { colophon, titleBlock } from '../title-and-colophon.ts';
import { bookIdentifier, PACKAGE_TEMPLATE, packageMetadata } from './epub-package.ts';

/** What the EPUB stage needs. */
export interface EpubJob {
  matter: FrontMatter;
  body: ElementContent[];
  /** The e-reader style sheet (shared base plus e-reader rules). */
  css: string;
  imprintVersion: string;
  /** Stamped as `dcterms:modified`. */
  buildDate: Date;
}

/** epub-gen-memory draws a random identifier; the package must carry the stable one instead. */
class IdentifiedEPub extends EPub {
  constructor(options: Options, chapters: Chapter[], identifier: string) {
    super(options, chapters);
    this.uuid = identifier;
  }
}

/** Builds the EPUB and returns its bytes. */
export async function renderEpub({ matter, body, css, imprintVersion, buildDate }: EpubJob): Promise<Uint8Array> {
  const identifier = bookIdentifier(matter);
  const chapters: Chapter[] = [
    {
      title: 'Title page',
      filename: 'title-page',
      beforeToc: true,
      excludeFromToc: true,
      content: xhtml([h('section.title-page', { 'epub:type': 'titlepage' }, [titleBlock(matter)])]),
    },
    {
      title: matter.title,
      filename: 'text',
      content: xhtml([h('section.text', { 'epub:type': 'bodymatter chapter', ariaLabel: matter.title }, body)]),
    },
    {
      title: 'Colophon',
      filename: 'colophon',
      content: xhtml([colophon(matter, imprintVersion)]),
    },
  ];
  const options: Options & Record<string, unknown> = {
    title: matter.title,
    author: matter.author,
    publisher: matter.source?.publisher ?? matter.source?.name ?? joinNames(matter.author),
    lang: matter.lang,
    css,
    tocTitle: 'Contents',
    tocInTOC: false,
    numberChaptersInTOC: false,
    prependChapterTitles: false,
    contentOPF: PACKAGE_TEMPLATE,
    // Read by PACKAGE_TEMPLATE; epub-gen-memory passes unknown options through to its templates.
    packageMetadata: packageMetadata(matter, identifier, buildDate, imprintVersion),
    ignoreFailedDownloads: false,
    verbose: false,
  };
  return new IdentifiedEPub(options, chapters, identifier).genEpub();
}

/** Chapter content as XHTML-compatible markup: void elements closed, attributes quoted. */
function xhtml(nodes: Element[]): string {
  return toHtml({ type: 'root', children: nodes }, { closeSelfClosing: true, allowDangerousCharacters: false });
}
