/**
 * The only module that touches Chromium and Puppeteer: finds a Chromium or Chrome, starts it once,
 * prints and photographs pages with it, and closes it — also when the build fails.
 *
 * Chromium is spawned here directly, before Puppeteer is even loaded, and Puppeteer connects to it
 * once both are ready: the browser's start-up then overlaps the loading of the pipeline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport, Page, PDFOptions } from 'puppeteer-core';
import { writeFontconfig } from './fontconfig.ts';
import { EnvironmentError } from '../options/errors.ts';

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
const IMPRINT_ARGS = [
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

// What Puppeteer's own launch would add (ChromeLauncher.defaultArgs in puppeteer-core 24): the
// browser is started here, so these are passed here. Tagged PDFs and outlines need the two
// --export/--generate flags.
const PUPPETEER_DEFAULT_ARGS = [
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
  '--export-tagged-pdf',
  '--generate-pdf-document-outline',
  '--force-color-profile=srgb',
  '--allow-pre-commit-input',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-infobars',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-search-engine-choice-screen',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--enable-automation',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
];

/** How long Chromium may take to answer on its DevTools pipe. */
const START_TIMEOUT_MS = 30_000;

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

/** A layout pass for a page about to print: a function of the page's DOM, and its one argument. */
export interface PrintLayout {
  /** Must be self-contained: it is sent to the page as source text. */
  run: (argument: never) => unknown;
  argument: unknown;
  report: (result: unknown) => void;
}

/** What a build may ask of the browser. */
export interface BrowserSession {
  /** "Chromium 156.0.8078.108", for progress lines and the manifest. */
  version: string;
  /**
   * Loads a local page, inert and sealed by `policy`, and prints it; resolves to the PDF's bytes.
   * A layout pass, when given, runs in the page (in print media) after its fonts load and before
   * it prints; what it returns is handed to `layout.report`.
   */
  printToPdf(fileUrl: string, options: PDFOptions, policy: RequestPolicy, layout?: PrintLayout): Promise<Uint8Array>;
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
  await withinTime(page.close().catch(() => undefined), 5_000);
}

/** Resolves true when `work` settles within `ms`, false when the time ran out first. */
async function withinTime(work: Promise<unknown>, ms: number): Promise<boolean> {
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

/** A started Chromium: its process and the pipe Puppeteer talks to it through. */
interface StartedChromium {
  child: ChildProcess;
  transport: ConnectionTransport & { destroy(): void };
  /** Kills Chromium and all its helpers at once; used when it will not close politely. */
  kill(): void;
}

/**
 * Spawns Chromium with its DevTools protocol on a pipe (fd 3 in, fd 4 out, messages ended by NUL),
 * as Puppeteer's own launcher does with `pipe: true`. A pipe needs no port, and its end is certain
 * when Chromium exits; a WebSocket can wait 30 s for a closing handshake that never comes.
 */
function startChromium(executablePath: string, userDataDir: string, fontconfigFile: string): StartedChromium {
  const args = [...IMPRINT_ARGS, ...PUPPETEER_DEFAULT_ARGS, '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`, 'about:blank'];
  // Its own process group, so that one signal ends the helpers too (as Puppeteer's launcher does).
  const child = spawn(executablePath, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    // Imprint's fontconfig, never the machine's (see browser-fontconfig.ts).
    env: { ...withoutFontconfigOverrides(process.env), FONTCONFIG_FILE: fontconfigFile },
  });
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      if (process.platform === 'win32') child.kill('SIGKILL');
      else process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const toChromium = child.stdio[3] as Writable;
  const fromChromium = child.stdio[4] as Readable;
  let pending = '';
  let closed = false;
  const transport: StartedChromium['transport'] = {
    send(message) {
      if (!closed) toChromium.write(`${message}\0`);
    },
    close() {
      transport.destroy();
    },
    destroy() {
      if (closed) return;
      closed = true;
      toChromium.destroy();
      fromChromium.destroy();
      child.stderr?.destroy();
      transport.onclose?.();
    },
  };
  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk: string) => {
    const messages = (pending + chunk).split('\0');
    pending = messages.pop() ?? '';
    for (const message of messages) transport.onmessage?.(message);
  });
  fromChromium.on('close', () => transport.destroy());
  // A write to a Chromium that died is reported by 'close'; the error itself adds nothing.
  toChromium.on('error', () => undefined);
  fromChromium.on('error', () => undefined);
  return { child, transport, kill };
}

