/**
 * The PDF's pages, made by Imprint (for page-foot footnotes, among others). Chromium has no
 * `float: footnote`, so the pages are made here, in the loaded print page, before it prints: the text flows into a multi-column box whose columns are
 * the size of the page's text block, and Chromium's own fragmentation (the same engine that
 * breaks pages: orphans, widows, avoided breaks, forced breaks) says where each page ends. Each
 * page's content is then cut out of the flow into a box of its own, the notes its references cite
 * at its foot (with `footnotes`), the space they take held back from the text. The print then only
 * follows these boxes, one a page. Every PDF is paginated this way, with notes or without, so
 * that Imprint also decides what Chromium cannot be told: a word hyphenated on a page's last
 * line goes whole to the next page, and a table's parts keep the whole table's columns.
 *
 * The work is done by the functions of pages-make.ts, pages-flow.ts, pages-notes.ts and
 * pages-cut.ts, which run in the page (see BrowserSession.printToPdf) with the page's scripts
 * off. They are sent to it as one script, `paginationScript`: each may use nothing from its
 * module but the functions the page modules export, and the state they share is handed from one
 * to the next in a `Layout`.
 */
import * as cutting from './pages-cut.ts';
import * as flow from './pages-flow.ts';
import * as making from './pages-make.ts';
import * as notes from './pages-notes.ts';
import * as numbering from './pages-number.ts';

/**
 * The pagination as a script for `PrintLayout.script`: the source of a function expression that
 * takes a `PageBox` and returns (a promise of) a `PaginationReport`.
 */
export const paginationScript: string = pageScript(numbering.paginateAndNumber, [cutting, flow, making, notes, numbering]);

/**
 * The source of a function expression that calls `entry` with its one argument, every function
 * the modules export declared beside it. Written from the function objects, never from their
 * names: the bundle may rename a module's functions (and the calls to them with them).
 */
function pageScript(entry: (argument: never) => unknown, modules: ReadonlyArray<Record<string, unknown>>): string {
  const declarations: string[] = [];
  for (const helper of modules.flatMap((module) => Object.values(module))) {
    if (typeof helper !== 'function' || helper === entry) continue;
    const source = String(helper);
    // An arrow function's source has no name to be called by.
    if (!/^(?:async )?function /.test(source)) throw new Error(`A page function must be a function declaration: ${source.slice(0, 60)}`);
    declarations.push(source);
  }
  // tsx's compiler keeps names by wrapping nested functions in a `__name` helper the page has not: here a no-op.
  return `(argument) => {\nconst __name = (target) => target;\n${declarations.join('\n')}\nreturn (${String(entry)})(argument);\n}`;
}
