#!/usr/bin/env node
// Gets a checkout from nothing to ready: Node packages, a browser, and with --test the tools the
// tests read the editions back with. Plain JavaScript, because it runs before node_modules exists.
// On a machine that has everything it does no network work: each step first checks, then installs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const forTests = process.argv.includes('--test');

/** Debian packages the test suite reads the editions back with, and how to tell they are there. */
const TEST_TOOLS = [
  { apt: 'poppler-utils', present: () => onPath('pdfinfo') && onPath('pdftotext') && onPath('pdffonts') && onPath('pdftoppm') },
  { apt: 'qpdf', present: () => onPath('qpdf') },
  { apt: 'epubcheck', present: () => existsSync('/usr/share/java/epubcheck.jar') && onPath('java') },
  // calibre's ebook-convert is the route to Kindle formats: the EPUB's styles must survive it.
  { apt: 'calibre', present: () => onPath('ebook-convert') && onPath('ebook-meta') },
  // mutool trace shows every glyph drawn: the hyphens a printed line ends with.
  { apt: 'mupdf-tools', present: () => onPath('mutool') },
];

function say(line) {
  process.stderr.write(`setup: ${line}\n`);
}

function stop(line) {
  say(line);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  return result.status === 0;
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function canUseApt() {
  return process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get');
}

let aptUpdated = false;
function aptInstall(packages) {
  say(`installing ${packages.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    aptUpdated = run('apt-get', ['update', '-qq'], { env });
  }
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

function installNodePackages() {
  const lock = createHash('sha256').update(readFileSync(path.join(root, 'package-lock.json'))).digest('hex');
  const stamp = path.join(root, 'node_modules', '.imprint-installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) return;
  say('installing Node packages (npm ci)');
  // .puppeteerrc.cjs keeps Puppeteer from downloading a browser here; the next step finds one.
  // DAISY Ace (a test tool) depends on Electron, whose binary the tests never use.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PUPPETEER_SKIP_DOWNLOAD: 'true' };
  if (!run('npm', ['ci', '--no-audit', '--no-fund'], { env })) stop('`npm ci` failed: see the lines above.');
  writeFileSync(stamp, lock);
}

async function ensureBrowser() {
  const { register } = await import('tsx/esm/api');
  register();
  const { installChrome, locateBrowser } = await import('../src/browser/locate.ts');
  let found = await locateBrowser();
  if (!found) {
    if (canUseApt()) {
      if (!aptInstall(['chromium'])) say('apt-get could not install chromium; trying Chrome for Testing');
    }
    found = await locateBrowser();
  }
  if (!found) {
    say('downloading Chrome for Testing into Puppeteer\'s cache');
    await installChrome().catch((error) => say(`the download failed: ${error.message}`));
    found = await locateBrowser();
  }
  if (!found) {
    stop(
      'no browser found and none could be installed. Run `apt-get install chromium` as root, ' +
        'or `npx @puppeteer/browsers install chrome@stable --path ~/.cache/puppeteer`, or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium binary.',
    );
  }
  say(`browser: ${found.executablePath} (found via ${found.via})`);
}

function ensureTestTools() {
  const missing = TEST_TOOLS.filter((tool) => !tool.present()).map((tool) => tool.apt);
  if (missing.length === 0) return;
  if (!canUseApt() || !aptInstall(missing) || TEST_TOOLS.some((tool) => !tool.present())) {
    stop(`the tests need ${missing.join(', ')}: install them (Debian: \`apt-get install ${missing.join(' ')}\`) and run again.`);
  }
}

function compile() {
  // The bundle in dist/ is what `imprint` runs; an edited checkout falls back to the sources.
  if (!run(process.execPath, [path.join(root, 'scripts', 'compile.mjs')])) stop('bundling the CLI into dist/ failed: see the lines above.');
}

installNodePackages();
compile();
await ensureBrowser();
if (forTests) ensureTestTools();
