// The image modules on real and hostile files: SVG sanitized as SVG (fixture folders, real SVGs
// from Graphviz, Illustrator and Inkscape, documents that must be refused), image types sniffed
// from bytes, data: URLs decoded. tests/images.test.ts holds the proof that EPUBCheck accepts the
// sanitized real SVGs in an EPUB that Imprint builds, and rejects the originals.
// Regenerate the expected outputs with UPDATE=1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { optimize } from 'svgo';
import { decodeDataUri } from '../../src/images/data-uri.ts';
import { sanitizeSvg, type SanitizeResult } from '../../src/images/sanitize-svg.ts';
import { hasRasterSignature, looksLikeSvg, sniffImageType } from '../../src/images/sniff.ts';
import { ROOT } from '../helpers.ts';

const IMAGES = path.join(ROOT, 'tests', 'fixtures', 'images');
const CASES = path.join(IMAGES, 'sanitize');
const REAL = path.join(IMAGES, 'real');
const UPDATE = Boolean(process.env.UPDATE);
const SVG_NS = 'http://www.w3.org/2000/svg';

// 1×1 images made with ImageMagick (`convert -size 1x1 xc:teal t.EXT`).
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const JPEG_1PX =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAABAAEDAREAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAAB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAVAQEBAAAAAAAAAAAAAAAAAAAGCP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/ABo7So//2Q==';
const GIF_1PX = 'R0lGODlhAQABAPAAAACAgAAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==';
const WEBP_1PX = 'UklGRjgAAABXRUJQVlA4ICwAAACQAQCdASoBAAEAAgA0JaACdLoAA5gA/u8pR8TxdvIb/6MP/xpH/GkfDmAAAA==';

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const text = (value: string) => new TextEncoder().encode(value);

function sanitized(result: SanitizeResult): { svg: string; removed: Record<string, number> } {
  assert.ok(result.ok, result.ok ? '' : `${result.problem}: ${result.reason}`);
  return { svg: result.svg, removed: result.removed as Record<string, number> };
}

/** Compares with the file, or writes it when UPDATE is set. */
async function expectFile(file: string, actual: string): Promise<void> {
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) assert.fail(`${path.relative(ROOT, file)} is missing: run with UPDATE=1 to write it`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, actual);
    return;
  }
  assert.equal(actual, await readFile(file, 'utf8'), path.relative(ROOT, file));
}

/** The drawing of a document: every unprefixed element with its geometry, in document order (read by SVGO). */
const GEOMETRY = ['d', 'points', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'width', 'height', 'viewBox', 'transform', 'preserveAspectRatio'];
function drawing(svg: string): string[] {
  const shapes: string[] = [];
  optimize(svg, {
    plugins: [
      {
        name: 'test:collect',
        fn: () => ({
          element: {
            enter: (node) => {
              if (node.name.includes(':') || node.name === 'metadata') return;
              shapes.push(`${node.name} ${GEOMETRY.map((name) => node.attributes[name] ?? '').join('|')}`);
            },
          },
        }),
      },
    ],
  });
  return shapes;
}

async function realFixtures(): Promise<string[]> {
  return (await readdir(REAL)).filter((name) => name.endsWith('.svg')).sort();
}

describe('sanitizeSvg on fixture folders (input.svg → output.svg, removed.json)', async () => {
  for (const name of (await readdir(CASES)).sort()) {
    it(name, async () => {
      const result = sanitized(sanitizeSvg(await readFile(path.join(CASES, name, 'input.svg'))));
      await expectFile(path.join(CASES, name, 'output.svg'), result.svg);
      await expectFile(path.join(CASES, name, 'removed.json'), `${JSON.stringify(result.removed, null, 2)}\n`);
      assert.deepEqual(sanitized(sanitizeSvg(result.svg)).removed, {}, 'a second pass finds nothing left to remove');
    });
  }
});

