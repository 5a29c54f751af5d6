/**
 * remarkFrontMatterCheck: parses the YAML front matter that remark-frontmatter left in the tree,
 * validates it against the contract, and hands it on as `file.data.matter`.
 *
 * The YAML node stays in the tree so that every position, in the front matter and in the body,
 * is the author's own line and column.
 */
import type { Root, Yaml } from 'mdast';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import * as v from 'valibot';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { FrontMatterSchema, REQUIRED_FIELD_EXAMPLES, type FrontMatter } from '../config.ts';

declare module 'vfile' {
  interface DataMap {
    /** The validated front matter; absent when it is missing or invalid. */
    matter: FrontMatter;
  }
}

const SOURCE = 'imprint';
const RULE = 'front-matter';

/** Reports front matter problems at their place and stores the valid front matter on the file. */
export default function remarkFrontMatterCheck() {
  return (tree: Root, file: VFile): void => {
    const yamlNode = tree.children.find((node): node is Yaml => node.type === 'yaml');
    if (!yamlNode?.position) {
      fail(
        file,
        'The manuscript has no front matter: start it with a `---` line, the fields (at least `title`, `author` and `source`), and another `---` line',
        { line: 1, column: 1 },
      );
      return;
    }

    const lineCounter = new LineCounter();
    const document = parseDocument(yamlNode.value, { lineCounter, prettyErrors: false, uniqueKeys: true });
    // Line 1 of the YAML is the line after the opening `---`.
    const firstLine = yamlNode.position.start.line + 1;
    const toPoint = (offset: number): Point => {
      const { line, col } = lineCounter.linePos(offset);
      return { line: firstLine + line - 1, column: col, offset: undefined };
    };

    if (document.errors.length > 0) {
      for (const error of document.errors) {
        fail(file, `The front matter is not valid YAML: ${firstSentence(error.message)}`, toPoint(error.pos[0]));
      }
      return;
    }

    const fields: unknown = document.toJS() ?? {};
    if (typeof fields !== 'object' || Array.isArray(fields)) {
      fail(file, 'The front matter must be a set of `field: value` lines, such as `title: A title for the reader`', yamlNode.position);
      return;
    }
    const result = v.safeParse(FrontMatterSchema, fields);
    if (result.success) {
      file.data.matter = result.output;
      return;
    }
    for (const issue of result.issues) {
      const keys = (issue.path ?? []).map((item) => String(item.key));
      const place = placeOf(document, keys, toPoint) ?? yamlNode.position;
      fail(file, describe(issue, keys), place);
    }
  };
}

function describe(issue: v.BaseIssue<unknown>, keys: string[]): string {
  const field = keys.join('.');
  if (issue.expected === 'never') {
    return `Unknown front matter field \`${field}\`: check its spelling against the fields the README lists`;
  }
  const example = REQUIRED_FIELD_EXAMPLES[field];
  if (issue.received === 'undefined' && example) {
    return `\`${field}\` is missing from the front matter: add a line such as \`${example}\``;
  }
  return issue.message;
}

/** The place of the deepest YAML node that exists along `keys`: the value itself, or its parent when it is missing. */
function placeOf(
  document: Document,
  keys: string[],
  toPoint: (offset: number) => Point,
): Position | undefined {
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
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
}

function fail(file: VFile, reason: string, place: Point | Position): void {
  const message = file.message(reason, { place, ruleId: RULE, source: SOURCE });
  message.fatal = true;
}
