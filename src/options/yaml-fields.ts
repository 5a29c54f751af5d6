/**
 * YAML fields checked against a schema, with every problem reported at its line and column: used
 * for a manuscript's front matter, a book's `book.yaml` and a project's config file (JSON is YAML).
 */
import type { Point, Position } from 'unist';
import * as v from 'valibot';
import type { VFile } from 'vfile';
import { isMap, isNode, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { REQUIRED_FIELD_EXAMPLES } from './front-matter.ts';
import { codePointName, firstUncarriable, replaceUncarriable } from '../conformance/characters.ts';
import { reportFatal } from './errors.ts';

const SOURCE = 'imprint';

/** Where the YAML sits in the file: its first line, and the place to blame for what is missing. */
export interface YamlPlace {
  firstLine: number;
  block: Position;
}

/** What the fields are, for the messages; front matter by default. */
export interface FieldsKind {
  ruleId: string;
  /** "Unknown front matter field `x`: …": the whole message for a field the schema does not know. */
  unknownField: (field: string) => string;
  /** The fields sit under these keys (the `imprint` key of a package.json). */
  within?: string[];
}

const FRONT_MATTER: FieldsKind = {
  ruleId: 'front-matter',
  unknownField: (field) => `Unknown front matter field \`${field}\`: check its spelling against the fields the README lists`,
};

/**
 * Parses `yaml` and validates it; returns the output, or undefined after reporting every problem
 * as a fatal message on `file`.
 */
export function checkYamlFields<S extends v.GenericSchema>(
  yaml: string,
  file: VFile,
  place: YamlPlace,
  schema: S,
  kind: FieldsKind = FRONT_MATTER,
): v.InferOutput<S> | undefined {
  const within = kind.within ?? [];
  const fail = (reason: string, at: Point | Position) => reportFatal(file, reason, { place: at, ruleId: kind.ruleId });
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPoint = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: place.firstLine + line - 1, column: col, offset: undefined };
  };
  if (document.errors.length > 0) {
    for (const error of document.errors) fail(`This is not valid YAML: ${firstSentence(error.message)}`, toPoint(error.pos[0]));
    return undefined;
  }
  let fields: unknown;
  try {
    // Aliases are refused outright: an alias bomb ("billion laughs") would expand to gigabytes.
    fields = within.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], document.toJS({ maxAliasCount: 0 })) ?? {};
  } catch (error) {
    fail(`This is not valid YAML: ${firstSentence((error as Error).message)}`, place.block);
    return undefined;
  }
  if (typeof fields !== 'object' || Array.isArray(fields)) {
    fail('The fields must be a set of `field: value` lines, such as `title: A title for the reader`', placeOf(document, within, toPoint) ?? place.block);
    return undefined;
  }
  const result = v.safeParse(schema, fields);
  if (result.success) return withoutUncarriable(result.output, file, firstUncarriableScalar(document, yaml, toPoint) ?? place.block.start);
  for (const issue of result.issues) {
    const keys = (issue.path ?? []).map((item) => String(item.key));
    fail(describe(issue, keys, kind), placeOf(document, [...within, ...keys], toPoint) ?? place.block);
  }
  return undefined;
}

/**
 * The fields with the characters no edition can carry removed (a form feed pasted into a title
 * would make the EPUB's package ill-formed), reported once, where the first one is written.
 */
function withoutUncarriable<T>(fields: T, file: VFile, place: Point): T {
  let count = 0;
  let first: string | undefined;
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const result = replaceUncarriable(value, 'text');
      if (result.count > 0) {
        count += result.count;
        first ??= firstUncarriable(value)!.character;
      }
      return result.value;
    }
    if (Array.isArray(value)) return value.map(clean);
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item)]));
    }
    return value;
  };
  const cleaned = clean(fields) as T;
  if (first === undefined) return fields;
  file.message(
    `${count === 1 ? 'A character' : `${count} characters`} that no edition can carry (${codePointName(first)} first) ${count === 1 ? 'was' : 'were'} removed from the fields`,
    { place, ruleId: 'forbidden-character', source: SOURCE },
  );
  return cleaned;
}

/** Where the first value holding such a character is written: the character itself, or its value's start (an escape like `\f`). */
function firstUncarriableScalar(document: Document, yaml: string, toPoint: (offset: number) => Point): Point | undefined {
  let found: Point | undefined;
  visit(document, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range || !firstUncarriable(node.value)) return undefined;
      const written = firstUncarriable(yaml, node.range[0], node.range[1]);
      found = toPoint(written?.offset ?? node.range[0]);
      return visit.BREAK;
    },
  });
  return found;
}

function describe(issue: v.BaseIssue<unknown>, keys: string[], kind: FieldsKind): string {
  const field = keys.join('.');
  if (issue.expected === 'never') return kind.unknownField(field);
  const example = REQUIRED_FIELD_EXAMPLES[field];
  if (issue.received === 'undefined' && example) {
    return `\`${field}\` is missing from the front matter: add a line such as \`${example}\``;
  }
  return issue.message;
}

/** The place of the deepest YAML node that exists along `keys`: the value itself, or its parent when it is missing. */
function placeOf(document: Document, keys: string[], toPoint: (offset: number) => Point): Position | undefined {
  for (let depth = keys.length; depth >= 0; depth--) {
    const path = keys.slice(0, depth);
    const node = path.length === 0 ? document.contents : document.getIn(path, true);
    if (isNode(node) && node.range) {
      // A missing key is reported at its parent's first line, not across the whole block.
      const end = depth === keys.length || !isMap(node) ? node.range[1] : node.range[0];
      return { start: toPoint(node.range[0]), end: toPoint(end) };
    }
  }
  return undefined;
}

function firstSentence(message: string): string {
  // An alias bomb ("billion laughs") expands to gigabytes; aliases are refused before any expansion.
  if (/Alias resolution is disabled|Excessive alias count/.test(message)) return 'YAML aliases (`*name`) are not allowed in front matter';
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
}

