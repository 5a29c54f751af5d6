/**
 * Marks on a build's timeline, written to stderr when IMPRINT_TIMELINE is set: the milliseconds
 * since the process started at which each stage ended, for `npm run bench` and for anyone asking
 * where a build's time goes. Nothing is written, and nearly nothing done, when it is not set.
 */
const enabled = Boolean(process.env.IMPRINT_TIMELINE);

/** Notes that `stage` has just happened. */
export function mark(stage: string): void {
  if (enabled) process.stderr.write(`imprint: timeline ${Math.round(performance.now())} ms: ${stage}\n`);
}
