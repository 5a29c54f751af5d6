/**
 * The one owner of a browser's lifetime. A build, a batch of builds and a live preview each make
 * one pool, share it with everything they run, and close it in `finally` (or on abort): the
 * browser starts on first need (at once for a PDF, for an EPUB only when its cover is not in the
 * cache) and Chromium's start-up overlaps the loading of the pipeline.
 */
import { DEFAULT_PAGE_TIMEOUT_MS, openBrowser, type BrowserSession } from './session.ts';

/** How a pool starts its browser. */
export interface BrowserPoolOptions {
  /** Aborting it closes the browser. */
  signal?: AbortSignal | undefined;
  /** Milliseconds one page may take. */
  pageTimeoutMs?: number;
  /** A browser the caller owns: lent out, never closed by the pool. */
  borrowed?: BrowserSession | undefined;
}

/** A browser started once, on first need, for everything its owner runs. */
export class BrowserPool {
  readonly #options: BrowserPoolOptions;
  #session: Promise<BrowserSession> | undefined;
  #closed = false;

  constructor(options: BrowserPoolOptions = {}) {
    this.#options = options;
  }

  /** The browser, started on the first call. */
  get(): Promise<BrowserSession> {
    if (this.#closed) return Promise.reject(new Error('The browser pool is closed'));
    if (!this.#session) {
      const { borrowed, signal, pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS } = this.#options;
      this.#session = borrowed ? Promise.resolve(borrowed) : openBrowser(signal, pageTimeoutMs);
      // Awaited where it is used; a failed start that nobody awaited yet is not an unhandled rejection.
      this.#session.catch(() => undefined);
    }
    return this.#session;
  }

  /** Starts the browser without waiting for it, so the caller's own work goes on meanwhile. */
  warm(): void {
    void this.get().catch(() => undefined);
  }

  /** Closes the browser if this pool started one; a borrowed browser stays open. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const session = this.#session;
    if (!session || this.#options.borrowed) return;
    await session.then((browser) => browser.close(), () => undefined);
  }
}
