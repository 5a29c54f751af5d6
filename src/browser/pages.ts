/**
 * The pages of a started browser: each one inert (no script of the manuscript runs), sealed by the
 * holder's request policy, bounded in time, and used for one print or photograph only.
 */
import type { Browser, Page } from 'puppeteer-core';
import { EnvironmentError } from '../options/errors.ts';
import { isAllowed, type RequestPolicy } from './request-policy.ts';

/** A prepared page and the policy of whoever holds it now. */
interface SealedPage {
  page: Page;
  policy: RequestPolicy | undefined;
}

/** Lends out sealed pages, one use each, and waits for them before the browser closes. */
export interface PageLender {
  /** Runs `work` on a fresh sealed page under `policy`; a page that runs out of time becomes an EnvironmentError. */
  use<T>(policy: RequestPolicy, work: (page: Page) => Promise<T>): Promise<T>;
  /** Stops lending, and waits (a little) for pages being opened or closed. */
  settle(): Promise<void>;
}

/** Resolves true when `work` settles within `ms`, false when the time ran out first. */
export async function withinTime(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    work.then(() => true, () => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

/**
 * Every print gets a page that has shown nothing before: a page that printed one document prints
 * the next with other bytes (its font subsets differ), and editions must be reproducible. The
 * first is the blank tab Chromium starts with, sealed at once, while the build still renders its
 * HTML; later ones are opened when asked for. (Keeping a fresh page ready for every print costs a
 * single-page build more than it saves: the page opens while Chromium prints.)
 */
export function lendPages(browser: Browser, timeout: number): PageLender {
  let closing = false;
  // Pages being opened: Puppeteer waits for a new page's target with a 30 s timer that a closed
  // browser never ends, and that timer would keep the process alive, so settle() lets them finish.
  const pending = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    const tracked = work.catch(() => undefined).finally(() => pending.delete(tracked));
    pending.add(tracked);
    return work;
  };
  const prepare = (blank?: Page): Promise<SealedPage> => {
    if (closing) return Promise.reject(new EnvironmentError('The browser was closed while the build still needed a page'));
    return track(seal(browser, timeout, blank));
  };
  let spare: Promise<SealedPage> | undefined = browser
    .pages()
    .then((pages) => (pages.length === 1 && pages[0]!.url() === 'about:blank' ? prepare(pages[0]) : prepare()));
  spare.catch(() => undefined);
  const acquire = async (policy: RequestPolicy): Promise<SealedPage> => {
    const ready = spare;
    spare = undefined;
    const sealed = (await ready?.catch(() => undefined)) ?? (await prepare());
    sealed.policy = policy;
    return sealed;
  };
  const release = (sealed: SealedPage) => {
    sealed.policy = undefined;
    // Closed in the background; the browser's close waits for it. After a timed-out navigation
    // with requests still held by the interception, Chromium may never answer: the close is bounded.
    track(withinTime(sealed.page.close().catch(() => undefined), 5_000));
  };
  return {
    async use(policy, work) {
      const sealed = await acquire(policy);
      try {
        return await work(sealed.page);
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') {
          throw new EnvironmentError(`Chromium did not finish loading or printing the page within ${timeout / 1000} s: raise the limit with --timeout SECONDS`);
        }
        throw error;
      } finally {
        release(sealed);
      }
    },
    async settle() {
      closing = true;
      await withinTime(Promise.all([...pending]), 5_000);
    },
  };
}

/** Makes a page inert and bounded, with every request passing its holder's policy. */
async function seal(browser: Browser, timeout: number, blank?: Page): Promise<SealedPage> {
  const page = blank ?? (await browser.newPage());
  const sealed: SealedPage = { page, policy: undefined };
  // A page that never finishes loading or printing becomes an error, not a hung build.
  page.setDefaultTimeout(timeout);
  page.setDefaultNavigationTimeout(timeout);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (sealed.policy && isAllowed(url, sealed.policy)) {
      void request.continue().catch(() => undefined);
    } else {
      sealed.policy?.onBlocked(url);
      void request.abort('blockedbyclient').catch(() => undefined);
    }
  });
  return sealed;
}
