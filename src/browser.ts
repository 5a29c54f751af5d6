/**
 * The only module that touches Puppeteer: finds a Chromium or Chrome, launches it once, prints
 * pages with it, and closes it — also when the build fails.
 */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, PDFOptions } from 'puppeteer';
import { EnvironmentError } from './errors.ts';

export { EnvironmentError };

/** Where a browser was found, and by which rule. */
export interface BrowserLocation {
  executablePath: string;
  via: 'PUPPETEER_EXECUTABLE_PATH' | 'system' | 'puppeteer-cache';
}

const SYSTEM_BROWSERS: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

const NO_BROWSER_HINT =
  'No Chromium or Chrome found. Install one with `apt-get install chromium` (or run `npm run setup`), ' +
  'let Puppeteer download Chrome with `npx puppeteer browsers install chrome`, ' +
  'or point PUPPETEER_EXECUTABLE_PATH at a Chrome or Chromium binary.';

/**
 * Finds a browser: PUPPETEER_EXECUTABLE_PATH first, then a system Chromium or Chrome, then the
 * Chrome that Puppeteer downloaded into its cache. Returns undefined when there is none.
 */
export async function locateBrowser(env: NodeJS.ProcessEnv = process.env): Promise<BrowserLocation | undefined> {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new EnvironmentError(`PUPPETEER_EXECUTABLE_PATH is set to ${fromEnv}, but there is no file there.`);
    }
    return { executablePath: fromEnv, via: 'PUPPETEER_EXECUTABLE_PATH' };
  }
  const system = (SYSTEM_BROWSERS[process.platform] ?? []).find((candidate) => existsSync(candidate));
  if (system) return { executablePath: system, via: 'system' };
  try {
    const { default: puppeteer } = await import('puppeteer');
    const cached = puppeteer.executablePath();
    if (cached && existsSync(cached)) return { executablePath: cached, via: 'puppeteer-cache' };
  } catch {
    // Puppeteer's own lookup throws when its cache holds no browser: that is "not found", not an error.
  }
  return undefined;
}

// As root on a closed network, Chromium needs no sandbox and must not phone home at start.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
  // No crash reporter: its helper processes outlive the browser and write outside the profile.
  '--disable-breakpad',
  '--disable-crash-reporter',
];

/**
 * What a page may load. Everything else (other files, the network, websockets) is refused and
 * reported: a manuscript from someone else must not read the machine's files or call out.
 */
export interface RequestPolicy {
  /** Folders whose files may load (the page's own folder, the manuscript's, the styles). */
  allowedFolders: string[];
  /** Let `http:`/`https:` requests through (--allow-remote). */
  allowRemote: boolean;
  /** Told about every refused request. */
  onBlocked: (url: string) => void;
}

/** What a build may ask of the browser. */
export interface BrowserSession {
  /** "Chromium 156.0.8078.108", for progress lines and the manifest. */
  version: string;
  /** Loads a local page, inert and sealed by `policy`, and prints it; resolves to the PDF's bytes. */
  printToPdf(fileUrl: string, options: PDFOptions, policy: RequestPolicy): Promise<Uint8Array>;
  /** Loads a local page at the given viewport size and photographs it; resolves to PNG bytes. */
  screenshot(fileUrl: string, size: { width: number; height: number }, policy: RequestPolicy): Promise<Uint8Array>;
  /** Closes the browser and removes its profile; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Closes a page without waiting forever: after a timed-out navigation with requests still held
 * by the interception, Chromium may never answer; the browser's own close ends it then.
 */
async function closePage(page: Page): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    page.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 5_000);
    }),
  ]);
  clearTimeout(timer);
}

function isAllowed(url: string, policy: RequestPolicy): boolean {
  if (url.startsWith('data:')) return true;
  if (/^https?:/i.test(url)) return policy.allowRemote;
  if (!url.startsWith('file:')) return false;
  let file: string;
  try {
    file = realpathSync(fileURLToPath(url));
  } catch {
    // A file that does not exist cannot leak anything, but it is not the page's either.
    return false;
  }
  return policy.allowedFolders.some((folder) => file.startsWith(folder + path.sep));
}

/** How long one page may take to load, print or be photographed, by default. */
export const DEFAULT_PAGE_TIMEOUT_MS = 60_000;

/** Launches the browser once for a whole build; aborting `signal` closes it. */
export async function openBrowser(signal?: AbortSignal, pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS): Promise<BrowserSession> {
  const location = await locateBrowser();
  if (!location) throw new EnvironmentError(NO_BROWSER_HINT);
  const { default: puppeteer } = await import('puppeteer');
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'imprint-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: location.executablePath,
      headless: true,
      userDataDir,
      args: LAUNCH_ARGS,
      // Imprint closes the browser itself on Ctrl-C (see `signal`): Puppeteer's own handlers
      // would exit the process before the build's cleanup runs.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new EnvironmentError(
      `Could not start the browser at ${location.executablePath} (found via ${location.via}): ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const session = await sessionFor(browser, location, userDataDir, pageTimeoutMs);
  if (signal?.aborted) await session.close();
  signal?.addEventListener('abort', () => void session.close(), { once: true });
  return session;
}

async function sessionFor(browser: Browser, location: BrowserLocation, userDataDir: string, timeout: number): Promise<BrowserSession> {
  const openPage = async (policy: RequestPolicy) => {
    const page = await browser.newPage();
    // A page that never finishes loading or printing becomes an error, not a hung build.
    page.setDefaultTimeout(timeout);
    page.setDefaultNavigationTimeout(timeout);
    // Inert: no script of the manuscript's runs, and every request passes the policy.
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (isAllowed(url, policy)) {
        void request.continue().catch(() => undefined);
      } else {
        policy.onBlocked(url);
        void request.abort('blockedbyclient').catch(() => undefined);
      }
    });
    return page;
  };
  const withTimeout = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new EnvironmentError(`Chromium did not finish loading or printing the page within ${timeout / 1000} s: raise the limit with --timeout SECONDS`);
      }
      throw error;
    }
  };
  const product = /chromium/i.test(location.executablePath) ? 'Chromium' : 'Chrome';
  const version = (await browser.version()).replace(/^(?:Headless)?Chrome\//, `${product} `);
  let closing: Promise<void> | undefined;

  return {
    version,
    async printToPdf(fileUrl, options, policy) {
      const page = await openPage(policy);
      try {
        return await withTimeout(async () => {
          await page.goto(fileUrl, { waitUntil: 'load' });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          return page.pdf({ timeout, ...options });
        });
      } finally {
        await closePage(page);
      }
    },
    async screenshot(fileUrl, size, policy) {
      const page = await openPage(policy);
      try {
        return await withTimeout(async () => {
          await page.setViewport({ ...size, deviceScaleFactor: 1 });
          await page.goto(fileUrl, { waitUntil: 'load' });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          return page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...size } });
        });
      } finally {
        await closePage(page);
      }
    },
    close() {
      closing ??= (async () => {
        const child = browser.process();
        let timer: NodeJS.Timeout | undefined;
        const closed = await Promise.race([
          browser.close().then(() => true, () => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), 10_000);
          }),
        ]);
        clearTimeout(timer);
        // A browser that does not close politely is killed: no Chromium outlives a build.
        if (!closed && child && child.exitCode === null) child.kill('SIGKILL');
        await rm(userDataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
