/** Ctrl-C and SIGTERM during a command: an abort signal for the library, so Chromium closes and staged files go. */

/** Runs `work` with a signal that aborts on SIGINT or SIGTERM; says whether it was aborted. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{ result?: T; interrupted: boolean }> {
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return { result: await work(interrupt.signal), interrupted: false };
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
    return { interrupted: true };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