describe('sanitizeSvg on hostile documents', () => {
  it('removes scripts, event handlers and foreignObject, whatever the case or namespace', async () => {
    const { svg, removed } = sanitized(sanitizeSvg(await readFile(path.join(CASES, 'script', 'input.svg'))));
    assert.deepEqual(removed, { script: 3, 'event-handler': 3 });
    assert.doesNotMatch(svg, /script|onload|onclick|onmouseover|steal|alert/i);
    const object = sanitized(sanitizeSvg(await readFile(path.join(CASES, 'foreign-object', 'input.svg'))));
    assert.deepEqual(object.removed, { 'foreign-object': 1 });
    assert.doesNotMatch(object.svg, /foreignObject|iframe|onerror|xhtml/);
  });

  it('keeps only same-document references and embedded rasters that are what they declare', async () => {
    const refs = sanitized(sanitizeSvg(await readFile(path.join(CASES, 'external-references', 'input.svg'))));
    assert.doesNotMatch(refs.svg, /evil|other\.svg|gradients\.svg|photo\.jpg|example\.com|javascript|xml:base|<image|<feImage/);
    assert.match(refs.svg, /<use xlink:href="#local" x="50"\/>/);
    assert.match(refs.svg, /xlink:href="#g"/);
    assert.match(refs.svg, /fill="url\(#g2\)"/);
    assert.match(refs.svg, /preserveAspectRatio="xMinYMin meet"/);
    assert.equal(refs.removed['external-reference'], 10);

    const images = sanitized(sanitizeSvg(await readFile(path.join(CASES, 'embedded-images', 'input.svg'))));
    assert.equal((images.svg.match(/<image /g) ?? []).length, 1, 'only the PNG declared as PNG stays');
    assert.match(images.svg, /x="0"[^>]*data:image\/png;base64/);
    assert.deepEqual(images.removed, { 'external-reference': 3 });
  });

  it('reads CSS with css-tree: url() to outside files and @import go, url(#…) and the rest stay', async () => {
    const attribute = sanitized(sanitizeSvg(await readFile(path.join(CASES, 'style-attribute', 'input.svg'))));
    assert.match(attribute.svg, /style="stroke:black;stroke-width:0.5"/);
    assert.match(attribute.svg, /style="fill:url\(#local\)"/);
    assert.doesNotMatch(attribute.svg, /evil|data:|cursor/);
    const element = sanitized(sanitizeSvg(await readFile(path.join(CASES, 'style-element', 'input.svg'))));
    assert.doesNotMatch(element.svg, /@import|x\.css|y\.css|evil|image-set|woff|\\75rl/);
    assert.match(element.svg, /\.keep\{fill:url\(#g\);stroke:black\}/);
    assert.match(element.svg, /@namespace svg url\(http:\/\/www\.w3\.org\/2000\/svg\)/, '@namespace names, it does not fetch');
    assert.match(element.svg, /<!\[CDATA\[ \.a > \.b \{ fill: teal \} \]\]>/, 'a style with nothing to remove is left as written');
    assert.deepEqual(element.removed, { 'external-reference': 5, 'unreadable-css': 1 });
  });

  it('refuses an entity expansion bomb quickly', () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol0 "lol">${lol}]><svg xmlns="${SVG_NS}"><text>&lol9;</text></svg>`;
    const started = performance.now();
    const result = sanitizeSvg(bomb);
    assert.ok(performance.now() - started < 2000);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.problem, 'entities');
  });

  it('refuses wide entities used many times, and entity text beyond what an image needs', () => {
    const wide = sanitizeSvg(`<!DOCTYPE svg [<!ENTITY a "${'x'.repeat(1000)}">]><svg xmlns="${SVG_NS}"><text>${'&a;'.repeat(600)}</text></svg>`);
    assert.equal(!wide.ok && wide.problem, 'entities');
    const huge = sanitizeSvg(`<!DOCTYPE svg [<!ENTITY a "${'x'.repeat(70_000)}">]><svg xmlns="${SVG_NS}"><text>&a;</text></svg>`);
    assert.equal(!huge.ok && huge.problem, 'entities');
  });

  it('expands internal entities and refuses external ones', () => {
    const { svg } = sanitized(sanitizeSvg(`<!DOCTYPE svg [<!ENTITY ns_svg "${SVG_NS}"><!ENTITY c "#c22">]><svg xmlns="&ns_svg;"><rect width="1" height="1" fill="&c;"/></svg>`));
    assert.equal(svg, `<?xml version="1.0" encoding="UTF-8"?><svg xmlns="${SVG_NS}"><rect width="1" height="1" fill="#c22"/></svg>\n`);
    const external = sanitizeSvg(`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="${SVG_NS}"><text>&x;</text></svg>`);
    assert.equal(!external.ok && external.problem, 'malformed');
  });

  it('returns malformed XML, other documents and oversize input as problems, never throwing', () => {
    const broken = sanitizeSvg(`<svg xmlns="${SVG_NS}"><rect></svg>`);
    assert.ok(!broken.ok && broken.problem === 'malformed' && broken.line === 1 && /close tag/i.test(broken.reason));
    for (const input of ['', 'just text', '<html><body/></html>', '<svg xmlns="https://www.w3.org/2000/svg"/>', `<svg:svg xmlns:svg="${SVG_NS}"/>`]) {
      const result = sanitizeSvg(input);
      assert.equal(!result.ok && result.problem, input === 'just text' ? 'malformed' : 'not-svg', input);
    }
    const large = sanitizeSvg(`<svg xmlns="${SVG_NS}"/>`, { maxBytes: 10 });
    assert.equal(!large.ok && large.problem, 'too-large');
    const invalid = sanitizeSvg(new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0xff, 0x3e]));
    assert.equal(!invalid.ok && invalid.problem, 'encoding');
  });

  it('reads the encoding from a BOM or the XML declaration and writes UTF-8', () => {
    const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="${SVG_NS}"><text>caf\u00e9</text></svg>`, 'latin1');
    assert.match(sanitized(sanitizeSvg(latin1)).svg, /^<\?xml version="1.0" encoding="UTF-8"\?>.*<text>café<\/text>/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<svg xmlns="${SVG_NS}"><text>ü</text></svg>`, 'utf16le')]);
    assert.match(sanitized(sanitizeSvg(utf16)).svg, /<text>ü<\/text>/);
  });
});

describe('sanitizeSvg on real SVGs (tests/fixtures/images/real, see SOURCES.md)', async () => {
  for (const name of await realFixtures()) {
    it(name, async () => {
      const original = await readFile(path.join(REAL, name), 'utf8');
      const { svg, removed } = sanitized(sanitizeSvg(await readFile(path.join(REAL, name))));
      await expectFile(path.join(REAL, 'sanitized', name), svg);
      assert.deepEqual(removed, original.includes('<!DOCTYPE') ? { doctype: 1 } : {});
      assert.doesNotMatch(svg, /<!DOCTYPE|<!ENTITY|&ns_|<!--|sodipodi|inkscape:|<metadata|i:extraneous/);
      assert.match(svg, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?><svg xmlns="${SVG_NS}"`));
      assert.deepEqual(drawing(svg), drawing(original), 'every shape, coordinate, viewBox and size as drawn');
      assert.equal(sanitized(sanitizeSvg(svg)).svg, svg, 'sanitizing twice changes nothing');
    });
  }
});

