// A fixed edition: byte-identical rebuilds, the manifest, `imprint verify` on good and tampered
// editions, and the structure of the --pdfa PDF.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { fromXml } from 'xast-util-from-xml';
import type { Manifest } from '../src/index.ts';
import { DEFAULT_MANUSCRIPT, ROOT, output, runCli, tempDir } from './helpers.ts';

const ALL_CONSTRUCTS = path.join(ROOT, 'tests', 'fixtures', 'all-constructs.md');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function buildInto(input: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const outDir = await tempDir();
  const run = await runCli(['build', input, '--out', outDir, '--quiet', '--booklet', ...extra], { env });
  assert.equal(run.code, 0, run.stderr);
  return outDir;
}

async function filesOf(folder: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(folder)).filter((name) => !name.startsWith('.')).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(folder, name))] as const)));
}

describe('reproducible builds', () => {
  it('two builds of the same manuscript are byte for byte the same', async () => {
    for (const input of [DEFAULT_MANUSCRIPT, ALL_CONSTRUCTS]) {
      const [first, second] = [await filesOf(await buildInto(input)), await filesOf(await buildInto(input))];
      assert.deepEqual([...first.keys()], [...second.keys()]);
      assert.ok(first.size >= 6, [...first.keys()].join(', '));
      for (const [name, bytes] of first) assert.equal(sha256(second.get(name)!), sha256(bytes), `${path.basename(input)}: ${name}`);
    }
  });

  it('a different SOURCE_DATE_EPOCH changes the dates and nothing else', async () => {
    const early = await buildInto(DEFAULT_MANUSCRIPT, [], { SOURCE_DATE_EPOCH: '1700000000' });
    const late = await buildInto(DEFAULT_MANUSCRIPT, [], { SOURCE_DATE_EPOCH: '1800000000' });
    const [a, b] = [await filesOf(early), await filesOf(late)];
    for (const name of ['micro-corruption.html', 'micro-corruption-cover.png']) assert.deepEqual(a.get(name), b.get(name), name);

    // PDF: the same pages and text; Info and XMP differ only in their dates.
    const info = async (folder: string) => (await output('pdfinfo', ['-isodates', path.join(folder, 'micro-corruption.pdf')])).split('\n');
    const [infoA, infoB] = [await info(early), await info(late)];
    const differing = infoA.filter((line, index) => line !== infoB[index]).map((line) => line.split(':')[0]);
    // The Info dictionary sits in a compressed object stream, so the dates change the size too.
    assert.deepEqual(differing.filter((field) => field !== 'File size'), ['CreationDate', 'ModDate']);
    assert.match(infoA.join('\n'), /CreationDate:\s+2023-11-14T22:13:20/);
    assert.match(infoB.join('\n'), /CreationDate:\s+2027-01-15T08:00:00/);
    const text = async (folder: string) => output('pdftotext', [path.join(folder, 'micro-corruption.pdf'), '-']);
    assert.equal(await text(early), await text(late));
    const xmp = async (folder: string) =>
      (await output('pdfinfo', ['-meta', path.join(folder, 'micro-corruption.pdf')])).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'DATE');
    assert.equal(await xmp(early), await xmp(late));

    // EPUB: every entry the same but the package's dcterms:modified.
    const [zipA, zipB] = await Promise.all([JSZip.loadAsync(a.get('micro-corruption.epub')!), JSZip.loadAsync(b.get('micro-corruption.epub')!)]);
    assert.deepEqual(Object.keys(zipA.files), Object.keys(zipB.files));
    for (const name of Object.keys(zipA.files).filter((entry) => !zipA.files[entry]!.dir)) {
      const [left, right] = [await zipA.file(name)!.async('string'), await zipB.file(name)!.async('string')];
      if (name.endsWith('content.opf')) {
        assert.match(left, /dcterms:modified">2023-11-14T22:13:20Z</);
        assert.match(right, /dcterms:modified">2027-01-15T08:00:00Z</);
        assert.equal(left.replace(/dcterms:modified">[^<]+/, ''), right.replace(/dcterms:modified">[^<]+/, ''));
      } else {
        assert.equal(left, right, name);
      }
    }
  });
});

describe('the manifest and imprint verify', () => {
  let outDir: string;
  let manifest: Manifest;
  before(async () => {
    outDir = await buildInto(DEFAULT_MANUSCRIPT);
    manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
  });

  it('records versions, the build date, the sources and every file with its size and checksum', async () => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.format, 1);
    assert.equal(manifest.imprint, version);
    assert.equal(manifest.node, process.version);
    assert.match(manifest.chromium!, /^(Chromium|Chrome) \d+\.\d+\.\d+\.\d+$/);
    assert.match(manifest.buildDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.ok(['git', 'front matter'].includes(manifest.buildDateFrom));
    assert.equal(manifest.manuscripts.length, 1);
    const [manuscript] = manifest.manuscripts;
    assert.equal(manuscript!.slug, 'micro-corruption');
    assert.equal(manuscript!.sources[0]!.sha256, sha256(await readFile(DEFAULT_MANUSCRIPT)));
    assert.equal(path.resolve(outDir, manuscript!.sources[0]!.path), DEFAULT_MANUSCRIPT);
    assert.deepEqual(manuscript!.attribution.author, ['Liu Kun']);
    assert.equal(manuscript!.attribution.source?.published, '2024-05-06T16:40:15+08:00');
    assert.deepEqual(
      manifest.artifacts.map((artifact) => [artifact.path, artifact.format, artifact.role]),
      [
        ['micro-corruption-booklet.pdf', 'pdf', 'booklet'],
        ['micro-corruption-cover.png', 'png', 'cover'],
        ['micro-corruption.epub', 'epub', 'edition'],
        ['micro-corruption.html', 'html', 'edition'],
        ['micro-corruption.pdf', 'pdf', 'edition'],
      ],
    );
    for (const artifact of manifest.artifacts) {
      const bytes = await readFile(path.join(outDir, artifact.path));
      assert.equal(artifact.bytes, bytes.byteLength);
      assert.equal(artifact.sha256, sha256(bytes));
      assert.equal(artifact.manuscript, 'micro-corruption');
    }
  });

  it('verify passes on a fresh build, one line per file, and as JSON', async () => {
    const run = await runCli(['verify', outDir]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.ok(lines.every((line) => line.startsWith('ok ')), run.stdout);
    const json = await runCli(['verify', outDir, '--json']);
    const report = JSON.parse(json.stdout) as { ok: boolean; files: Array<{ status: string; attribution?: { source?: string } }> };
    assert.equal(report.ok, true);
    assert.equal(report.files.find((file) => file.attribution?.source)?.attribution?.source, 'Rednet (Xiangchao Network), 6 May 2024, 16:40:15 (UTC+08:00)');
  });

  it('verify fails when one byte of the PDF changes', async () => {
    const copy = await tempDir();
    await cp(outDir, copy, { recursive: true });
    const file = path.join(copy, 'micro-corruption.pdf');
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await writeFile(file, bytes);
    const run = await runCli(['verify', copy]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^CHANGED\s+\S+micro-corruption\.pdf: its SHA-256 differs from the manifest$/m);
    assert.equal(run.stdout.match(/^ok /gm)?.length, 4);
  });

  it('verify fails when the EPUB\'s dc:source is edited, even with the manifest checksum rewritten to match', async () => {
    const copy = await tempDir();
    await cp(outDir, copy, { recursive: true });
    const file = path.join(copy, 'micro-corruption.epub');
    const zip = await JSZip.loadAsync(await readFile(file));
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    zip.file('OEBPS/content.opf', opf.replace(/<dc:source>[^<]*<\/dc:source>/, '<dc:source>Another paper</dc:source>'));
    const tampered = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await writeFile(file, tampered);
    const manifestFile = path.join(copy, 'manifest.json');
    const rewritten = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    const entry = rewritten.artifacts.find((artifact) => artifact.path === 'micro-corruption.epub')!;
    entry.sha256 = sha256(tampered);
    entry.bytes = tampered.byteLength;
    await writeFile(manifestFile, JSON.stringify(rewritten, null, 2));

    const run = await runCli(['verify', copy]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^TAMPERED\s+\S+micro-corruption\.epub: source is "Another paper"; the manifest says "Rednet \(Xiangchao Network\), 6 May 2024, 16:40:15 \(UTC\+08:00\)"$/m);
  });

  it('verify fails when an edition is replaced or missing', async () => {
    const copy = await tempDir();
    await cp(outDir, copy, { recursive: true });
    await writeFile(path.join(copy, 'micro-corruption.html'), '<!doctype html><title>Something else</title>');
    await rm(path.join(copy, 'micro-corruption-cover.png'));
    const run = await runCli(['verify', copy]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^CHANGED\s+\S+micro-corruption\.html: its SHA-256 differs from the manifest; title is missing/m);
    assert.match(run.stdout, /^MISSING\s+\S+micro-corruption-cover\.png: listed in the manifest but not found$/m);
  });

  it('prints the attribution a lone file carries', async () => {
    const lone = await tempDir();
    await cp(path.join(outDir, 'micro-corruption.pdf'), path.join(lone, 'handout.pdf'));
    const run = await runCli(['verify', path.join(lone, 'handout.pdf')]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^info\s+\S+handout\.pdf: title: The “micro corruption”.* \| authors: Liu Kun \| editors: Min Meiying \| source: Rednet \(Xiangchao Network\)/m);
  });
});

describe('--pdfa', () => {
  let file: string;
  let document: PDFDocument;
  before(async () => {
    file = path.join(await buildInto(DEFAULT_MANUSCRIPT, ['--pdfa', '--format', 'pdf']), 'micro-corruption.pdf');
    document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  });

  it('passes qpdf --check and embeds every font', async () => {
    assert.match(await output('qpdf', ['--check', file]), /No syntax or stream encoding errors/);
    const fonts = (await output('pdffonts', [file])).trim().split('\n').slice(2);
    assert.ok(fonts.length > 0 && fonts.every((line) => /\s+yes\s+yes\s+yes\s+\d+\s+\d+$/.test(line)));
  });

  it('declares PDF/A-2b in a well-formed, unfiltered XMP packet', () => {
    const stream = document.catalog.lookup(PDFName.of('Metadata'));
    assert.ok(stream instanceof PDFRawStream);
    assert.equal(stream.dict.get(PDFName.of('Filter')), undefined);
    const xmp = new TextDecoder().decode(stream.contents);
    assert.equal(fromXml(xmp).type, 'root');
    assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part><pdfaid:conformance>B<\/pdfaid:conformance>/);
    assert.match(xmp, /xmlns:pdfaid="http:\/\/www.aiim.org\/pdfa\/ns\/id\/"/);
  });

  it('has an sRGB output intent with an ICC profile, a file identifier, printable annotations and no JavaScript', async () => {
    const intents = document.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    const intent = intents.lookup(0, PDFDict);
    assert.equal(intent.get(PDFName.of('S')), PDFName.of('GTS_PDFA1'));
    const profile = intent.lookup(PDFName.of('DestOutputProfile'));
    assert.equal((profile as PDFRawStream).dict.lookup(PDFName.of('N'), PDFNumber).asNumber(), 3);
    assert.match(await output('qpdf', ['--show-object=trailer', file]), /\/ID \[ <[0-9a-f]{32}> <[0-9a-f]{32}> \]/);
    for (const page of document.getPages()) {
      for (const annotation of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) {
        assert.equal(document.context.lookup(annotation, PDFDict).lookup(PDFName.of('F'), PDFNumber).asNumber() & 4, 4);
      }
    }
    assert.match(await output('pdfinfo', [file]), /^JavaScript:\s+no$/m);
    assert.match(await output('pdfinfo', [file]), /^Tagged:\s+yes$/m);
  });
});
