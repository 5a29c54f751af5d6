/**
 * The EPUB stage of a build: the cover (see cover.ts), the e-reader style sheets, the fonts when
 * they are embedded, and the package itself. It hands back bytes; the build stages and writes them.
 */
import { readFile } from 'node:fs/promises';
import type { ElementContent, Root } from 'hast';
import { selectFonts } from '../fonts/select.ts';
import { readStyle } from '../html/document.ts';
import { codeText, plainText } from '../manuscript/headings.ts';
import type { Manuscript, TextPart } from '../model.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import { IMPRINT_VERSION } from '../version.ts';
import { formulasAsMathml } from './math.ts';
import { articleParts } from './content.ts';
import { makeCover, type CoverJob, type MadeCover } from './cover.ts';
import { compileEpubCss } from './css.ts';
import { renderEpub, type EmbeddedFonts } from './render.ts';

/** What the EPUB stage needs from the build. */
export interface EpubStageJob extends Omit<CoverJob, 'matter'> {
  manuscript: Manuscript;
  buildDate: Date;
  /** The user's style sheet (absolute path), added last. */
  userStyle: string | undefined;
  embedFonts: boolean;
  /** Told once the cover is made: the EPUB needs the browser no more. */
  onCoverMade?: () => void;
}

/** The packed EPUB and its cover. */
export interface PackedEpub {
  epub: Uint8Array;
  cover: MadeCover;
}

/** Makes the cover and packs the EPUB. */
export async function packEpub(job: EpubStageJob): Promise<PackedEpub> {
  const { manuscript, buildDate } = job;
  const { matter, body, images } = manuscript;
  const cover = await makeCover({ ...job, matter });
  job.onCoverMade?.();
  const [base, reader, user] = await Promise.all([
    readStyle('base.css'),
    readStyle('epub.css'),
    job.userStyle ? readFile(job.userStyle, 'utf8') : Promise.resolve(''),
  ]);
  const fonts = job.embedFonts ? await epubFonts(matter, body) : undefined;
  // The embedded faces lead the font list, and the user's sheet comes last, so it wins.
  const css = await compileEpubCss(
    [fonts?.css ?? '', base, reader, fonts ? `:root { --text-font: ${fonts.fontFamily}; --code-font: ${fonts.codeFontFamily}; }` : '', user].join('\n'),
  );
  const parts: TextPart[] = manuscript.kind === 'book' ? manuscript.chapters : articleParts(body, matter.title);
  const epub = await renderEpub({
    matter,
    body,
    parts,
    chapters: manuscript.chapters,
    images,
    css,
    imprintVersion: IMPRINT_VERSION,
    buildDate,
    cover: cover.image,
    ...(fonts ? { fonts: { files: fonts.files } } : {}),
  });
  return { epub, cover };
}

/** The bundled face with an OpenType MATH table, which MathML needs to lay a formula out. */
const MATH_FAMILY = 'Noto Sans Math';

/** The bundled fonts the text needs: files to pack, rules that point at them, and the family list. */
async function epubFonts(matter: FrontMatter, body: ElementContent[]): Promise<EmbeddedFonts & { fontFamily: string; codeFontFamily: string }> {
  const root: Root = { type: 'root', children: body };
  // The faces are chosen for the text the e-book holds: its formulas as MathML, not as pictures.
  const text = [matter.title, matter.subtitle ?? '', plainText({ type: 'root', children: formulasAsMathml(body) })].join(' ');
  const fonts = await selectFonts({ text, codeText: codeText(root), lang: matter.lang, source: { folder: 'fonts' } });
  // A formula's layout (fraction bars, radicals, stretched brackets) needs a face with a MATH table.
  const math = fonts.fontFamily.includes(`'${MATH_FAMILY}'`) ? `\nmath { font-family: '${MATH_FAMILY}', math; }` : '';
  return { css: `${fonts.css}${math}`, files: fonts.files, fontFamily: fonts.fontFamily, codeFontFamily: fonts.codeFontFamily };
}
