/**
 * What the SVG sanitizer removes, by kind, and the count of each: the caller warns about them
 * at the image's place, so every plugin that removes something counts it here.
 */

/** What the sanitizer removes and counts, so the caller can warn at the image's place. */
export type RemovalKind =
  | 'doctype'
  | 'processing-instruction'
  | 'script'
  | 'event-handler'
  | 'foreign-object'
  | 'external-reference'
  | 'unreadable-css'
  | 'forbidden-character';

/** How many of each kind were removed; kinds with none are absent. */
export type Removed = Partial<Record<RemovalKind, number>>;

/** Counts one removal of `kind`; handed to every plugin that removes something. */
export type Tally = (kind: RemovalKind) => void;
