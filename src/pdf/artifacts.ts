/**
 * Marks as artifacts what Chromium draws outside the structure tree. Its tagged PDF leaves the page
 * margin boxes (running head, folio) and some decoration (rules, borders) outside any marked
 * content, so screen readers and structure-order text extraction meet "Page 1 of 3" before the
 * title. PDF/UA wants every piece of content either tagged or an artifact (ISO 14289-1, 7.1):
 * each text object and each painted path drawn outside marked content is wrapped in
 * `/Artifact BMC … EMC`. A text object that holds tagged content (an MCID) is left alone.
 */
import type { ContentEdit, Operation } from './content-stream.ts';

/** Operators that build a path; the first one outside marked content starts a run. */
const PATH_BUILDING: ReadonlySet<string> = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
/** Operators that paint (and end) a path; `n` ends one without painting. */
const PATH_PAINTING: ReadonlySet<string> = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);

const OPEN = '/Artifact BMC\n';
const CLOSE = '\nEMC';

/** Insertions that wrap the untagged text objects and painted paths of one page's content. */
export function artifactEdits(operations: Operation[]): ContentEdit[] {
  const edits: ContentEdit[] = [];
  let depth = 0;
  for (let index = 0; index < operations.length; index++) {
    const { operator } = operations[index]!;
    if (operator === 'BDC' || operator === 'BMC') depth++;
    else if (operator === 'EMC') depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (operator === 'BT') {
      const end = textObjectEnd(operations, index);
      if (end === undefined) break;
      if (!holdsTaggedContent(operations, index, end)) wrap(edits, operations[index]!, operations[end]!);
      index = end;
    } else if (PATH_BUILDING.has(operator)) {
      const end = pathEnd(operations, index);
      if (end === undefined) continue;
      if (PATH_PAINTING.has(operations[end]!.operator)) wrap(edits, operations[index]!, operations[end]!);
      index = end;
    }
  }
  return edits;
}

function wrap(edits: ContentEdit[], first: Operation, last: Operation): void {
  edits.push({ start: first.start, end: first.start, text: OPEN }, { start: last.end, end: last.end, text: CLOSE });
}

/** The index of the ET that closes the text object opened at `start`. */
function textObjectEnd(operations: Operation[], start: number): number | undefined {
  for (let index = start + 1; index < operations.length; index++) if (operations[index]!.operator === 'ET') return index;
  return undefined;
}

/** The index of the operator that ends the path begun at `start` (painting, `n`, or a clip's `n`). */
function pathEnd(operations: Operation[], start: number): number | undefined {
  for (let index = start + 1; index < operations.length; index++) {
    const { operator } = operations[index]!;
    if (PATH_PAINTING.has(operator) || operator === 'n') return index;
    if (!PATH_BUILDING.has(operator) && operator !== 'W' && operator !== 'W*') return undefined;
  }
  return undefined;
}

function holdsTaggedContent(operations: Operation[], start: number, end: number): boolean {
  for (let index = start + 1; index < end; index++) {
    const { operator, operands } = operations[index]!;
    if (operator !== 'BDC') continue;
    const properties = operands[1];
    // Properties named in the resources (`/P /MC0 BDC`) may hold an MCID: taken as tagged.
    if (properties?.type !== 'dict' || properties.entries.has('MCID')) return true;
  }
  return false;
}
