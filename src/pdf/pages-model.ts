/**
 * The shapes the page functions (pages-*.ts) share, and what the pagination is asked and reports:
 * types only, so the page modules and the script that carries them import it without a cycle.
 */

/** The page's text block, in CSS pixels. */
export interface PageBox {
  width: number;
  height: number;
  /** The largest share of the page the notes may take; what does not fit goes on to the next page. */
  maxNotesShare: number;
  /** Set the notes at the foot of their pages; false leaves them where they are (after each chapter). */
  footnotes: boolean;
  /** Number the contents list and the page references from the pages made (see pages-number.ts). */
  numbering?: PageNumbering | undefined;
}

/** How a page reference shows its page: `before`, the number (or `unknown`), `after`. */
export interface PageNumbering {
  references: { className: string; before: string; after: string; unknown: string };
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
  /**
   * With `numbering`: the page each numbered target is on, as the contents and references now
   * show it; absent when the numbers did not settle.
   */
  numbers?: Array<[string, number]>;
  /** Whether numbers were written into the page as loaded (its HTML no longer matches what printed). */
  numbersFilled?: boolean;
  /** How many times the pages were made. */
  paginations?: number;
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
  /** The elements kept out of the layout now, each out of the document, a comment in its place. */
  hidden: Array<{ element: Element; place: Comment }>;
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
