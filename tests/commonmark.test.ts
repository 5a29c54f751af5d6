// Input nobody here wrote: every example of the CommonMark spec (the `commonmark-spec` package), built
// (a) as one manuscript and (b) as a book with one chapter per example. Each EPUB must pass EPUBCheck with
// no errors and no warnings, every document in it must be well-formed XML, and the HTML edition must parse
// without a parse5 error. Only HTML and EPUB are built, with a given cover, so no browser starts, and
// EPUBCheck runs once per EPUB; the two builds and checks run side by side.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import type { Definition, Root as MdastRoot } from 'mdast';
import { fromHtml } from 'hast-util-from-html';
import JSZip from 'jszip';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { fromXml } from 'xast-util-from-xml';
import { build, type BuildResult } from '../src/index.ts';
import { epubcheckArgs, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const COVER = path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png');

interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

// The spec writes a tab as `→`; its own test runner replaces it, and so do we.
const EXAMPLES: SpecExample[] = (createRequire(import.meta.url)('commonmark-spec') as { tests: SpecExample[] }).tests.map((example) => ({
  ...example,
  markdown: example.markdown.replace(/→/g, '\t'),
}));

const parser = unified().use(remarkParse).use(remarkGfm);
const parse = (text: string): MdastRoot => parser.parse(text);

/**
 * Keeping one example from swallowing the next. Every example is followed by two blank lines and its
 * successor's `## Example N` heading; a blank line ends paragraphs, tables and HTML blocks of types 6
 * and 7, and an ATX heading at column 0 ends lists, block quotes and indented code. What is left are
 * constructs that only a closing line ends: a fenced code block (```` ``` ```` or `~~~`) and HTML blocks of
 * types 1 to 5 (`<pre`/`<script`/`<style`/`<textarea`, `<!--`, `<?`, `<!X`, `<![CDATA[`). So for each
 * example we try, in order, no closer and then each of these closing lines, and take the first after
 * which a following heading is a top-level heading when parsed as the pipeline parses (micromark with
 * GFM). Only the examples that leave something open get one (126, 127, 137, 139, 173 and 237 in 0.31.2).
 * A fixed closer (a closing fence after every example) would itself open a fence after the examples that
 * close theirs, and a thematic break closes nothing.
 */
const CLOSERS = ['', '`'.repeat(40), '~'.repeat(40), '-->', '?>', ']]>', '>', '</pre>'];

function closerFor(markdown: string): string {
  const closer = CLOSERS.find((candidate) => {
    const last = parse(`${markdown}\n\n${candidate}\n\n## SENTINEL\n`).children.at(-1);
    return last?.type === 'heading' && last.depth === 2 && toString(last) === 'SENTINEL';
  });
  assert.notEqual(closer, undefined, `nothing closes example ${JSON.stringify(markdown)}`);
  return closer!;
}

/**
 * Images. The build refuses, by design, an image it cannot pack: an absolute path (`/url`), a missing
 * file (`train.jpg`), a name without an image extension (`foo`). The spec's examples are about syntax, not
 * files, so every image is pointed at one PNG placed beside the text: inline image destinations and raw
 * `<img src>` values are replaced, and a reference image (`![foo][bar]`) becomes an inline image with the
 * same alt text and the title of the definition it uses, so that definition (which links may share) stays
 * as written. Nothing else in the text changes.
 */
const IMAGE = 'spec-image.png';

function withLocalImages(text: string): string {
  const tree = parse(text);
  const definitions = new Map<string, Definition>();
  visit(tree, 'definition', (node) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node);
  });
  const edits: Array<{ start: number; end: number; value: string }> = [];
  // A link destination starts after `](` or `]:`: `<…>` or a run of non-space characters.
  const destinationAt = (from: number): { start: number; end: number } => {
    let start = from;
    while (/[ \t\n]/.test(text[start] ?? '')) start++;
    if (text[start] === '<') return { start, end: text.indexOf('>', start) + 1 };
    let end = start;
    while (end < text.length && !/[ \t\n)]/.test(text[end]!)) end++;
    return { start, end };
  };
  visit(tree, (node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const source = text.slice(start, end);
    if (node.type === 'image') {
      edits.push({ ...destinationAt(start + source.lastIndexOf('](') + 2), value: IMAGE });
    } else if (node.type === 'imageReference') {
      const definition = definitions.get(node.identifier);
      if (!definition) return;
      const altEnd = node.referenceType === 'full' ? source.lastIndexOf('[') : node.referenceType === 'collapsed' ? source.length - 2 : source.length;
      const title = definition.title == null ? '' : ` "${definition.title.replace(/["\\]/g, '\\$&')}"`;
      edits.push({ start, end, value: `${source.slice(0, altEnd)}(${IMAGE}${title})` });
    } else if (node.type === 'html') {
      for (const match of node.value.matchAll(/(<img\b[^>]*?\bsrc\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi)) {
        const at = start + match.index + match[1]!.length;
        edits.push({ start: at, end: at + match[2]!.length, value: `"${IMAGE}"` });
      }
    }
  });
  let result = text;
  let limit = Infinity;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    if (edit.end > limit) continue; // nested in an edit already made
    result = result.slice(0, edit.start) + edit.value + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

const FRONT_MATTER = '---\ntitle: CommonMark spec examples\nauthor: John MacFarlane\noriginal: true\n---\n';

/** (a) Every example in one manuscript, under `## Example N`, closed off as described above. */
function specManuscript(): string {
  const parts = EXAMPLES.map((example) => {
    const closer = closerFor(example.markdown);
    return `## Example ${example.number}\n\n${example.markdown}\n\n${closer ? `${closer}\n\n` : ''}`;
  });
  return withLocalImages(`${FRONT_MATTER}\n${parts.join('\n')}`);
}

const chapterName = (example: SpecExample) => `example-${String(example.number).padStart(3, '0')}.md`;

/**
 * (b) A book, one chapter per example. Each chapter opens with its own front matter (`title: Example N`),
 * so that an example that starts with `---` is read as the spec means it, not as front matter.
 */
async function writeSpecBook(folder: string): Promise<void> {
  const chapters = EXAMPLES.map((example) => `  - ${chapterName(example)}`).join('\n');
  await writeFile(path.join(folder, 'book.yaml'), `title: CommonMark spec examples\nauthor: John MacFarlane\noriginal: true\nchapters:\n${chapters}\n`);
  await copyFile(COVER, path.join(folder, IMAGE));
  for (const example of EXAMPLES) {
    await writeFile(path.join(folder, chapterName(example)), withLocalImages(`---\ntitle: Example ${example.number}\n---\n\n${example.markdown}`));
  }
}

interface EpubcheckMessage {
  ID: string;
  severity: string;
  message: string;
  locations: Array<{ path: string; line: number; column: number }>;
}

/** EPUBCheck's messages (its `--json` report), all severities. */
async function epubcheck(file: string): Promise<EpubcheckMessage[]> {
  const report = `${file}.epubcheck.json`;
  // EPUBCheck exits with 1 when it finds errors; the report is written all the same.
  await execFileAsync('java', epubcheckArgs(file, '--json', report), { maxBuffer: 64 * 1024 * 1024 }).catch(() => undefined);
  return (JSON.parse(await readFile(report, 'utf8')) as { messages: EpubcheckMessage[] }).messages;
}

function describeMessages(messages: EpubcheckMessage[]): string {
  const lines = messages
    .slice(0, 15)
    .map((found) => {
      const where = found.locations[0];
      const more = found.locations.length > 1 ? ` (+${found.locations.length - 1} more)` : '';
      return `${found.severity} ${found.ID} ${found.message}${where ? ` at ${where.path}:${where.line}:${where.column}` : ''}${more}`;
    });
  return `${messages.length} messages:\n${lines.join('\n')}`;
}

interface Edition {
  result: BuildResult;
  epub?: string;
  html?: string;
  messages?: EpubcheckMessage[];
}

async function buildAndCheck(kind: 'manuscript' | 'book'): Promise<Edition> {
  const folder = await tempDir(`imprint-commonmark-${kind}-`);
  const source = path.join(folder, 'source');
  await mkdir(source);
  let input: string;
  if (kind === 'manuscript') {
    input = path.join(source, 'commonmark-spec.md');
    await writeFile(input, specManuscript());
    await copyFile(COVER, path.join(source, IMAGE));
  } else {
    input = source;
    await writeSpecBook(source);
  }
  const result = await build({ input, outDir: path.join(folder, 'out'), formats: ['html', 'epub'], cover: COVER });
  const epub = result.artifacts.find((artifact) => artifact.path.endsWith('.epub'))?.path;
  const html = result.artifacts.find((artifact) => artifact.path.endsWith('.html'))?.path;
  return { result, epub, html, messages: epub ? await epubcheck(epub) : undefined };
}

function buildFailure(result: BuildResult): string {
  return result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map(String)).slice(0, 15).join('\n');
}