describe('sniffImageType', () => {
  it('names the EPUB core image types from their bytes', async () => {
    assert.equal(await sniffImageType(await readFile(path.join(IMAGES, 'gradient.png'))), 'image/png');
    assert.equal(await sniffImageType(bytes(PNG_1PX)), 'image/png');
    assert.equal(await sniffImageType(bytes(JPEG_1PX)), 'image/jpeg');
    assert.equal(await sniffImageType(bytes(GIF_1PX)), 'image/gif');
    assert.equal(await sniffImageType(bytes(WEBP_1PX)), 'image/webp');
    assert.equal(await sniffImageType(await readFile(path.join(IMAGES, 'diagram.svg'))), 'image/svg+xml');
    for (const name of await realFixtures()) assert.equal(await sniffImageType(await readFile(path.join(REAL, name))), 'image/svg+xml', name);
  });

  it('says nothing for what is not an image', async () => {
    for (const value of ['', 'hello', '<html><svg/></html>', '<?xml version="1.0"?><root/>', '<!-- <svg> -->', '<svgx/>', '{"svg": 1}']) {
      assert.equal(await sniffImageType(text(value)), undefined, value);
    }
    assert.equal(await sniffImageType(Buffer.from('%PDF-1.7\n')), undefined);
  });

  it('finds an SVG root past BOM, declaration, comments, instructions and a DOCTYPE with an internal subset', () => {
    const prolog = `\uFEFF\n<?xml version="1.0"?>\n<!-- don't -->\n<?pi x?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd" [\n<!-- it's ] > -->\n<!ENTITY a "]>">\n]>\n`;
    assert.ok(looksLikeSvg(text(`${prolog}<svg xmlns="${SVG_NS}"/>`)));
    assert.ok(looksLikeSvg(text(`<svg:svg xmlns:svg="${SVG_NS}"/>`)));
    assert.ok(!looksLikeSvg(text(`${prolog}<html/>`)));
    assert.ok(!looksLikeSvg(text('<!-- never closed <svg>')));
  });

  it('checks a raster signature synchronously, for SVGO plugins', () => {
    assert.ok(hasRasterSignature(bytes(PNG_1PX), 'image/png'));
    assert.ok(hasRasterSignature(bytes(GIF_1PX), 'image/gif'));
    assert.ok(hasRasterSignature(bytes(JPEG_1PX), 'image/jpeg'));
    assert.ok(!hasRasterSignature(bytes(PNG_1PX), 'image/jpeg'));
    assert.ok(!hasRasterSignature(bytes(WEBP_1PX), 'image/webp'), 'only the rasters an SVG may embed');
  });
});

