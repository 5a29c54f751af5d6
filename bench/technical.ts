/**
 * The technical part of `npm run bench`: a chapter of 100 real listings (this checkout's own
 * TypeScript, JavaScript, CSS, JSON and shell, and Python and C from the machine when it has them)
 * and a chapter of 100 formulas (tests/fixtures/technical.md's, again and again), each processed
 * (Markdown to hast) in a fresh Node process: the listings with and without highlighting, cold (the
 * grammars loaded first) and warm (the same chapter again); the formulas cold (MathJax loaded) and
 * warm. `node --import tsx bench/technical.ts` runs it alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What the technical cases measured, in milliseconds. */
export interface TechnicalTimes {
  listings: number;
  lines: number;
  plain: number;
  cold: number;
  warm: number;
  formulas: number;
  mathCold: number;
  mathWarm: number;
}

const SOURCES: Array<[folder: string, extension: string, language: string]> = [
  ['src/pdf', '.ts', 'ts'],
  ['src/html', '.ts', 'typescript'],
  ['src/epub', '.ts', 'ts'],
  ['src/import', '.ts', 'ts'],
  ['/usr/lib/python3.11', '.py', 'python'],
  ['/usr/include', '.h', 'c'],
  ['styles', '.css', 'css'],
  ['docs/schemas', '.json', 'json'],
  ['scripts', '.mjs', 'js'],
];

/** Writes the chapter into `folder` and times it; `root` is the checkout. */
export async function measureTechnical(root: string, folder: string): Promise<TechnicalTimes> {
  const listings: Array<{ language: string; code: string }> = [];
  for (const [dir, extension, language] of SOURCES) {
    const absolute = path.resolve(root, dir);
    if (!existsSync(absolute)) continue;
    for (const name of readdirSync(absolute).filter((file) => file.endsWith(extension)).sort().slice(0, 16)) {
      listings.push({ language, code: readFileSync(path.join(absolute, name), 'utf8').split('\n').slice(0, 30).join('\n') });
    }
  }
  // Fewer than 100 sources on this machine: the same real listings again.
  for (let index = 0; listings.length < 100 && listings.length > 0; index++) listings.push(listings[index]!);
  const chapter = listings.slice(0, 100).map(({ language, code }, index) => `Listing ${index + 1}:\n\n\`\`\`\`${language}\n${code}\n\`\`\`\`\n`);
  const file = path.join(folder, 'listings.md');
  const head = '---\ntitle: A hundred\nauthor: Bench\nsource:\n  name: Bench\n  published: 2024-05-06T16:40:15+08:00\n---\n\n';
  await writeFile(file, `${head}${chapter.join('\n')}`);
  const formulas = [...readFileSync(path.join(root, 'tests', 'fixtures', 'technical.md'), 'utf8').matchAll(/\$\$\n([\s\S]*?)\n\$\$|\$([^$\n]+)\$/g)].map((match) => match[1] ?? match[2]!);
  const hundred = Array.from({ length: 100 }, (_, index) => `Formula ${index + 1}:\n\n$$\n${formulas[index % formulas.length]}\n$$\n`);
  const mathFile = path.join(folder, 'formulas.md');
  await writeFile(mathFile, `${head}${hundred.join('\n')}`);
  const script = `
    import { readFileSync } from 'node:fs';
    import { VFile } from 'vfile';
    import { processManuscript } from ${JSON.stringify(path.join(root, 'src', 'manuscript', 'process.ts'))};
    const value = readFileSync(${JSON.stringify(file)}, 'utf8');
    const time = async (highlight) => { const start = performance.now(); await processManuscript(new VFile({ path: ${JSON.stringify(file)}, value }), { highlight }); return performance.now() - start; };
    const plain = (await time(false), await time(false));
    const cold = await time(true);
    const warm = await time(true);
    const mathValue = readFileSync(${JSON.stringify(mathFile)}, 'utf8');
    const typeset = async () => { const start = performance.now(); await processManuscript(new VFile({ path: ${JSON.stringify(mathFile)}, value: mathValue }), { highlight: false }); return performance.now() - start; };
    const mathCold = await typeset();
    const mathWarm = await typeset();
    console.log(JSON.stringify({ plain, cold, warm, mathCold, mathWarm }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the highlight case failed: ${run.stderr}`);
  const times = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Omit<TechnicalTimes, 'listings' | 'lines' | 'formulas'>;
  return { listings: chapter.length, lines: chapter.join('\n').split('\n').length, formulas: hundred.length, ...times };
}

/** The rows `npm run bench` writes into bench/results.md. */
export function technicalTable(times: TechnicalTimes): string[] {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return [
    '| Technical chapter, Markdown to hast in a fresh process | Size | Without | Cold (grammars or MathJax loaded) | Warm |',
    '|---|---|---|---|---|',
    `| ${times.listings} listings, highlighted | ${times.lines} lines | ${ms(times.plain)} | ${ms(times.cold)} | ${ms(times.warm)} |`,
    `| ${times.formulas} display formulas, typeset as SVG | | | ${ms(times.mathCold)} | ${ms(times.mathWarm)} |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const folder = await mkdtemp(path.join(tmpdir(), 'imprint-bench-technical-'));
  process.stdout.write(`${technicalTable(await measureTechnical(path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'), folder)).join('\n')}\n`);
  await rm(folder, { recursive: true, force: true });
}
