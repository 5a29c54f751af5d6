/**
 * A plain-text capture of an article page (what a browser's "select all, copy" gives: one
 * paragraph a line) made into the article and its attribution. The page's chrome is dropped by
 * rules that can be stated, and every dropped line is listed with its reason:
 *
 * - **The header** is every line before the first paragraph of the text (a line of at least 100
 *   characters, or 40 in a CJK script) after the title. The title is the capture's first line that is
 *   no breadcrumb, byline or chrome; the header's byline lines give the attribution; the rest of it
 *   (breadcrumbs, share buttons, an app's name) is chrome.
 * - **The footer** is the run of lines at the end that are attribution or chrome: the note on the
 *   author, byline lines repeated, reprint statements, empty labels (`Link to this article:`),
 *   navigation (`Read the next article`, `Return to the homepage…`, share lines).
 * - **The text** is everything between, word for word.
 */
import type { Root } from 'mdast';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { typesetText } from '../attribution/typeset.ts';
import { isAuthorNote, isBylineLine, isStatement, parseByline, parseStatement, type Line } from './byline.ts';
import type { AttributionCandidates, Dropped, ExtractedArticle } from './model.ts';
import { ImportProblem } from './problems.ts';

const BREADCRUMB = /^(?:Current location|You are here|Your location|Location|当前位置|您的位置|你的位置|Aktuelle Seite|Sie sind hier)\s*[:：>]/iu;
const NAVIGATION =
  /^[-–—•·|\s]*(?:Share|Share this|Print|Comments?|Back to top|Read the next article|Read the previous article|Next article|Previous article|Read more|Related articles?|Return to the homepage|Back to the homepage|分享到?|打印|评论|返回顶部|上一篇|下一篇|相关阅读|相关新闻|返回首页|返回.{0,10}首页|Teilen|Drucken|Zurück zur Startseite)\b/iu;
const EMPTY_LABEL = /^[^:：]{1,40}[:：]\s*$/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

type Kind = 'breadcrumb' | 'navigation' | 'empty label' | 'byline' | 'statement' | 'author note' | 'text';

function kindOf(text: string): Kind {
  if (BREADCRUMB.test(text)) return 'breadcrumb';
  if (isBylineLine(text)) return 'byline';
  if (isStatement(text)) return 'statement';
  if (isAuthorNote(text)) return 'author note';
  if (NAVIGATION.test(text)) return 'navigation';
  if (EMPTY_LABEL.test(text)) return 'empty label';
  return 'text';
}

/** Whether a line is a paragraph of the text, not a heading or a label: long enough for its script. */
function isParagraph(text: string): boolean {
  const cjk = (text.match(CJK) ?? []).length;
  return text.length >= (cjk > text.length / 3 ? 40 : 100);
}

/** The article and attribution of a text capture. */
export function extractTextCapture(text: string): ExtractedArticle {
  const lines: Line[] = text.split(/\r\n|\r|\n/).map((line, index) => ({ text: line.trim(), line: index + 1 })).filter((line) => line.text !== '');
  const kinds = lines.map((line) => kindOf(line.text));
  // The first line of text is the title, however long; the text starts at the first paragraph after it.
  const titleAt = kinds.indexOf('text');
  const start = lines.findIndex((line, index) => index > titleAt && kinds[index] === 'text' && isParagraph(line.text));
  if (titleAt === -1 || start === -1) throw new ImportProblem('No article found in this capture: it has no paragraph of text after its title, only short lines');
  // The footer starts at the first attribution or chrome line after the text's last paragraph;
  // short lines before it (a closing line of the text) stay in the text.
  const last = lines.findLastIndex((line, index) => kinds[index] === 'text' && isParagraph(line.text));
  const footerAt = kinds.findIndex((kind, index) => index > last && kind !== 'text');
  const end = footerAt === -1 ? lines.length : footerAt;
  const candidates: AttributionCandidates[] = [];
  const dropped: Dropped[] = [];
  const title = header(lines.slice(0, start), kinds.slice(0, start), candidates, dropped);
  footer(lines.slice(end), kinds.slice(end), candidates, dropped);
  if (title) candidates.unshift(title);
  return { markdown: paragraphs(lines.slice(start, end)), images: [], candidates, dropped, warnings: [] };
}

/** The header's title and bylines; the rest of it is chrome. */
function header(lines: Line[], kinds: Kind[], candidates: AttributionCandidates[], dropped: Dropped[]): AttributionCandidates | undefined {
  let title: AttributionCandidates | undefined;
  lines.forEach((line, index) => {
    const kind = kinds[index]!;
    if (kind === 'byline') {
      candidates.push(parseByline(line));
      dropped.push({ ...line, reason: 'byline (its fields are in the front matter)' });
    } else if (kind === 'text' && !title) {
      title = titleOf(line);
    } else {
      dropped.push({ ...line, reason: kind === 'text' ? 'page chrome between the title and the text' : `page chrome (${kind})` });
    }
  });
  return title;
}

/** The footer's attribution; the rest of it is chrome. */
function footer(lines: Line[], kinds: Kind[], candidates: AttributionCandidates[], dropped: Dropped[]): void {
  lines.forEach((line, index) => {
    const kind = kinds[index]!;
    if (kind === 'byline') candidates.push(parseByline(line));
    if (kind === 'statement') candidates.push(parseStatement(line));
    if (kind === 'author note') candidates.push({ authorNote: { value: line.text, origin: `the note on the author, line ${line.line}` } });
    const reason = { byline: 'byline (its fields are in the front matter)', statement: 'reprint statement (source.statement)', 'author note': 'note on the author (author_note)' }[kind as string];
    dropped.push({ ...line, reason: reason ?? `page chrome (${kind === 'text' ? 'a short line after the text' : kind})` });
  });
}

/**
 * The title line, split where a headline runs on into its deck (`Headline - improve the …`, a
 * lower-case word after a spaced dash; `主标题——副标题`): the deck becomes the subtitle, its first
 * letter capitalised, as a line of its own. Both get the typography every edition shows them with.
 */
function titleOf({ text, line }: Line): AttributionCandidates {
  const origin = `the title line, line ${line}`;
  const split = /^(.+?)\s+[-–—]\s+(\p{Ll}.*)$/u.exec(text) ?? /^(.+?)——(.+)$/u.exec(text);
  if (!split) return { title: { value: typesetText(text), origin } };
  const deck = split[2]!.trim();
  return {
    title: { value: typesetText(split[1]!.trim()), origin: `${origin}, before the dash` },
    subtitle: { value: typesetText(deck.charAt(0).toUpperCase() + deck.slice(1)), origin: `${origin}, after the dash` },
  };
}

/** The text's lines as Markdown paragraphs, escaped by remark-stringify so each reads back as written. */
function paragraphs(lines: Line[]): string {
  const tree: Root = { type: 'root', children: lines.map((line) => ({ type: 'paragraph', children: [{ type: 'text', value: line.text }] })) };
  return unified().use(remarkStringify).stringify(tree);
}
