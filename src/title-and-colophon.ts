/**
 * The visible attribution as hast: the title block under the title and the colophon at the end.
 * Every edition uses these same trees.
 */
import type { Element } from 'hast';
import { h } from 'hastscript';
import { colophonEntries, titleBlockLines, type ColophonEntry } from './attribution.ts';
import type { FrontMatter } from './config.ts';

/** The title, subtitle, byline and source line that open the text. */
export function titleBlock(matter: FrontMatter): Element {
  return h('header.title-block', [
    h('h1.title', matter.title),
    matter.subtitle ? h('p.subtitle', matter.subtitle) : undefined,
    ...titleBlockLines(matter).map((line) => h('p.attribution', line)),
  ]);
}

/** The colophon: where the text comes from, who wrote and edited it, and how this edition was made. */
export function colophon(matter: FrontMatter, imprintVersion: string): Element {
  return h('section.colophon', { id: 'colophon', ariaLabelledBy: 'colophon-title', 'epub:type': 'colophon', role: 'doc-colophon' }, [
    h('h2', { id: 'colophon-title' }, 'Colophon'),
    h('dl', colophonEntries(matter, imprintVersion).flatMap((entry) => [h('dt', entry.label), h('dd', entryValue(entry))])),
  ]);
}

function entryValue(entry: ColophonEntry): Element[] | Element | string {
  if (entry.href) return h('a', { href: entry.href }, entry.value);
  if (entry.dateTime) return h('time', { dateTime: entry.dateTime }, entry.value);
  if (entry.verbatim) return h('blockquote.verbatim', h('p', entry.value));
  if (entry.note) return [h('span', entry.value), h('br'), h('span.note', entry.note)];
  return entry.value;
}
