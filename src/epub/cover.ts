/**
 * The cover: a page built from the attribution (title, subtitle, author, source) that the same
 * Chromium photographs at 1600×2560, the size e-book stores ask for.
 */
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { joinNames, sourceName } from '../attribution/wording.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import { selectFonts } from '../fonts/fonts.ts';
import { readStyle, standaloneDocument } from '../html/render.ts';
import { typeset } from '../attribution/typeset.ts';

/** Cover size in CSS pixels. */
export const COVER_SIZE = { width: 1600, height: 2560 } as const;

/** The cover page as HTML, fonts inlined. */
export async function coverHtml(written: FrontMatter): Promise<string> {
  const matter = typeset(written);
  const year = (matter.source?.published ?? matter.date)?.slice(0, 4);
  const from = matter.source ? `${sourceName(matter)}${year ? `, ${year}` : ''}` : year;
  const card = h('main.cover', [
    h('div.cover-top', [h('h1.cover-title', matter.title), matter.subtitle ? h('p.cover-subtitle', matter.subtitle) : undefined]),
    h('div.cover-bottom', [h('p.cover-author', joinNames(matter.author)), from ? h('p.cover-source', `First published in ${from}`) : undefined]),
  ]);
  const text = [matter.title, matter.subtitle, joinNames(matter.author), from].filter(Boolean).join(' ');
  const [fonts, css] = await Promise.all([selectFonts({ text, lang: matter.lang }), readStyle('cover.css')]);
  return toHtml(
    standaloneDocument({
      lang: matter.lang,
      title: matter.title,
      css: [fonts.css, `:root { --cover-font: ${fonts.fontFamily}; }`, css].join('\n'),
      body: h('body', [card]),
    }),
  );
}
