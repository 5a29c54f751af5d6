// The shape of the code base, checked like behaviour: data flows one way between the stage
// folders (dependency-cruiser, rules in .dependency-cruiser.cjs), only the CLI touches the
// process's arguments and exit, every folder says what it is for, and modules stay small.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers.ts';

const execFileAsync = promisify(execFile);
const SRC = path.join(ROOT, 'src');
const MAX_FILE_LINES = 250;
const MAX_FUNCTION_LINES = 60;

const sources = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  .map((name) => ({ name: name.split(path.sep).join('/'), text: readFileSync(path.join(SRC, name), 'utf8') }));

function syntaxOf(source: { name: string; text: string }): ts.SourceFile {
  return ts.createSourceFile(source.name, source.text, ts.ScriptTarget.Latest, true);
}

/** Every node under `root` for which `test` holds, with its 1-based line. */
function find(root: ts.SourceFile, test: (node: ts.Node) => boolean): Array<{ node: ts.Node; line: number }> {
  const found: Array<{ node: ts.Node; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push({ node, line: root.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

describe('the architecture', () => {
  it('passes the dependency rules: no cycles, only browser/ imports Puppeteer, stages never import cli/ or build/', async () => {
    const depcruise = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
    const run = await execFileAsync(depcruise, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /no dependency violations found/);
  });

  it('touches process.argv, process.exit and process.exitCode only in cli/', () => {
    const offenders = sources
      .filter((source) => !source.name.startsWith('cli/'))
      .flatMap((source) =>
        find(
          syntaxOf(source),
          (node) =>
            ts.isPropertyAccessExpression(node) &&
            node.expression.getText() === 'process' &&
            ['argv', 'exit', 'exitCode'].includes(node.name.text),
        ).map(({ node, line }) => `src/${source.name}:${line}: ${node.getText()}`),
      );
    assert.deepEqual(offenders, []);
  });

  it(`keeps every source file within ${MAX_FILE_LINES} lines and every function within ${MAX_FUNCTION_LINES}`, () => {
    const long = sources.flatMap((source) => {
      const lines = source.text.split('\n').length;
      const file = lines > MAX_FILE_LINES ? [`src/${source.name}: ${lines} lines`] : [];
      const root = syntaxOf(source);
      const functions = find(root, (node) => ts.isFunctionLike(node) && 'body' in node && node.body !== undefined)
        .map(({ node, line }) => ({ node, line, length: root.getLineAndCharacterOfPosition(node.getEnd()).line + 2 - line }))
        .filter(({ length }) => length > MAX_FUNCTION_LINES)
        .map(({ line, length }) => `src/${source.name}:${line}: a function of ${length} lines`);
      return [...file, ...functions];
    });
    assert.deepEqual(long, []);
  });

  it('gives every folder of src/ a README that says what lives there and what it may import', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const missing = folders.filter((folder) => !existsSync(path.join(SRC, folder.name, 'README.md'))).map((folder) => `src/${folder.name}/README.md`);
    assert.deepEqual(missing, []);
    for (const folder of folders) {
      const readme = readFileSync(path.join(SRC, folder.name, 'README.md'), 'utf8');
      assert.match(readme, /import/i, `src/${folder.name}/README.md says what the folder may import`);
    }
  });

  it('keeps index.ts to re-exports, each with a doc comment', () => {
    const index = sources.find((source) => source.name === 'index.ts')!;
    const root = syntaxOf(index);
    const statements = root.statements.filter((statement) => !ts.isImportDeclaration(statement));
    const notExports = statements.filter((statement) => !ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined);
    assert.deepEqual(notExports.map((statement) => statement.getText().slice(0, 60)), [], 'only `export … from` statements');
    const documented = (statement: ts.Statement) =>
      (ts.getLeadingCommentRanges(index.text, statement.getFullStart()) ?? []).some((range) => index.text.startsWith('/**', range.pos));
    const undocumented = statements.filter((statement) => !documented(statement));
    assert.deepEqual(undocumented.map((statement) => statement.getText().slice(0, 60)), [], 'a doc comment before every export');
  });
});
