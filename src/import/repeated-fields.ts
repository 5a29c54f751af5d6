/**
 * A page often prints its byline, its note on the author or its reprint statement as a paragraph
 * of the article, which the front matter now carries (the title block and colophon show them):
 * the paragraph that says exactly that, and nothing else, is cut from the Markdown, and the
 * report says so.
 */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { bylineNames } from './html-candidates.ts';
import type { Dropped } from './model.ts';

/** A field the front matter carries, whose text may stand in the article too. */
export interface CarriedField {
  value: string;
  /** Where the front matter carries it: "author_note". */
  field: string;
}

/**
 * `markdown` without the top-level paragraphs that only repeat one of `fields`, or a byline
 * naming exactly `authors`, and what was cut.
 */
export function withoutRepeatedFields(markdown: string, fields: readonly CarriedField[], authors: readonly string[] = []): { markdown: string; dropped: Dropped[] } {
  const wanted = fields.filter(({ value }) => plain(value) !== '');
  if (wanted.length === 0 && authors.length === 0) return { markdown, dropped: [] };
  const tree: Root = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  const cuts: Array<{ start: number; end: number; dropped: Dropped }> = [];
  for (const node of tree.children) {
    if (node.type !== 'paragraph' || node.position?.start.offset === undefined || node.position.end.offset === undefined) continue;
    const text = plain(toString(node));
    const repeated = wanted.find(({ value }) => plain(value) === text)?.field ?? (namesExactly(text, authors) ? 'author (it is the byline)' : undefined);
    if (!repeated) continue;
    const reason = `it repeats the front matter's ${repeated}, which the title block shows`;
    cuts.push({ start: node.position.start.offset, end: node.position.end.offset, dropped: { text, reason } });
  }
  let kept = markdown;
  for (const { start, end } of [...cuts].reverse()) kept = kept.slice(0, start) + kept.slice(end);
  return { markdown: cuts.length > 0 ? `${kept.replace(/\n{3,}/g, '\n\n').trim()}\n` : markdown, dropped: cuts.map(({ dropped }) => dropped) };
}

function namesExactly(text: string, authors: readonly string[]): boolean {
  if (authors.length === 0 || text.length > 200) return false;
  const named = bylineNames(text);
  return named.length === authors.length && named.every((name) => authors.includes(name));
}

/** Text compared without its spacing (ideographic spaces included). */
function plain(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
