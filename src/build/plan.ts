/**
 * What one build will make of a manuscript, decided before any edition is rendered: its name
 * (slug), layout, footnote placing, cover, build date and file names, and how its page renders.
 */
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { chooseBuildDate, type BuildDate } from '../archive/build-date.ts';
import { renderHtml, type RenderedPage } from '../html/render.ts';
import type { PageSize } from '../html/page-style.ts';
import type { Manuscript } from '../model.ts';
import { coverMediaType, type Layout, type ResolvedSettings } from '../options/build-options.ts';
import { reportFatal } from '../options/errors.ts';
import type { FootnotePlace } from '../options/front-matter.ts';
import { isInside, slugify } from '../paths.ts';
import { IMPRINT_VERSION } from '../version.ts';

/** The editions' file names in the output folder. */
export interface EditionNames {
  html: string;
  pdf: string;
  epub: string;
  booklet: string;
}

/** One build's decisions. */
export interface EditionPlan {
  manuscript: Manuscript;
  /** The book's folder, or the article's file: what the edition is named and dated after. */
  home: string;
  slug: string;
  layout: Layout;
  footnotes: FootnotePlace;
  cover: ResolvedSettings['cover'];
  buildDate: BuildDate;
  names: EditionNames;
  /** Renders the page at a size, soft-hyphenated for print or not, with contents page numbers once known. */
  render(size: PageSize, hyphenate: boolean, tocPages?: ReadonlyMap<string, number>): Promise<RenderedPage>;
}

/** Plans the build; undefined (after reporting on the manuscript) when its cover cannot be used. */
export async function planEdition(manuscript: Manuscript, settings: ResolvedSettings, env: NodeJS.ProcessEnv): Promise<EditionPlan | undefined> {
  const { matter, primary: file } = manuscript;
  // A book is named and dated after its folder, an article after its file.
  const home = manuscript.kind === 'book' ? path.dirname(path.resolve(file.path)) : path.resolve(file.path);
  const slug = matter.slug ?? slugify(path.parse(home).name);
  const layout = settings.layout ?? (manuscript.kind === 'book' ? 'book' : 'handout');
  const cover = settings.cover ?? frontMatterCover(matter.cover, path.dirname(path.resolve(file.path)), file);
  if (cover === null) return undefined;
  const buildDate = await chooseBuildDate(env, home, matter.source?.published ?? matter.date);
  const userCss = settings.style ? await readFile(settings.style, 'utf8') : undefined;
  return {
    manuscript,
    home,
    slug,
    layout,
    footnotes: settings.footnotes ?? matter.footnotes ?? (layout === 'book' ? 'page' : 'chapter'),
    cover,
    buildDate,
    names: { html: `${slug}.html`, pdf: `${slug}.pdf`, epub: `${slug}.epub`, booklet: `${slug}-booklet.pdf` },
    render: (size, hyphenate, tocPages) =>
      renderHtml(
        { matter, body: manuscript.body, chapters: manuscript.chapters, images: manuscript.images, imprintVersion: IMPRINT_VERSION },
        { size, layout, hyphenate, ...(tocPages ? { tocPages } : {}), ...(userCss ? { userCss } : {}) },
      ),
  };
}

/** The front matter's `cover:` image, resolved; null (after reporting) when it cannot be used. */
function frontMatterCover(cover: string | undefined, folder: string, file: VFile): ResolvedSettings['cover'] | null {
  if (cover === undefined) return undefined;
  const target = path.resolve(folder, cover);
  const mediaType = coverMediaType(target);
  if (!mediaType || !existsSync(target) || !isInside(realpathSync(folder), realpathSync(target))) {
    reportFatal(file, `The cover ${cover} must be a PNG or JPEG file inside the manuscript folder`, { ruleId: 'cover' });
    return null;
  }
  return { path: target, mediaType };
}
