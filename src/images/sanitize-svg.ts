/**
 * Makes an author's SVG safe to carry in an EPUB (and to inline in the HTML edition) by
 * sanitizing it as SVG: it is parsed, edited as a tree and written again by SVGO, never cleaned
 * with regular expressions. What it removes is what a reading system must not run or fetch, and
 * what EPUBCheck rejects in an SVG content document: the DOCTYPE (OPF-073, HTM-003), scripts,
 * event handlers, `<foreignObject>`, and every reference to anything outside the file. What it
 * keeps is the drawing exactly as drawn (the plugin list, in `svg-plugins.ts`, is explicit).
 *
 * The DOCTYPE goes only after SVGO's parser (sax) has expanded the internal entities the
 * document uses, so Illustrator's `xmlns="&ns_svg;"` becomes the SVG namespace it stands for;
 * sax caps expansion at 512 uses, 4 deep, which stops entity bombs.
 */
import { optimize } from 'svgo';
import { replaceUncarriable } from '../conformance/characters.ts';
import { NotSvgError } from './svg-document.ts';
import { sanitizingConfig } from './svg-plugins.ts';
import type { Removed, Tally } from './svg-removals.ts';
import { svgText } from './svg-text.ts';

export type { RemovalKind, Removed } from './svg-removals.ts';

/** Why an SVG could not be sanitized. */
export type SvgProblem = 'too-large' | 'encoding' | 'entities' | 'malformed' | 'not-svg';

/** The sanitized SVG, or why there is none. Comments, metadata and editor data are dropped silently. */
export type SanitizeResult =
  | { ok: true; svg: string; removed: Removed }
  | { ok: false; problem: SvgProblem; reason: string; line?: number; column?: number };

/** Options of {@link sanitizeSvg}. */
export interface Options {
  /** Largest input accepted, in bytes. Default 16 MiB. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Removals no one needs to hear of: a DOCTYPE or processing instruction is no part of the picture. */
const SILENT_REMOVALS = new Set(['doctype', 'processing-instruction']);

/** What the sanitizer left out that was drawn or linked, as `script (2), event-handler (1)`; empty when nothing was. */
export function reportedRemovals(removed: Removed): string {
  return Object.entries(removed as Record<string, number>)
    .filter(([kind, count]) => count > 0 && !SILENT_REMOVALS.has(kind))
    .map(([kind, count]) => `${kind} (${count})`)
    .join(', ');
}
/** Each entity use re-reads its declared text (up to 512 uses), so that text is capped. */
const MAX_ENTITY_TEXT = 64 * 1024;
/** The declarations SVGO 4's parser registers with sax (lib/parser.js), matched the same way. */
const ENTITY_DECLARATION = /<!ENTITY\s+\S+\s+(?:'[^']*'|"[^"]*")\s*>/g;

/**
 * Sanitizes an SVG given as bytes (its encoding read from a BOM or its XML declaration) or text.
 * Never throws: a document that is not well-formed SVG comes back as a problem to report.
 * The result is UTF-8 text with an XML declaration.
 */
export function sanitizeSvg(input: Uint8Array | string, options: Options = {}): SanitizeResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > maxBytes) return problem('too-large', `The SVG has ${size} bytes, more than the ${maxBytes} accepted`);
  const decoded = svgText(input);
  if (decoded === undefined) return problem('encoding', 'The SVG is not text in the encoding it declares (or UTF-8)');
  // Characters XML forbids would make the file ill-formed in the EPUB (the parser here lets some through).
  const { value: text, count: forbidden } = replaceUncarriable(decoded, 'text');
  const entityText = [...text.matchAll(ENTITY_DECLARATION)].reduce((sum, match) => sum + match[0].length, 0);
  if (entityText > MAX_ENTITY_TEXT) {
    return problem('entities', `The SVG's DOCTYPE declares ${entityText} characters of entities, more than an image needs`);
  }

  const removed: Removed = forbidden > 0 ? { 'forbidden-character': forbidden } : {};
  const tally: Tally = (kind) => {
    removed[kind] = (removed[kind] ?? 0) + 1;
  };
  try {
    const { data } = optimize(text, sanitizingConfig(tally));
    return { ok: true, svg: data, removed };
  } catch (error) {
    return parseProblem(error);
  }
}

function problem(kind: SvgProblem, reason: string, line?: number, column?: number): SanitizeResult {
  return { ok: false, problem: kind, reason, ...(line === undefined ? {} : { line, column }) };
}

/** SVGO reports a parse failure as an `SvgoParserError` (not exported) with `reason`, `line`, `column`. */
function parseProblem(error: unknown): SanitizeResult {
  if (error instanceof NotSvgError) return problem('not-svg', error.message);
  const failure = error as { name?: string; reason?: string; message?: string; line?: number; column?: number };
  const reason = failure.reason ?? failure.message ?? String(error);
  if (failure.name !== 'SvgoParserError') return problem('malformed', `The SVG could not be read: ${reason}`);
  const kind = /entity (count|depth)/i.test(reason) ? 'entities' : 'malformed';
  return problem(kind, `The SVG is not well-formed XML: ${reason}`, failure.line, failure.column);
}
