// Builds the default manuscript once, with the real Chromium, and reads every edition back
// with the tools a reader or archivist would use.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { build, type BuildResult } from '../src/index.ts';
import { committedDate, DEFAULT_MANUSCRIPT, epubcheckArgs, normalizeText, output, pdfText, seedParagraphs, tempDir, wordsOf, xmlText } from './helpers.ts';

const TITLE = 'The “micro corruption” around the masses is also a “big disaster”';
const AUTHOR_NOTE =
  'The author is the deputy director of the General Affairs Department of the Changsha Center for Disease Control and Prevention (Changsha Health Supervision and Law Enforcement Bureau)';
const STATEMENT = 'This is Xiangchao Network For original articles, please attach a link to the original source and this statement.';
const ATTRIBUTION = ['Rednet', 'Xiangchao Network', 'Liu Kun', 'Min Meiying', '6 May 2024, 16:40:15 (UTC+08:00)', AUTHOR_NOTE, STATEMENT];

describe('building the default manuscript', () => {
  let result: BuildResult;
  let outDir: string;
  const editionPath = (extension: string) => path.join(outDir, `micro-corruption.${extension}`);

  before(async () => {
    outDir = await tempDir();
    result = await build({ input: DEFAULT_MANUSCRIPT, outDir });
  });

  it('writes the three editions without messages', () => {
    assert.equal(result.ok, true);
    assert.deepEqual(result.file.messages, []);
    assert.deepEqual(
      result.artifacts.map((artifact) => [artifact.format, path.basename(artifact.path)]),
      [
        ['html', 'micro-corruption.html'],
        ['pdf', 'micro-corruption.pdf'],
        ['epub', 'micro-corruption.epub'],
        ['png', 'micro-corruption-cover.png'],
      ],
    );
    assert.ok(result.artifacts.every((artifact) => artifact.bytes > 1000));
  });

  it('keeps every paragraph of the article word for word in the PDF, with the attribution', async () => {
    const paragraphs = await seedParagraphs();
    const text = await pdfText(editionPath('pdf'), TITLE, wordsOf(paragraphs.join(' ')));
    assert.equal(paragraphs.length, 5);
    for (const paragraph of paragraphs) {
      assert.ok(text.includes(normalizeText(paragraph)), `PDF lacks: ${paragraph.slice(0, 60)}…`);
    }
    for (const item of ATTRIBUTION) assert.ok(text.includes(normalizeText(item)), `PDF lacks attribution: ${item}`);
    assert.ok(text.includes('Built with Imprint'));
    for (const chrome of ['Current location', 'Share -', 'Read the next article', 'Return to the homepage', 'Moment News']) {
      assert.ok(!text.includes(chrome), `PDF keeps page chrome: ${chrome}`);
    }
  });

  it('writes the PDF Info, A4 pages, tags and page numbers', async () => {
    const info = await output('pdfinfo', [editionPath('pdf')]);
    assert.match(info, /^Author:\s+Liu Kun$/m);
    assert.match(info, /^Title:\s+The “micro corruption” around the masses is also a “big disaster”$/m);
    assert.match(info, /^Subject:\s+.*Rednet/m);
    assert.match(info, /^Keywords:\s+micro corruption, grassroots governance/m);
    assert.match(info, /^Creator:\s+Imprint \d+\.\d+\.\d+$/m);
    assert.match(info, /^Page size:\s+594.96 x 841.92 pts \(A4\)$/m);
    assert.match(info, /^Tagged:\s+yes$/m);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    assert.ok(pages >= 2);
    const raw = await output('pdftotext', [editionPath('pdf'), '-']);
    assert.match(raw, new RegExp(`Page 1 of ${pages}`));
    assert.match(raw, new RegExp(`Page ${pages} of ${pages}`));
  });

  it('embeds every font and passes qpdf --check', async () => {
    const fonts = (await output('pdffonts', [editionPath('pdf')])).trim().split('\n').slice(2);
    assert.ok(fonts.length > 0);
    for (const line of fonts) assert.match(line, /\s+yes\s+yes\s+yes\s+\d+\s+\d+$/, `font not embedded: ${line}`);
    assert.match(await output('qpdf', ['--check', editionPath('pdf')]), /No syntax or stream encoding errors/);
  });

  it('passes EPUBCheck with no errors and no warnings', async () => {
    const report = await output('java', epubcheckArgs(editionPath('epub'))).catch(
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}\n${error.stderr}`,
    );
    assert.match(report, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/, report);
  });

  it('carries the attribution in the EPUB package and on its pages', async () => {
    const zip = await JSZip.loadAsync(await readFile(editionPath('epub')));
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.match(opf, /xml:lang="en"/);
    assert.match(opf, /<dc:title id="title">The “micro corruption” around the masses is also a “big disaster”<\/dc:title>/);
    assert.match(opf, /<dc:creator id="author-1">Liu Kun<\/dc:creator>/);
    assert.match(opf, /<meta property="role" refines="#author-1" scheme="marc:relators">aut<\/meta>/);
    assert.match(opf, /<dc:contributor id="editor-1">Min Meiying<\/dc:contributor>/);
    assert.match(opf, /<meta property="role" refines="#editor-1" scheme="marc:relators">edt<\/meta>/);
    assert.match(opf, /<dc:publisher>Xiangchao Network<\/dc:publisher>/);
    assert.match(opf, /<dc:source>Rednet \(Xiangchao Network\), 6 May 2024, 16:40:15 \(UTC\+08:00\)<\/dc:source>/);
    assert.match(opf, /<dc:date>2024-05-06T16:40:15\+08:00<\/dc:date>/);
    assert.match(opf, /<dc:language>en<\/dc:language>/);
    assert.match(opf, /<dc:rights>Reprinted from Rednet;[^<]*For original articles, please attach a link/);
    assert.doesNotMatch(opf, /All rights reserved/);
    assert.match(opf, /<dc:identifier id="BookId">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);

    const pages = await Promise.all(
      Object.keys(zip.files)
        .filter((name) => name.endsWith('.xhtml'))
        .map((name) => zip.file(name)!.async('string')),
    );
    const text = normalizeText(xmlText(pages.join('\n')));
    for (const paragraph of await seedParagraphs()) assert.ok(text.includes(normalizeText(paragraph)));
    for (const item of ATTRIBUTION) assert.ok(text.includes(normalizeText(item)), `EPUB lacks attribution: ${item}`);
  });

  it('makes a standalone HTML page with meta tags and JSON-LD', async () => {
    const html = await readFile(editionPath('html'), 'utf8');
    assert.doesNotMatch(html, /(src|href)="(?!http:\/\/purl\.org\/dc\/terms\/")(https?:|\/\/)/, 'no external resources');
    assert.match(html, /@font-face/);
    assert.match(html, /<meta name="author" content="Liu Kun">/);
    assert.match(html, /<meta name="dcterms.source" content="Rednet \(Xiangchao Network\), 6 May 2024, 16:40:15 \(UTC\+08:00\)">/);
    assert.match(html, /<meta name="dcterms.created" content="2024-05-06T16:40:15\+08:00">/);
    assert.match(html, /<meta name="dcterms.contributor" content="Min Meiying \(editor\)">/);
    assert.match(html, /<meta name="dcterms.publisher" content="Xiangchao Network">/);
    const data = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!);
    assert.equal(data.author[0].name, 'Liu Kun');
    assert.equal(data.author[0].description, AUTHOR_NOTE);
    assert.equal(data.editor[0].name, 'Min Meiying');
    assert.equal(data.datePublished, '2024-05-06T16:40:15+08:00');
    assert.equal(data.isBasedOn.name, 'Rednet');
    assert.equal(data.isBasedOn.usageInfo, STATEMENT);
  });

  it('carries the text as written in every edition: no soft hyphen, and every "corruption" found by a search', async () => {
    const [, frontMatter, ...body] = (await readFile(DEFAULT_MANUSCRIPT, 'utf8')).split(/^---$/m);
    const source = body.join('---');
    const { subtitle } = parse(frontMatter!) as { subtitle: string };
    const html = await readFile(editionPath('html'), 'utf8');
    const zip = await JSZip.loadAsync(await readFile(editionPath('epub')));
    const documents = await Promise.all(
      ['title-page', 'text', 'colophon'].map((name) => zip.file(`OEBPS/${name}.xhtml`)!.async('string')),
    );
    const bodyText = (document: string) => xmlText(document.slice(document.indexOf('<body')));
    const editions = {
      pdf: await pdfText(editionPath('pdf'), TITLE, wordsOf(source)),
      html: bodyText(html),
      epub: documents.map(bodyText).join('\n'),
    };
    const count = (text: string) => text.match(/corruption/gi)?.length ?? 0;
    for (const [edition, text] of Object.entries(editions)) assert.ok(!text.includes('\u00ad'), `${edition} has soft hyphens`);
    assert.ok(!(await output('pdftotext', ['-enc', 'UTF-8', editionPath('pdf'), '-'])).includes('\u00ad'), 'the PDF text layer has soft hyphens');
    // The body, plus the title block's title and subtitle; the PDF's running heads are left out.
    const expected = count(source) + count(TITLE) + count(subtitle);
    assert.deepEqual({ pdf: count(editions.pdf), html: count(editions.html), epub: count(editions.epub) }, { pdf: expected, html: expected, epub: expected });
  });

  it('stamps the manuscript\'s last commit (else its original date), never the clock', async () => {
    const expected = (await committedDate(DEFAULT_MANUSCRIPT)) ?? new Date('2024-05-06T16:40:15+08:00');
    assert.equal(result.buildDate?.toISOString(), expected.toISOString());
    const created = /^CreationDate:\s+(\S+)$/m.exec(await output('pdfinfo', ['-isodates', editionPath('pdf')]))?.[1];
    assert.equal(new Date(created!).toISOString(), expected.toISOString());
  });
});
