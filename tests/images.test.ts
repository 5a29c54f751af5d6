// The proof that EPUBCheck accepts the real SVGs of tests/fixtures/images/real sanitized, in an EPUB
// that Imprint builds, and rejects the originals. tests/unit/images.test.ts checks the image modules
// themselves on real and hostile files.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import JSZip from 'jszip';
import { build } from '../src/index.ts';
import { sanitizeSvg, type SanitizeResult } from '../src/images/sanitize-svg.ts';
import { epubcheckArgs, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const IMAGES = path.join(ROOT, 'tests', 'fixtures', 'images');
const REAL = path.join(IMAGES, 'real');

function sanitized(result: SanitizeResult): { svg: string; removed: Record<string, number> } {
  assert.ok(result.ok, result.ok ? '' : `${result.problem}: ${result.reason}`);
  return { svg: result.svg, removed: result.removed as Record<string, number> };
}

async function realFixtures(): Promise<string[]> {
  return (await readdir(REAL)).filter((name) => name.endsWith('.svg')).sort();
}

describe('EPUBCheck on an EPUB carrying the real SVGs', () => {
  async function epubcheck(file: string): Promise<string> {
    const run = await execFileAsync('java', epubcheckArgs(file)).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
    );
    return `${run.stdout}\n${run.stderr}`;
  }

  it('accepts them sanitized (0 errors, 0 warnings) and rejects the originals (OPF-073, HTM-003)', async () => {
    const names = await realFixtures();
    const manuscript = await tempDir('imprint-svg-manuscript-');
    const originals = new Map<string, Buffer>();
    const clean = new Map<string, string>();
    const lines = ['---', 'title: T', 'author: A', 'original: true', '---', ''];
    for (const name of names) {
      const original = await readFile(path.join(REAL, name));
      const { svg } = sanitized(sanitizeSvg(original));
      originals.set(name, original);
      clean.set(name, svg);
      await writeFile(path.join(manuscript, name), svg);
      lines.push(`![a drawing from ${name}](${name})`, '');
    }
    const input = path.join(manuscript, 'svg.md');
    await writeFile(input, lines.join('\n'));
    const outDir = await tempDir('imprint-svg-out-');
    await build({ input, outDir, formats: ['epub'], cover: path.join(IMAGES, 'gradient.png') });
    const epub = (await readdir(outDir)).find((name) => name.endsWith('.epub'));
    assert.ok(epub, 'the build wrote an EPUB');
    const file = path.join(outDir, epub);
    const report = await epubcheck(file);
    assert.match(report, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/, report);

    // The same EPUB with each SVG put back as it was: found by content, whatever the build named it.
    const zip = await JSZip.loadAsync(await readFile(file));
    const svgs = Object.values(zip.files).filter((entry) => !entry.dir && entry.name.endsWith('.svg'));
    const swapped = new Set<string>();
    for (const entry of svgs) {
      const inside = sanitizeSvg(await entry.async('uint8array'));
      const name = names.find((candidate) => inside.ok && inside.svg === clean.get(candidate));
      if (!name) continue;
      zip.file(entry.name, originals.get(name)!);
      swapped.add(name);
    }
    assert.deepEqual([...swapped].sort(), names, 'every real SVG is in the EPUB');
    const repacked = new JSZip();
    repacked.file('mimetype', await zip.file('mimetype')!.async('uint8array'), { compression: 'STORE' });
    for (const entry of Object.values(zip.files)) {
      if (entry.dir || entry.name === 'mimetype') continue;
      repacked.file(entry.name, await entry.async('uint8array'));
    }
    const unsafe = path.join(outDir, 'originals.epub');
    await writeFile(unsafe, await repacked.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const rejected = await epubcheck(unsafe);
    const withDoctype = names.filter((name) => originals.get(name)!.includes('<!DOCTYPE')).length;
    assert.equal((rejected.match(/ERROR\(OPF-073\)/g) ?? []).length, withDoctype, rejected);
    assert.match(rejected, /ERROR\(HTM-003\)/);
    assert.doesNotMatch(rejected, /Messages: 0 fatals \/ 0 errors/);
  });
});