// Both builds (and their EPUBCheck runs) start at once; each describe block awaits its own.
const runs = { manuscript: buildAndCheck('manuscript'), book: buildAndCheck('book') };
for (const run of Object.values(runs)) run.catch(() => undefined);

for (const [kind, label] of [
  ['manuscript', `the ${EXAMPLES.length} CommonMark spec examples in one manuscript`],
  ['book', `the ${EXAMPLES.length} CommonMark spec examples as a book, one chapter each`],
] as const) {
  describe(label, () => {
    let edition: Edition;
    before(async () => {
      edition = await runs[kind];
    });

    it('builds HTML and EPUB editions', () => {
      assert.equal(edition.result.ok, true, `the build failed:\n${buildFailure(edition.result)}`);
      assert.ok(edition.epub && edition.html, 'both editions were written');
    });

    it('passes EPUBCheck with 0 errors and 0 warnings', () => {
      assert.ok(edition.messages, 'no EPUB to check: the build failed');
      const problems = edition.messages.filter((found) => ['FATAL', 'ERROR', 'WARNING'].includes(found.severity));
      assert.equal(problems.length, 0, describeMessages(problems));
    });

    it('has only well-formed XML documents (XHTML, OPF, NCX) in the EPUB', async () => {
      assert.ok(edition.epub, 'no EPUB: the build failed');
      const zip = await JSZip.loadAsync(await readFile(edition.epub));
      const documents = Object.keys(zip.files).filter((name) => /\.(xhtml|opf|ncx)$/.test(name));
      assert.ok(documents.some((name) => name.endsWith('.xhtml')), 'the EPUB has XHTML documents');
      const failures: string[] = [];
      for (const name of documents) {
        try {
          fromXml(await zip.file(name)!.async('string'));
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause;
          failures.push(`${name}: ${String(cause ?? error).split('\n')[0]}`);
        }
      }
      assert.deepEqual(failures, [], `${failures.length} documents are not well-formed XML`);
    });

    it('has an HTML edition that parses without parse5 errors', async () => {
      assert.ok(edition.html, 'no HTML edition: the build failed');
      const errors: string[] = [];
      fromHtml(await readFile(edition.html, 'utf8'), {
        onerror: (error) => void errors.push(`${error.line}:${error.column} ${error.ruleId}: ${error.reason}`),
      });
      assert.deepEqual(errors.slice(0, 20), [], `${errors.length} parse errors`);
    });
  });
}
