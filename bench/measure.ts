/** Times commands as child processes, as a user would run them: wall time from spawn to exit. */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/** One command to time. */
export interface Command {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** One timed run: wall milliseconds, and the peak RSS of Imprint's own Node process when asked for. */
export interface Run {
  ms: number;
  peakRssMb?: number;
  /** What the command wrote to stdout and stderr. */
  output?: string;
}

const PEAK_RSS_HOOK = new URL('./peak-rss.mjs', import.meta.url);

/** Runs the command once; throws with its output when it fails. */
export async function timeOnce(run: Command, options: { peakRssFile?: string } = {}): Promise<Run> {
  const env = { ...process.env, ...run.env };
  if (options.peakRssFile) {
    // The hook writes the process's own peak RSS when it exits (Node reports it for itself only).
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import ${PEAK_RSS_HOOK.href}`.trim();
    env.IMPRINT_BENCH_RSS_FILE = options.peakRssFile;
    await rm(options.peakRssFile, { force: true });
  }
  const started = performance.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(run.command, run.args, { cwd: run.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (exit) => resolve({ code: exit, output }));
  });
  const ms = performance.now() - started;
  if (code !== 0) {
    throw new Error(`${path.basename(run.command)} ${run.args.join(' ')} exited with ${code}:\n${output.trim().split('\n').slice(-8).join('\n')}`);
  }
  if (!options.peakRssFile) return { ms, output };
  const kb = Number(await readFile(options.peakRssFile, 'utf8'));
  return { ms, peakRssMb: kb / 1024, output };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
