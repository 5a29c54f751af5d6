/**
 * The EPUB stage of a build: the cover (the user's, or one photographed by the browser), the
 * e-reader style sheets, the fonts when they are embedded, and the package itself, all staged.
 */
import { readFile } from 'node:fs/promises';
import type { ElementContent, Root } from 'hast';
import type { BrowserSession, RequestPolicy } from '../browser/browser.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import type { ResolvedBuildOptions } from '../build/build.ts';
import { COVER_SIZE, coverHtml } from './cover.ts';
import { openBuildCache } from '../archive/cache.ts';
import { selectFonts } from '../fonts/fonts.ts';
import { codeText, plainText } from '../manuscript/headings.ts';
import { chapterMetadataElements } from '../attribution/html-metadata.ts';
import type { Manuscript } from '../manuscript/assemble.ts';
import { articleParts, type TextPart } from './content.ts';
import { compileEpubCss } from './css.ts';
import { renderEpub, type CoverImage, type EmbeddedFonts } from './render.ts';
import { readStyle } from '../html/render.ts';
import { IMPRINT_VERSION } from '../version.ts';
import type { Staging } from '../archive/staging.ts';

/** What the EPUB stage needs from the build. */
export interface EpubStage {
  options: ResolvedBuildOptions;
  cover: ResolvedBuildOptions['cover'];
  manuscript: Manuscript;
  buildDate: Date;
  slug: string;
  staging: Staging;
  /** Starts the build's browser, or gives the one already started. */
  launchBrowser: () => Promise<BrowserSession>;
  policy: RequestPolicy;
  /** Told once the cover is made: the EPUB needs the browser no more. */
  onCoverMade?: () => void;
}

/** What the EPUB stage staged, and where its cover came from. */
export interface PackedEpub {
  /** The cover's file name. */
  cover: string;
  coverFrom: 'user' | 'browser' | 'cache';
  /** The browser that photographed the cover. */
  browserVersion?: string;
}

/** Makes the cover, packs the EPUB and stages both. */
export async function packEpub(stage: EpubStage): Promise<PackedEpub> {
  const { options, manuscript, buildDate, slug, staging } = stage;
  const { matter, body, images } = manuscript;
  const { image: cover, from: coverFrom, browserVersion } = await makeCover(stage);
  stage.onCoverMade?.();
  const coverName = `${slug}-cover.${cover.mediaType === 'image/png' ? 'png' : 'jpg'}`;
  await staging.stage(coverName, cover.data);
  const [base, reader, user] = await Promise.all([
    readStyle('base.css'),
    readStyle('epub.css'),
    options.style ? readFile(options.style, 'utf8') : Promise.resolve(''),
  ]);
  const fonts = options.embedFonts ? await epubFonts(matter, body) : undefined;
  // The embedded faces lead the font list, and the user's sheet comes last, so it wins.
  const css = await compileEpubCss([fonts?.css ?? '', base, reader, fonts ? `:root { --text-font: ${fonts.fontFamily}; --code-font: ${fonts.codeFontFamily}; }` : '', user].join('\n'));
  const parts: TextPart[] =
    manuscript.kind === 'book'
      ? manuscript.chapters.map((chapter) => ({
          title: chapter.title,
          content: chapter.content,
          ...(chapter.matter ? { head: chapterMetadataElements(chapter.matter) } : {}),
        }))
      : articleParts(body, matter.title);
  const epub = await renderEpub({
    matter,
    body,
    parts,
    chapters: manuscript.chapters,
    images,
    css,
    imprintVersion: IMPRINT_VERSION,
    buildDate,
    cover,
    ...(fonts ? { fonts: { files: fonts.files } } : {}),
  });
  await staging.stage(`${slug}.epub`, epub);
  return { cover: coverName, coverFrom, ...(browserVersion ? { browserVersion } : {}) };
}

interface MadeCover {
  image: CoverImage;
  from: PackedEpub['coverFrom'];
  browserVersion?: string;
}

/** The user's cover; else the generated one, from the cache or photographed by the browser. */
async function makeCover({ options, cover, manuscript, slug, staging, launchBrowser, policy }: EpubStage): Promise<MadeCover> {
  if (cover) return { image: { data: await readFile(cover.path), mediaType: cover.mediaType }, from: 'user' };
  const html = await coverHtml(manuscript.matter);
  // The same page photographed by the same browser gives the same PNG.
  const cache = await openBuildCache('covers', options.env);
  const key = cache?.key(JSON.stringify(COVER_SIZE), html);
  const [cached, about] = cache && key ? await Promise.all([cache.read(`${key}.png`), cache.readJson(`${key}.json`)]) : [];
  const madeBy = (about as { chromium?: unknown } | undefined)?.chromium;
  if (cached && typeof madeBy === 'string') return { image: { data: cached, mediaType: 'image/png' }, from: 'cache', browserVersion: madeBy };
  const browser = await launchBrowser();
  const url = await staging.stage(`${slug}-cover.html`, html);
  const data = await browser.screenshot(url.href, COVER_SIZE, policy);
  if (cache && key) {
    // The description last: an entry without it is not read.
    await cache.write(`${key}.png`, data);
    await cache.writeJson(`${key}.json`, { chromium: browser.version });
  }
  return { image: { data, mediaType: 'image/png' }, from: 'browser', browserVersion: browser.version };
}

/** The bundled fonts the text needs: files to pack, rules that point at them, and the family list. */
async function epubFonts(matter: FrontMatter, body: ElementContent[]): Promise<EmbeddedFonts & { fontFamily: string; codeFontFamily: string }> {
  const root: Root = { type: 'root', children: body };
  const text = [matter.title, matter.subtitle ?? '', plainText(root)].join(' ');
  const fonts = await selectFonts({ text, codeText: codeText(root), lang: matter.lang, source: { folder: 'fonts' } });
  return { css: fonts.css, files: fonts.files, fontFamily: fonts.fontFamily, codeFontFamily: fonts.codeFontFamily };
}

