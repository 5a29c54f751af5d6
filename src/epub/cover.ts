/**
 * The cover: the user's image, or a page built from the attribution (title, subtitle, author,
 * source) that the same Chromium photographs at 1600×2560, the size e-book stores ask for. The
 * same page photographed by the same browser gives the same PNG, so a photograph is cached.
 */
import { readFile } from 'node:fs/promises';
import { h } from 'hastscript';
import { openBuildCache } from '../archive/cache.ts';
import { typeset } from '../attribution/typeset.ts';
import { joinNames, sourceName } from '../attribution/wording.ts';
import type { RequestPolicy } from '../browser/request-policy.ts';
import type { BrowserSession } from '../browser/session.ts';
import { selectFonts } from '../fonts/select.ts';
import { readStyle, standaloneDocument, stringifyHtml } from '../html/document.ts';
import type { CoverMediaType } from '../options/build-options.ts';
import type { FrontMatter } from '../options/front-matter.ts';

/** Cover size in CSS pixels. */
export const COVER_SIZE = { width: 1600, height: 2560 } as const;

/** A cover image, PNG or JPEG. */
export interface CoverImage {
  data: Uint8Array;
  mediaType: CoverMediaType;
}

/** What making a cover needs from the build. */
export interface CoverJob {
  matter: FrontMatter;
  /** The user's image (`--cover` or the front matter's `cover:`), when there is one. */
  userCover: { path: string; mediaType: CoverMediaType } | undefined;
  env: NodeJS.ProcessEnv;
  /** The build's browser, started on first call. */
  browser: () => Promise<BrowserSession>;
  /** Writes the cover page where the browser can load it; returns its `file://` URL. */
  stagePage: (html: string) => Promise<URL>;
  policy: RequestPolicy;
}

/** A cover and where it came from (and the browser that photographed it). */
export interface MadeCover {
  image: CoverImage;
  from: 'user' | 'browser' | 'cache';
  browserVersion?: string;
}

/** The user's cover; else the generated one, from the cache or photographed by the browser. */
export async function makeCover(job: CoverJob): Promise<MadeCover> {
  if (job.userCover) return { image: { data: await readFile(job.userCover.path), mediaType: job.userCover.mediaType }, from: 'user' };
  const html = await coverHtml(job.matter);
  const cache = await openBuildCache('covers', job.env);
  const key = cache?.key(JSON.stringify(COVER_SIZE), html);
  const [cached, about] = cache && key ? await Promise.all([cache.read(`${key}.png`), cache.readJson(`${key}.json`)]) : [];
  const madeBy = (about as { chromium?: unknown } | undefined)?.chromium;
  if (cached && typeof madeBy === 'string') return { image: { data: cached, mediaType: 'image/png' }, from: 'cache', browserVersion: madeBy };
  const browser = await job.browser();
  const data = await browser.screenshot((await job.stagePage(html)).href, COVER_SIZE, job.policy);
  if (cache && key) {
    // The description last: an entry without it is not read.
    await cache.write(`${key}.png`, data);
    await cache.writeJson(`${key}.json`, { chromium: browser.version });
  }
  return { image: { data, mediaType: 'image/png' }, from: 'browser', browserVersion: browser.version };
}

/** The cover page as HTML, fonts inlined. */
export async function coverHtml(written: FrontMatter): Promise<string> {
  const matter = typeset(written);
  const year = (matter.source?.published ?? matter.date)?.slice(0, 4);
  const from = matter.source ? `${sourceName(matter.source)}${year ? `, ${year}` : ''}` : year;
  const card = h('main.cover', [
    h('div.cover-top', [h('h1.cover-title', matter.title), matter.subtitle ? h('p.cover-subtitle', matter.subtitle) : undefined]),
    h('div.cover-bottom', [h('p.cover-author', joinNames(matter.author)), from ? h('p.cover-source', `First published in ${from}`) : undefined]),
  ]);
  const text = [matter.title, matter.subtitle, joinNames(matter.author), from].filter(Boolean).join(' ');
  const [fonts, css] = await Promise.all([selectFonts({ text, lang: matter.lang }), readStyle('cover.css')]);
  return stringifyHtml(
    standaloneDocument({
      lang: matter.lang,
      title: matter.title,
      css: [fonts.css, `:root { --cover-font: ${fonts.fontFamily}; }`, css].join('\n'),
      body: h('body', [card]),
    }),
  );
}
