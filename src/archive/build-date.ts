/**
 * The date stamped into every edition, chosen by the reproducible-builds convention so that
 * rebuilding a manuscript never changes its files: never the wall clock.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError } from '../options/errors.ts';

const execFileAsync = promisify(execFile);

/** The build date and the rule that chose it (recorded in the manifest). */
export interface BuildDate {
  date: Date;
  from: 'SOURCE_DATE_EPOCH' | 'git' | 'front matter' | 'file time';
}

/**
 * SOURCE_DATE_EPOCH when set; else the newest git commit that touched the manuscript; else its
 * original date (`source.published`, or `date`); else the file's modification time.
 */
export async function chooseBuildDate(env: NodeJS.ProcessEnv, filePath: string, original: string | undefined): Promise<BuildDate> {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new EnvironmentError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${epoch}"`);
    return { date: new Date(Number(epoch) * 1000), from: 'SOURCE_DATE_EPOCH' };
  }
  const committed = await lastCommitTime(filePath);
  if (committed) return { date: committed, from: 'git' };
  if (original) return { date: new Date(original), from: 'front matter' };
  return { date: (await stat(filePath)).mtime, from: 'file time' };
}

async function lastCommitTime(filePath: string): Promise<Date | undefined> {
  try {
    const { stdout } = await execFileAsync('git', ['log', '-1', '--format=%ct', '--', path.basename(filePath)], {
      cwd: path.dirname(path.resolve(filePath)),
      timeout: 10_000,
    });
    const seconds = Number(stdout.trim());
    return stdout.trim() !== '' && Number.isInteger(seconds) ? new Date(seconds * 1000) : undefined;
  } catch {
    // No git, not a repository, or the file is not tracked: the next rule decides.
    return undefined;
  }
}
