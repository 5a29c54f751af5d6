/**
 * Finding a Chrome or Chromium to print with, in the order the README gives:
 * PUPPETEER_EXECUTABLE_PATH, a system Chromium, a system Google Chrome (the places
 * @puppeteer/browsers knows for each channel), then a Chrome for Testing in Puppeteer's cache
 * (`imprint`'s setup or `npx @puppeteer/browsers install chrome@stable` puts one there).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../options/errors.ts';

/** Where a browser was found, and by which rule. */
export interface BrowserLocation {
  executablePath: string;
  via: 'PUPPETEER_EXECUTABLE_PATH' | 'system' | 'puppeteer-cache';
}

/** The one-line fix, for the message when no browser is found. */
export const NO_BROWSER_HINT =
  'No Chromium or Chrome found. Install one with `apt-get install chromium` (or run `npm run setup`), ' +
  'download Chrome for Testing with `npx @puppeteer/browsers install chrome@stable --path ~/.cache/puppeteer`, ' +
  'or point PUPPETEER_EXECUTABLE_PATH at a Chrome or Chromium binary.';

/** Chromium as Linux distributions and macOS install it; @puppeteer/browsers knows only Google's Chrome. */
const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser'];
const CHROMIUM_APPS = ['/snap/bin/chromium', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

// @puppeteer/browsers (and the command-line parser it carries) loads only when no Chromium was found.
const browsersLibrary = () => import('@puppeteer/browsers');

/** Finds a browser; undefined when there is none. */
export async function locateBrowser(env: NodeJS.ProcessEnv = process.env): Promise<BrowserLocation | undefined> {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new EnvironmentError(`PUPPETEER_EXECUTABLE_PATH is set to ${fromEnv}, but there is no file there.`);
    return { executablePath: fromEnv, via: 'PUPPETEER_EXECUTABLE_PATH' };
  }
  const system = systemChromium(env) ?? (await systemChrome());
  if (system) return { executablePath: system, via: 'system' };
  const cached = await cachedChrome(env);
  return cached ? { executablePath: cached, via: 'puppeteer-cache' } : undefined;
}

function systemChromium(env: NodeJS.ProcessEnv): string | undefined {
  const folders = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const onPath = CHROMIUM_COMMANDS.flatMap((command) => folders.map((folder) => path.join(folder, command)));
  return [...onPath, ...CHROMIUM_APPS].find((candidate) => existsSync(candidate));
}

async function systemChrome(): Promise<string | undefined> {
  const { Browser, ChromeReleaseChannel, computeSystemExecutablePath } = await browsersLibrary();
  for (const channel of [ChromeReleaseChannel.STABLE, ChromeReleaseChannel.BETA, ChromeReleaseChannel.DEV, ChromeReleaseChannel.CANARY]) {
    try {
      return computeSystemExecutablePath({ browser: Browser.CHROME, channel });
    } catch {
      // Not installed for this channel (or not a platform Chrome ships for): try the next.
    }
  }
  return undefined;
}

/** Where Puppeteer keeps the browsers it downloads. */
export function puppeteerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer');
}

/** The newest Chrome for Testing in Puppeteer's cache. */
async function cachedChrome(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { Browser, getInstalledBrowsers } = await browsersLibrary();
  const installed = await getInstalledBrowsers({ cacheDir: puppeteerCacheDir(env) }).catch(() => []);
  const chromes = installed.filter((browser) => browser.browser === Browser.CHROME && existsSync(browser.executablePath));
  chromes.sort((a, b) => b.buildId.localeCompare(a.buildId, 'en', { numeric: true }));
  return chromes[0]?.executablePath;
}

/**
 * Downloads the stable Chrome for Testing into Puppeteer's cache, for machines with no system
 * browser that may reach Google's download servers; resolves to its executable.
 */
export async function installChrome(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { Browser, ChromeReleaseChannel, detectBrowserPlatform, install, resolveBuildId } = await browsersLibrary();
  const platform = detectBrowserPlatform();
  if (!platform) throw new EnvironmentError(`Chrome for Testing is not made for ${os.platform()} on ${os.arch()}: install Chromium from the system's packages`);
  const buildId = await resolveBuildId(Browser.CHROME, platform, ChromeReleaseChannel.STABLE);
  const installed = await install({ browser: Browser.CHROME, buildId, cacheDir: puppeteerCacheDir(env) });
  return installed.executablePath;
}
