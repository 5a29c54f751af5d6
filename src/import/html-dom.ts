/**
 * The DOM Readability reads a page in: linkedom. Compared with jsdom on Mozilla's own 130 test
 * pages (test/test-pages of mozilla/readability) and Imprint's fixtures, Readability gives the same
 * article text on every page, the same metadata, and the same element structure on all but one
 * (`clean-links`, where a `javascript:` link's text becomes a text node in jsdom and a `<span>` in
 * linkedom). linkedom needs 5 packages where jsdom needs 20 and loads in half the time.
 *
 * linkedom's own parser (htmlparser2) does not follow the HTML standard's tree building: a page
 * without `<html>` and `<body>` (a fragment pasted from another tool) gets no body at all, and
 * unclosed `<p>` or stray table content nest where no browser puts them. So parse5 (through
 * hast-util-from-html) builds the tree the standard way, the way Chromium does, and linkedom gets
 * that tree written out whole. With that pass, parsing and Readability together still take half
 * to a third of jsdom's time (median of 9 runs: a 1.1 MB Guardian page 176 ms against 394 ms, a
 * 300 KB New York Times page 106 against 350, a 12 KB blog post 9 against 27). jsdom stays a
 * development dependency, for the test that keeps the two in step (tests/unit/import-html.test.ts).
 *
 * The page is parsed, never run: linkedom has no script engine, no network code and no resource
 * loader at all, so a page's scripts, style sheets, images and frames stay text and attributes.
 * (jsdom would need `runScripts` and `resources` left unset, and a silent virtual console.)
 */
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { DOMParser } from 'linkedom';

/**
 * The DOM of an HTML page, for reading only: nothing in it runs or loads. Given the page's hast
 * tree (already parsed for its attribution), it reads that instead of parsing again, and changes it.
 */
export function parseHtmlPage(html: string | Root): Document {
  const tree = typeof html === 'string' ? fromHtml(html) : html;
  removeInnerComments(tree);
  const standard = toHtml(tree, { allowDangerousHtml: false, allowDangerousCharacters: true });
  // linkedom's own Document type differs from lib.dom's in details Readability does not use.
  return new DOMParser().parseFromString(standard, 'text/html') as unknown as Document;
}

/**
 * Removes the comments inside the page (`<!-- close main -->`, React's `<!-- -->` between two runs
 * of one sentence): notes of the page's makers, never its text, and Readability would cut a
 * paragraph at them. Those outside `<html>` stay: Chrome notes there where it saved the page from.
 */
function removeInnerComments(tree: Root): void {
  visit(tree, 'comment', (_node, index, parent) => {
    if (parent === undefined || index === undefined || parent.type === 'root') return undefined;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
}
