/**
 * Marks on a build's timeline, written to stderr when IMPRINT_TIMELINE is set: the milliseconds
 * since the process started at which each stage ended, and the process's resident memory then,
 * for `npm run bench` and for anyone asking where a build's time and memory go. Nothing is
 * written, and nearly nothing done, when it is not set.
 */
const enabled = Boolean(process.env.IMPRINT_TIMELINE);

/** Notes that `stage` has just happened. */
export function mark(stage: string): void {
  if (!enabled) return;
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  process.stderr.write(`imprint: timeline ${Math.round(performance.now())} ms (${mb(process.memoryUsage.rss())} MB resident, ${mb(heapUsed)} MB heap, ${mb(arrayBuffers)} MB buffers): ${stage}\n`);
}
