/**
 * The visible attribution as hast: the title block under the title and the colophon at the end.
 * Every edition uses these same trees.
 */
import type { Element } from 'hast';
import { h } from 'hastscript';
import { chapterColophonEntry, colophonEntries, titleBlockLines, type ColophonEntry } from './wording.ts';
import type { FrontMatter } from '../options/front-matter.ts';
import { typeset } from './typeset.ts';
import { PAGE_IDS, type CreditedChapter } from '../model.ts';

/** The title, subtitle, byline and source line that open the text. */
export function titleBlock(written: FrontMatter): Element {
  const matter = typeset(written);
  return h('header.title-block', [
    h('h1.title', matter.title),
    matter.subtitle ? h('p.subtitle', matter.subtitle) : undefined,
    ...titleBlockLines(matter).map((line) => h('p.attribution', line)),
  ]);
}

/**
 * The colophon: where the text comes from, who wrote and edited it, each reprinted chapter's own
 * source, and how this edition was made.
 */
export function colophon(written: FrontMatter, imprintVersion: string, chapters: readonly CreditedChapter[] = []): Element {
  const matter = typeset(written);
  const chapterEntries = chapters.flatMap((chapter) => {
    const entry = chapter.matter ? chapterColophonEntry(chapter.title, typeset(chapter.matter)) : undefined;
    return entry ? [entry] : [];
  });
  const entries = colophonEntries(matter, imprintVersion);
  // Chapter credits go before the line on this edition, which closes the colophon.
  entries.splice(entries.length - 1, 0, ...chapterEntries);
  return h('section.colophon', { id: PAGE_IDS.colophon, ariaLabelledBy: PAGE_IDS.colophonTitle, 'epub:type': 'colophon', role: 'doc-colophon' }, [
    h('h2', { id: PAGE_IDS.colophonTitle }, 'Colophon'),
    h('dl', entries.flatMap((entry) => [h('dt', entry.label), h('dd', entryValue(entry))])),
  ]);
}

function entryValue(entry: ColophonEntry): Element[] | Element | string {
  if (entry.href) return h('a', { href: entry.href }, entry.value);
  if (entry.dateTime) return h('time', { dateTime: entry.dateTime }, entry.value);
  if (entry.verbatim) return h('blockquote.verbatim', h('p', entry.value));
  if (entry.note) return [h('span', entry.value), h('br'), h('span.note', entry.note)];
  return entry.value;
}
