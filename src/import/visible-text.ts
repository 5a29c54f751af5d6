/**
 * The visible text of a page, line by line, and the attribution its words give (bylines, reprint
 * statements, the note on the author; see byline.ts). The text is what hast-util-to-text renders
 * (the `innerText` algorithm: block elements and `<br>` end lines; `<head>`, scripts, styles,
 * `hidden` elements are not seen). Lines are numbered from 1 over the non-blank lines of that
 * text, each trimmed, in document order: "line 5" is the fifth line of text a reader sees.
 */
import type { Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { isAuthorNote, isBylineLine, isStatement, parseByline, parseStatement, type Line } from './byline.ts';
import { firstFound, put } from './candidate.ts';
import type { AttributionCandidates } from './model.ts';

/** The page's non-blank visible lines, trimmed and numbered from 1. */
export function visibleLines(tree: Root): Line[] {
  return toText(tree)
    .split('\n')
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text, index) => ({ text, line: index + 1 }));
}

/** What the lines say, the first line to give a field winning it (the article's byline comes before the comments'). */
export function visibleTextAttribution(lines: readonly Line[]): AttributionCandidates {
  const found = lines.flatMap((line) => {
    const candidates: AttributionCandidates[] = [];
    if (isBylineLine(line.text)) candidates.push(parseByline(line));
    if (isStatement(line.text)) candidates.push(parseStatement(line));
    if (isAuthorNote(line.text)) {
      const note: AttributionCandidates = {};
      put(note, 'authorNote', line.text, `the note on the author, line ${line.line}`);
      candidates.push(note);
    }
    return candidates;
  });
  return firstFound(found);
}
