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

/** The page's text block, in CSS pixels. */
export interface PageBox {
  width: number;
  height: number;
  /** The largest share of the page the notes may take; what does not fit goes on to the next page. */
  maxNotesShare: number;
  /** Set the notes at the foot of their pages; false leaves them where they are (after each chapter). */
  footnotes: boolean;
}

/** What the pagination did. */
export interface PaginationReport {
  pages: number;
  /** Notes set at the foot of a page. */
  notes: number;
  /** Notes that did not fit and ran on to the next page. */
  carried: number;
  /** Pages (1-based) whose content is taller than the page: something on them cannot be split. */
  overfull: number[];
}

/** Where a page ends: before a node, or inside a text node. */
export type PageBreak = { before: Node } | { text: Text; offset: number };

/** A reference to a note in the text, and the note as it will be set at the foot of the page. */
export interface NoteReference {
  ref: HTMLAnchorElement;
  note: HTMLElement;
}

/** The pagination under way, handed from function to function: the page's script has no module scope to keep it in. */
export interface Layout {
  /** The text block, in CSS pixels. */
  width: number;
  height: number;
  /** The content not yet paged, in columns one text block in size: the first column is the next page. */
  flow: HTMLElement;
  /** The pages made so far, out of the layout until the last is made. */
  pages: HTMLElement;
  /** Where the notes are set as they will be, to be measured. */
  probe: HTMLElement;
  /** The elements a forced break comes before: the margins at their top are kept. */
  forced: Set<Element>;
  window: FlowWindow;
  notes: PageNotes;
}

/**
 * The part of the flow between two forced breaks (a window): later windows stay out of the
 * layout until their turn, so that what follows a forced break starts a page.
 */
export interface FlowWindow {
  /** The elements forced breaks come before, in document order. */
  starts: Element[];
  /** The index in `starts` of the next window's start. */
  next: number;
  /** The elements kept out of the layout now. */
  hidden: Element[];
}

/** The notes to set at the foot of the pages, and how far they are set. */
export interface PageNotes {
  references: NoteReference[];
  /** The most height the notes may take on a page. */
  maxHeight: number;
  /** The notes already set. */
  placed: Set<HTMLElement>;
  /** The index of the first reference whose note is not yet set. */
  nextReference: number;
  /** The part of a note that ran on from the page before, to open this page's notes. */
  carried: Node[];
  /** How many notes ran on. */
  carriedCount: number;
}

/**
 * The pagination as a script for `PrintLayout.script`: the source of a function expression that
 * takes a `PageBox` and returns a `PaginationReport`.
 */
export const paginationScript: string = pageScript(making.paginate, [cutting, flow, making, notes]);

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
    if (!source.startsWith('function ')) throw new Error(`A page function must be a function declaration: ${source.slice(0, 60)}`);
    declarations.push(source);
  }
  // tsx's compiler keeps names by wrapping nested functions in a `__name` helper the page has not: here a no-op.
  return `(argument) => {\nconst __name = (target) => target;\n${declarations.join('\n')}\nreturn (${String(entry)})(argument);\n}`;
}
