/**
 * Running heads that fit: Chromium neither wraps nor cuts the text of a page margin box, so a head
 * is measured with the text face's own advances and cut to one line of the text block.
 */
import { textWidth } from '../fonts/text-width.ts';
import { RUNNING_HEAD_SIZE_PT } from './page-style.ts';

/**
 * A running head that fits on one line of the text block: cut at a word, with an ellipsis, when
 * the title is too long (a `short_title` in the front matter says it better).
 */
export async function fitRunningHead(title: string, widthPt: number): Promise<string> {
  const fits = async (text: string) => (await textWidth(text, { weight: 400, style: 'italic' }, RUNNING_HEAD_SIZE_PT)) <= widthPt;
  if (await fits(title)) return title;
  const words = title.split(' ');
  for (let count = words.length - 1; count > 0; count--) {
    const cut = `${words.slice(0, count).join(' ').replace(/[\s,.:;–—-]+$/u, '')}…`;
    if (await fits(cut)) return cut;
  }
  // One word too long for the line (or a text without spaces): cut between characters.
  const characters = [...title];
  for (let count = characters.length - 1; count > 0; count--) {
    const cut = `${characters.slice(0, count).join('')}…`;
    if (await fits(cut)) return cut;
  }
  return '…';
}
