/**
 * A started browser as a build uses it: print a page to PDF, photograph a page, close. Puppeteer
 * launches Chromium (`pipe: true`: no port, and the pipe's end is certain when Chromium exits)
 * under Imprint's own fontconfig and profile folder; the profile goes when the browser does.
 *
 * Up to 12c949a Imprint spawned Chromium itself before loading puppeteer-core and connected over a
 * hand-written pipe transport. The launch itself is no slower this way (open to ready: 968/1094 ms
 * against 1021/1061 ms, medians of 15), but Chromium starts after puppeteer-core's ~130 ms of module
 * evaluation: +96 ms (+2.8 %) on a PDF-only build of the default manuscript (medians of 20, see the
 * README's Performance section), the price of one launcher instead of two.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, PDFOptions } from 'puppeteer-core';
import { EnvironmentError } from '../options/errors.ts';
import { writeFontconfig } from './fontconfig.ts';
import { locateBrowser, NO_BROWSER_HINT, type BrowserLocation } from './locate.ts';
import { lendPages, withinTime } from './pages.ts';
import type { RequestPolicy } from './request-policy.ts';
import { mark } from '../timeline.ts';

/** A layout pass for a page about to print: a function of the page's DOM, and its one argument. */
export interface PrintLayout {
  /** The JavaScript source of a function expression of the argument; self-contained (it brings every helper it calls). */
  script: string;
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

/** How long one page may take to load, print or be photographed, by default. */
export const DEFAULT_PAGE_TIMEOUT_MS = 60_000;
/** How long Chromium may take to answer on its DevTools pipe. */
const START_TIMEOUT_MS = 30_000;
/** The start of every profile folder's name: a test can tell its own browsers by it. */
export const PROFILE_PREFIX = 'imprint-chromium-';

// Beside Puppeteer's own defaults: as root on a closed network Chromium needs no sandbox and must
// not phone home at start; glyph positions must not depend on the machine's hinting.
const IMPRINT_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-component-update', '--font-render-hinting=none'];

/** Starts the browser for a build; aborting `signal` closes it. */
export async function openBrowser(signal?: AbortSignal, pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS): Promise<BrowserSession> {
  const location = await locateBrowser();
  if (!location) throw new EnvironmentError(NO_BROWSER_HINT);
  const profile = await mkdtemp(path.join(os.tmpdir(), PROFILE_PREFIX));
  // Puppeteer kills Chromium when the process exits; the profile is Imprint's to remove.
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  process.on('exit', removeProfile);
  let browser: Browser | undefined;
  try {
    browser = await launch(location, profile);
    mark('Chromium started, Puppeteer connected');
    const session = await sessionFor(browser, location, pageTimeoutMs, async () => {
      process.off('exit', removeProfile);
      await rm(profile, { recursive: true, force: true });
    });
    if (signal?.aborted) await session.close();
    signal?.addEventListener('abort', () => void session.close(), { once: true });
    return session;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    process.off('exit', removeProfile);
    await rm(profile, { recursive: true, force: true });
    if (error instanceof EnvironmentError) throw error;
    throw new EnvironmentError(`Could not start the browser at ${location.executablePath} (found via ${location.via}): ${(error as Error).message.split('\n')[0]}`);
  }
}

async function launch(location: BrowserLocation, profile: string): Promise<Browser> {
  const [fontconfigFile, { default: puppeteer }] = await Promise.all([writeFontconfig(path.join(profile, 'fontconfig')), import('puppeteer-core')]);
  return puppeteer.launch({
    executablePath: location.executablePath,
    pipe: true,
    userDataDir: profile,
    args: IMPRINT_ARGS,
    timeout: START_TIMEOUT_MS,
    // The caller decides what Ctrl-C means (see the CLI): close the browser, discard staged files.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Imprint's fontconfig, never the machine's (see fontconfig.ts).
    env: { ...withoutFontconfigOverrides(process.env), FONTCONFIG_FILE: fontconfigFile },
  });
}

/** The environment without the variables that would point fontconfig elsewhere. */
function withoutFontconfigOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FONTCONFIG_PATH: _path, FONTCONFIG_SYSROOT: _sysroot, FONTCONFIG_FILE: _file, ...rest } = env;
  return rest;
}

async function sessionFor(browser: Browser, location: BrowserLocation, timeout: number, removeProfile: () => Promise<void>): Promise<BrowserSession> {
  const pages = lendPages(browser, timeout);
  const inFront = oneAtATime();
  const product = /chromium/i.test(location.executablePath) ? 'Chromium' : 'Chrome';
  const version = (await browser.version()).replace(/^(?:Headless)?Chrome\//, `${product} `);
  let closing: Promise<void> | undefined;
  return {
    version,
    printToPdf: (fileUrl, options, policy, layout) => pages.use(policy, (page) => printPage(page, fileUrl, { timeout, ...options }, layout)),
    screenshot(fileUrl, size, policy) {
      return pages.use(policy, (page) => photograph(page, fileUrl, size, timeout, inFront));
    },
    close() {
      closing ??= (async () => {
        await pages.settle();
        // Browser.close asks Chromium to quit and Puppeteer kills its process group after; one
        // that does not answer is killed outright: no Chromium outlives a build.
        if (!(await withinTime(browser.close(), 10_000))) browser.process()?.kill('SIGKILL');
        await removeProfile();
      })();
      return closing;
    },
  };
}

/**
 * Photographs a page, in front: under --headless=new a tab in the background commits no frame, so
 * a screenshot of it waits for ever (puppeteer#12712; Puppeteer no longer brings the page to the
 * front itself, puppeteer#13336). A build photographs a cover while another page prints. The
 * screenshot, which has no timeout of its own, is held to the page's. Only one tab can be in front:
 * in a batch two covers are photographed at once, and the one brought forward first would wait in
 * the background, so the photographs of one browser take the front one at a time (`inFront`).
 */
async function photograph(page: Page, fileUrl: string, size: { width: number; height: number }, timeout: number, inFront: InFront): Promise<Uint8Array> {
  await page.setViewport({ ...size, deviceScaleFactor: 1 });
  await page.goto(fileUrl, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return inFront(async () => {
    await page.bringToFront();
    const shot = page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...size } });
    if (!(await withinTime(shot, timeout))) throw Object.assign(new Error('The screenshot did not finish'), { name: 'TimeoutError' });
    return shot;
  });
}

type InFront = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs the tasks it is given one after the other, whatever becomes of each. */
function oneAtATime(): InFront {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
}

async function printPage(page: Page, fileUrl: string, options: PDFOptions, layout: PrintLayout | undefined): Promise<Uint8Array> {
  await page.goto(fileUrl, { waitUntil: 'load' });
  mark('print page loaded');
  // Every face the page declares, loaded: Chromium loads a face when the document's text uses it,
  // never for a page margin box (an italic running head would print as boxes).
  // (Not FontFaceSet.forEach: with scripts off, the page runs no Web IDL callback.)
  await page.evaluate(() => Promise.allSettled(Array.from(document.fonts, (face) => face.load())).then(() => undefined));
  mark('fonts loaded');
  if (!layout) return page.pdf(options);
  await page.emulateMediaType('print');
  try {
    layout.report(await page.evaluate(`(${layout.script})(${JSON.stringify(layout.argument)})`));
    mark('pages made');
    const pdf = await page.pdf(options);
    mark('printed by Chromium');
    return pdf;
  } finally {
    await page.emulateMediaType();
  }
}