describe('decodeDataUri', () => {
  it('decodes base64 and gives the declared type; the sniffed type is the caller’s to compare', async () => {
    const png = decodeDataUri(`data:image/png;base64,${PNG_1PX}`);
    assert.ok(png.ok && png.declaredType === 'image/png' && (await sniffImageType(png.bytes)) === 'image/png');
    const mislabelled = decodeDataUri(`data:image/jpeg;base64,${PNG_1PX}`);
    assert.ok(mislabelled.ok);
    assert.equal(mislabelled.declaredType, 'image/jpeg');
    assert.equal(await sniffImageType(mislabelled.bytes), 'image/png');
    for (const [type, data] of [['image/jpeg', JPEG_1PX], ['image/gif', GIF_1PX], ['image/webp', WEBP_1PX]] as const) {
      const decoded = decodeDataUri(`data:${type};base64,${data}`);
      assert.ok(decoded.ok && (await sniffImageType(decoded.bytes)) === type, type);
    }
  });

  it('decodes a percent-encoded SVG', async () => {
    const svg = `<svg xmlns="${SVG_NS}" viewBox="0 0 1 1"><rect width="1" height="1" fill="#0a0"/></svg>`;
    const decoded = decodeDataUri(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    assert.ok(decoded.ok);
    assert.equal(decoded.declaredType, 'image/svg+xml');
    assert.equal(new TextDecoder().decode(decoded.bytes), svg);
    assert.equal(await sniffImageType(decoded.bytes), 'image/svg+xml');
  });

  it('decodes text declared as an image, which sniffing then rejects', async () => {
    const decoded = decodeDataUri('data:image/png,hello%20world');
    assert.ok(decoded.ok && decoded.declaredType === 'image/png');
    assert.equal(await sniffImageType(decoded.bytes), undefined);
  });

  it('says why a URL gives no bytes', () => {
    const problems: Array<[string, string]> = [
      ['data:image/png;base64,iVBORw0K!!!', 'broken-base64'],
      ['data:image/png;base64,A', 'broken-base64'],
      ['data:image/png;base64,', 'empty'],
      ['data:,', 'empty'],
      ['data:image/png;base64', 'unparseable'],
      ['not a url', 'unparseable'],
      ['https://example.com/x.png', 'not-a-data-url'],
    ];
    for (const [url, problem] of problems) {
      const decoded = decodeDataUri(url);
      assert.equal(decoded.ok ? 'ok' : decoded.problem, problem, url);
      assert.ok(decoded.ok || decoded.message.length > 0);
    }
  });
});
