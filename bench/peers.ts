/**
 * The peers Imprint is measured against, on the same inputs: pandoc from Debian (EPUB), and
 * md-to-pdf and @vivliostyle/cli from npm, installed into a scratch folder outside the project
 * (never as its dependencies) and pointed at the same Chromium. A peer that cannot be had is
 * skipped, and the results say why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The npm peers, at the versions the issue measured. */
export const NPM_PEERS = { 'md-to-pdf': '5.2.5', '@vivliostyle/cli': '11.3.3' } as const;

export interface Peers {
  pandoc?: { command: string; version: string };
  mdToPdf?: { command: string; version: string };
  vivliostyle?: { command: string; version: string };
  /** Why a peer is missing, for the results. */
  skipped: string[];
}

function firstLine(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : undefined;
}

/** Finds pandoc (installing Debian's when root), and installs the npm peers into `folder` once. */
export async function preparePeers(folder = path.join(os.tmpdir(), 'imprint-bench-peers'), log: (line: string) => void): Promise<Peers> {
  const peers: Peers = { skipped: [] };

  let pandoc = firstLine('pandoc', ['--version']);
  if (!pandoc && process.getuid?.() === 0 && firstLine('sh', ['-c', 'command -v apt-get'])) {
    log('installing pandoc with apt-get');
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'pandoc'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    pandoc = firstLine('pandoc', ['--version']);
  }
  if (pandoc) peers.pandoc = { command: 'pandoc', version: pandoc.replace(/^pandoc\s+/, '') };
  else peers.skipped.push('pandoc: not installed (Debian: `apt-get install pandoc`)');

  const bin = (name: string) => path.join(folder, 'node_modules', '.bin', name);
  if (!existsSync(bin('md-to-pdf')) || !existsSync(bin('vivliostyle'))) {
    log(`installing ${Object.entries(NPM_PEERS).map(([name, version]) => `${name}@${version}`).join(' and ')} into ${folder}`);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'package.json'), '{ "private": true }\n');
    const install = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.entries(NPM_PEERS).map(([name, version]) => `${name}@${version}`)],
      // Their Puppeteer and Playwright must not download browsers: they use the system's Chromium.
      { cwd: folder, encoding: 'utf8', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
    );
    if (install.status !== 0) log(`npm install of the peers failed: ${(install.stderr || install.stdout).trim().split('\n').slice(-2).join(' ')}`);
  }
  const mdToPdf = existsSync(bin('md-to-pdf')) ? firstLine(bin('md-to-pdf'), ['--version']) : undefined;
  if (mdToPdf) peers.mdToPdf = { command: bin('md-to-pdf'), version: mdToPdf };
  else peers.skipped.push(`md-to-pdf ${NPM_PEERS['md-to-pdf']}: could not be installed from npm into ${folder}`);
  const vivliostyle = existsSync(bin('vivliostyle')) ? firstLine(bin('vivliostyle'), ['--version']) : undefined;
  if (vivliostyle) peers.vivliostyle = { command: bin('vivliostyle'), version: vivliostyle.replace(/^cli:\s*/, '') };
  else peers.skipped.push(`@vivliostyle/cli ${NPM_PEERS['@vivliostyle/cli']}: could not be installed from npm into ${folder}`);
  return peers;
}
