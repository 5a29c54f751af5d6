/**
 * The highlighting part of `npm run bench`: a chapter of 100 real listings (this checkout's own
 * TypeScript, JavaScript, CSS, JSON and shell, and Python and C from the machine when it has them)
 * processed in a fresh Node process, with and without highlighting; cold (the grammars loaded
 * first) and warm (the same chapter again).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What the highlight case measured, in milliseconds. */
export interface HighlightTimes {
  listings: number;
  lines: number;
  plain: number;
  cold: number;
  warm: number;
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
export async function measureHighlight(root: string, folder: string): Promise<HighlightTimes> {
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
  await writeFile(file, `---\ntitle: A hundred listings\nauthor: Bench\nsource:\n  name: Bench\n  published: 2024-05-06T16:40:15+08:00\n---\n\n${chapter.join('\n')}`);
  const script = `
    import { readFileSync } from 'node:fs';
    import { VFile } from 'vfile';
    import { processManuscript } from ${JSON.stringify(path.join(root, 'src', 'manuscript', 'process.ts'))};
    const value = readFileSync(${JSON.stringify(file)}, 'utf8');
    const time = async (highlight) => { const start = performance.now(); await processManuscript(new VFile({ path: ${JSON.stringify(file)}, value }), { highlight }); return performance.now() - start; };
    const plain = (await time(false), await time(false));
    const cold = await time(true);
    const warm = await time(true);
    console.log(JSON.stringify({ plain, cold, warm }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the highlight case failed: ${run.stderr}`);
  const times = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Omit<HighlightTimes, 'listings' | 'lines'>;
  return { listings: chapter.length, lines: chapter.join('\n').split('\n').length, ...times };
}