/** The environment without the variables that would point fontconfig elsewhere. */
function withoutFontconfigOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FONTCONFIG_PATH: _path, FONTCONFIG_SYSROOT: _sysroot, FONTCONFIG_FILE: _file, ...rest } = env;
  return rest;
}

/** Rejects when Chromium exits or fails to start before `ready` settles, with what it said. */
function unlessChromiumDies<T>(chromium: StartedChromium, ready: Promise<T>): Promise<T> {
  let said = '';
  chromium.child.stderr?.setEncoding('utf8');
  const listen = (chunk: string) => {
    if (said.length < 20_000) said += chunk;
  };
  chromium.child.stderr?.on('data', listen);
  let onExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined;
  let onError: ((error: Error) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const died = new Promise<never>((_, reject) => {
    onExit = (code, signal) => {
      const last = said.trim().split('\n').slice(-3).join(' | ');
      reject(new Error(`it exited (${signal ?? `code ${code}`}) before it was ready${last ? `: ${last}` : ''}`));
    };
    onError = (error) => reject(error);
    timer = setTimeout(() => reject(new Error(`it did not answer within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    chromium.child.once('exit', onExit);
    chromium.child.once('error', onError);
  });
  return Promise.race([ready, died]).finally(() => {
    clearTimeout(timer);
    chromium.child.off('exit', onExit!);
    chromium.child.off('error', onError!);
    // Chromium keeps logging to stderr: once it is up, the pipe is drained unread (closing it
    // would fail Chromium's writes), until the transport is destroyed with the browser.
    chromium.child.stderr?.off('data', listen);
    chromium.child.stderr?.resume();
  });
}

/** Starts the browser once for a whole build; aborting `signal` closes it. */
export async function openBrowser(signal?: AbortSignal, pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS): Promise<BrowserSession> {
  const location = await locateBrowser();
  if (!location) throw new EnvironmentError(NO_BROWSER_HINT);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'imprint-chromium-'));
  // A build that exits on its own (an error, process.exit) must not leave Chromium behind.
  let killOnExit: (() => void) | undefined;
  const forget = () => {
    if (killOnExit) process.off('exit', killOnExit);
  };
  let chromium: StartedChromium | undefined;
  let session: BrowserSession;
  try {
    const fontconfigFile = await writeFontconfig(path.join(userDataDir, 'fontconfig'));
    chromium = startChromium(location.executablePath, userDataDir, fontconfigFile);
    const started = chromium;
    killOnExit = () => {
      started.kill();
      rmSync(userDataDir, { recursive: true, force: true });
    };
    process.on('exit', killOnExit);
    // Puppeteer loads while Chromium starts.
    const browser = await unlessChromiumDies(
      chromium,
      import('puppeteer-core').then(({ default: puppeteer }) => puppeteer.connect({ transport: started.transport })),
    );
    session = await sessionFor(browser, chromium, location, userDataDir, pageTimeoutMs, forget);
  } catch (error) {
    chromium?.kill();
    chromium?.transport.destroy();
    forget();
    await rm(userDataDir, { recursive: true, force: true });
    throw new EnvironmentError(
      `Could not start the browser at ${location.executablePath} (found via ${location.via}): ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (signal?.aborted) await session.close();
  signal?.addEventListener('abort', () => void session.close(), { once: true });
  return session;
}

/** A prepared page and the policy of whoever holds it now. */
interface SealedPage {
  page: Page;
  policy: RequestPolicy | undefined;
}

async function sessionFor(
  browser: Browser,
  chromium: StartedChromium,
  location: BrowserLocation,
  userDataDir: string,
  timeout: number,
  forget: () => void,
): Promise<BrowserSession> {
  let closing: Promise<void> | undefined;
  // Pages being opened: Puppeteer waits for a new page's target with a 30 s timer that a closed
  // browser never ends, and that timer would keep the process alive, so close() lets them finish.
  const opening = new Set<Promise<unknown>>();
  const prepare = (blank?: Page): Promise<SealedPage> => {
    if (closing) return Promise.reject(new EnvironmentError('The browser was closed while the build still needed a page'));
    const prepared = seal(blank);
    const tracked = prepared.catch(() => undefined).finally(() => opening.delete(tracked));
    opening.add(tracked);
    return prepared;
  };
  const seal = async (blank?: Page): Promise<SealedPage> => {
    const page = blank ?? (await browser.newPage());
    const sealed: SealedPage = { page, policy: undefined };
    // A page that never finishes loading or printing becomes an error, not a hung build.
    page.setDefaultTimeout(timeout);
    page.setDefaultNavigationTimeout(timeout);
    // Inert: no script of the manuscript's runs, and every request passes the holder's policy.
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
  };
  // Every print gets a page that has shown nothing before: a page that printed one document
  // prints the next with other bytes (its font subsets differ), and editions must be reproducible.
  // The first is the blank tab Chromium starts with, sealed at once, while the build still renders
  // its HTML; later ones are opened when asked for. (Keeping a fresh page ready for every print
  // costs a single-page build more than it saves: the page opens while Chromium prints.)
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
  const closingPages = new Set<Promise<void>>();
  const release = (sealed: SealedPage) => {
    sealed.policy = undefined;
    // Closed in the background; the browser's close waits for it.
    const closed = closePage(sealed.page).finally(() => closingPages.delete(closed));
    closingPages.add(closed);
  };
  const use = async <T>(policy: RequestPolicy, work: (page: Page) => Promise<T>): Promise<T> => {
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
  };
  const product = /chromium/i.test(location.executablePath) ? 'Chromium' : 'Chrome';
  const version = (await browser.version()).replace(/^(?:Headless)?Chrome\//, `${product} `);

  return {
    version,
    printToPdf(fileUrl, options, policy, layout) {
      return use(policy, async (page) => {
        await page.goto(fileUrl, { waitUntil: 'load' });
        // Every face the page declares, loaded: Chromium loads a face when the document's text
        // uses it, never for a page margin box (an italic running head would print as boxes).
        // (Not FontFaceSet.forEach: with scripts off, the page runs no Web IDL callback.)
        await page.evaluate(() => Promise.allSettled(Array.from(document.fonts, (face) => face.load())).then(() => undefined));
        if (!layout) return page.pdf({ timeout, ...options });
        await page.emulateMediaType('print');
        try {
          // Sent as text: the function's source, with the name-keeping helper tsx's compiler adds
          // to nested functions defined as a no-op (the page has no such helper).
          layout.report(await page.evaluate(`((__name) => (${layout.run.toString()}))((target) => target)(${JSON.stringify(layout.argument)})`));
          return await page.pdf({ timeout, ...options });
        } finally {
          await page.emulateMediaType();
        }
      });
    },
    screenshot(fileUrl, size, policy) {
      return use(policy, async (page) => {
        await page.setViewport({ ...size, deviceScaleFactor: 1 });
        await page.goto(fileUrl, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...size } });
      });
    },
    close() {
      closing ??= (async () => {
        const exited = new Promise<void>((resolve) => {
          if (chromium.child.exitCode !== null || chromium.child.signalCode !== null) resolve();
          else chromium.child.once('exit', () => resolve());
        });
        await withinTime(Promise.all([...opening, ...closingPages]), 5_000);
        // Browser.close asks Chromium to quit; one that does not is killed: no Chromium outlives a build.
        const closed = (await withinTime(browser.close(), 10_000)) && (await withinTime(exited, 10_000));
        if (!closed) chromium.kill();
        // Helpers that outlive the browser for a moment may hold the pipe open; it is not read any more.
        chromium.transport.destroy();
        forget();
        await rm(userDataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
