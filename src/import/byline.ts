/**
 * The attribution a page shows in words: byline lines (`Source: Rednet Author: Liu Kun Editor: Min
 * Meiying 2024-05-06 16:40:15`, `来源：红网 作者：刘坤 编辑：闵美莹`, `Quelle: … Autor: …`), reprint
 * statements (kept verbatim) and the note on the author. Used on text captures and on the visible
 * text of HTML pages alike.
 */
import { dateIndex, findDate } from './dates.ts';
import type { AttributionCandidates } from './model.ts';

/** A line of the capture with its 1-based number. */
export interface Line {
  text: string;
  line: number;
}

type BylineField = 'sourceName' | 'author' | 'editor' | 'published';

/** Byline labels in several languages, by the field they name. Longer labels first, so `责任编辑` wins over `编辑`. */
const LABELS: ReadonlyArray<[string, BylineField]> = [
  ['Responsible editor', 'editor'],
  ['责任编辑', 'editor'],
  ['責任編輯', 'editor'],
  ['Redakteurin', 'editor'],
  ['Redakteur', 'editor'],
  ['Redaktion', 'editor'],
  ['Rédaction', 'editor'],
  ['Published', 'published'],
  ['发布时间', 'published'],
  ['發布時間', 'published'],
  ['Veröffentlicht', 'published'],
  ['Authors', 'author'],
  ['Author', 'author'],
  ['Autorin', 'author'],
  ['Autor', 'author'],
  ['Auteur', 'author'],
  ['Autore', 'author'],
  ['作者', 'author'],
  ['Editors', 'editor'],
  ['Editor', 'editor'],
  ['编辑', 'editor'],
  ['編輯', 'editor'],
  ['Source', 'sourceName'],
  ['Quelle', 'sourceName'],
  ['Fuente', 'sourceName'],
  ['Fonte', 'sourceName'],
  ['来源', 'sourceName'],
  ['來源', 'sourceName'],
];

const LABEL_SOURCE = `(?:^|(?<=\\s))(${LABELS.map(([label]) => label).join('|')})\\s*[:：]\\s*`;
/** A fresh pattern each time: a global regex carries its position from one use to the next. */
const labelPattern = () => new RegExp(LABEL_SOURCE, 'giu');

/** Reprint statements, in the words sites use: the whole line is kept verbatim. */
const STATEMENT = [
  /attach a link to the original|indicate the (?:original )?source|credit the (?:original )?source|reprint(?:ed|ing)? (?:only )?with(?:out)? permission|reproduc\w+ (?:only )?with(?:out)? (?:the )?permission|all rights reserved/i,
  /转载请注明|转载须注明|转载时请注明|未经(?:授权|许可|同意).{0,12}(?:转载|使用|复制)|版权所有|原创(?:文章|稿件).{0,6}转载/u,
  /Nachdruck nur mit|Alle Rechte vorbehalten/i,
];

/** The note on the author, which sites print after the text. */
const AUTHOR_NOTE = /^(?:\(|（)?(?:The author (?:is|was)|The writer (?:is|was)|About the author[:：]|作者(?:系|为|是|單位|单位)|Der Autor ist|Die Autorin ist)/u;

/** `This is Xiangchao Network For original articles…`, `本文系湘潮网原创`: the statement names the publisher. */
const PUBLISHER_IN_STATEMENT = [/^This is (.{2,60}?)\s+(?:For original|original)\b/i, /本文(?:系|为)(.{2,20}?)原创/u];

/** Whether the line is a byline: it begins with a byline label and is short. */
export function isBylineLine(text: string): boolean {
  const first = labelPattern().exec(text);
  return first !== null && first.index === 0 && text.length <= 240;
}

/** Whether the line is a reprint statement. */
export function isStatement(text: string): boolean {
  return STATEMENT.some((pattern) => pattern.test(text));
}

/** Whether the line is a note on the author. */
export function isAuthorNote(text: string): boolean {
  return AUTHOR_NOTE.test(text.trim());
}

/** What a byline line says, field by field, with the line it came from. */
export function parseByline({ text, line }: Line): AttributionCandidates {
  const labels = [...text.matchAll(labelPattern())];
  const found: AttributionCandidates = {};
  const origin = `the byline, line ${line}`;
  labels.forEach((match, index) => {
    const field = LABELS.find(([label]) => label.toLowerCase() === match[1]!.toLowerCase())![1];
    const end = labels[index + 1]?.index ?? text.length;
    let value = text.slice(match.index + match[0].length, end).trim();
    const dateAt = dateIndex(value);
    const date = findDate(value);
    if (date && !found.published) found.published = { value: date, origin };
    if (dateAt >= 0) value = value.slice(0, dateAt).trim();
    if (field === 'published' || value === '') return;
    if (field === 'sourceName') found.sourceName ??= { value, origin };
    else found[field] ??= { value: names(value), origin };
  });
  return found;
}

/** A statement, and the publisher it names when it does. */
export function parseStatement({ text, line }: Line): AttributionCandidates {
  const origin = `the reprint statement, line ${line}`;
  const publisher = PUBLISHER_IN_STATEMENT.map((pattern) => pattern.exec(text.trim())?.[1]).find(Boolean);
  return { statement: { value: text.trim(), origin }, ...(publisher ? { publisher: { value: publisher.trim(), origin } } : {}) };
}

/** Names as a byline lists them: `A, B and C`, `张三、李四`, `张三 李四`. */
export function names(value: string): string[] {
  const parts = value.split(/\s*(?:[,;，；、/]|\s+(?:and|und|et|y|e)\s+|[和与與])\s*/u).map((part) => part.trim()).filter(Boolean);
  // Chinese, Japanese and Korean names separated by spaces are several names.
  return parts.flatMap((part) => (/^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\s]+$/u.test(part) ? part.split(/\s+/) : [part]));
}
