import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { processManuscript } from '../../src/manuscript/process.ts';
import { renderHtml } from '../../src/html/render.ts';

const FRONT_MATTER = `---
title: A <b>bold</b> </script> title
author: [Ann One, Bob Two]
editor: Ed Itor
source:
  name: The Gazette
  publisher: Gazette Press
  url: https://example.org/article
  published: 2020-01-02T03:04:05-05:00
  statement: Reprinted by permission.
---
`;

async function transformWithMessages(markdown: string) {
  const file = new VFile({ path: 'case.md', value: FRONT_MATTER + markdown });
  const tree = await processManuscript(file);
  return { file, html: toHtml(tree).replace(/\u00ad/g, '') };
}

async function transform(markdown: string) {
  const file = new VFile({ path: 'case.md', value: FRONT_MATTER + markdown });
  const tree = await processManuscript(file);
  assert.deepEqual(file.messages, []);
  // Soft hyphens (see the hyphenation test) are left out of the comparisons.
  return { file, tree, html: toHtml(tree).replace(/\u00ad/g, '') };
}

describe('Markdown to HTML', () => {
  it('handles GFM: tables, task lists, strikethrough, autolinks, footnotes', async () => {
    const { html } = await transform(
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n~~gone~~ https://example.org\n\nSee[^1].\n\n[^1]: The note.\n',
    );
    assert.match(html, /<table>/);
    assert.match(html, /<input type="checkbox" checked disabled>/);
    assert.match(html, /<del>gone<\/del>/);
    assert.match(html, /<a href="https:\/\/example.org">/);
    assert.match(html, /<section data-footnotes(="")? class="footnotes">/);
  });

  it('sets typographic quotes, dashes and ellipses', async () => {
    const { html } = await transform('"Quoted" and \'single\' -- an en dash --- an em dash...\n');
    assert.match(html, /\u201cQuoted\u201d and \u2018single\u2019 \u2013 an en dash \u2014 an em dash\u2026/);
  });

  it('gives headings unique ids', async () => {
    const { html } = await transform('## First part\n\n## First part\n');
    assert.match(html, /<h2 id="first-part">/);
    assert.match(html, /<h2 id="first-part-1">/);
  });

  it('carries raw HTML, sanitized: no scripts, handlers, frames or presentational attributes', async () => {
    const { html, file } = await transformWithMessages(
      'Text <span onclick="x()">inline</span>&nbsp;here <kbd>Ctrl</kbd>.\n\n<div align="center"><p>unclosed <b>bold\n\n<script>alert(1)</script><iframe src="file:///etc/passwd"></iframe><!-- a comment -->\n\n<a href="javascript:alert(1)">bad link</a> <img src="x.png" onerror="y()" alt="x">\n',
    );
    assert.match(html, /Text <span>inline<\/span>\u00a0here <kbd>Ctrl<\/kbd>\./);
    assert.match(html, /<div><p>unclosed <b>bold/);
    assert.doesNotMatch(html, /script|iframe|passwd|onclick|onerror|javascript|comment|align/);
    assert.match(html, /<a>bad link<\/a>/);
    assert.ok(file.messages.some((message) => message.ruleId === 'image' && message.fatal), 'the missing image is an error');
  });
  it('hyphenates the printed page with soft hyphens for the language, but not code, links or headings, and leaves the text whole', async () => {
    const file = new VFile({
      path: 'case.md',
      value: `${FRONT_MATTER}\n## Internationalization\n\nInternationalization matters. \`internationalization\` [internationalization](https://example.org)\n`,
    });
    const body = await processManuscript(file);
    assert.doesNotMatch(toHtml(body), /\u00ad/, 'the text itself carries no soft hyphens');
    const content = { matter: file.data.matter!, body, chapters: [], images: {}, imprintVersion: 'test' };
    const page = { size: 'a4' as const, layout: 'handout' as const };
    const printed = (await renderHtml(content, { ...page, hyphenate: true })).html;
    assert.match(printed, /<p>In\u00adter\u00adna\u00adtion\u00adal\u00adiza\u00adtion mat\u00adters\./);
    assert.match(printed, /<h2 id="internationalization">Internationalization<\/h2>/);
    assert.match(printed, /<code>internationalization<\/code>/);
    assert.match(printed, /<a href="https:\/\/example.org" class="print-url">internationalization<\/a>/);
    assert.doesNotMatch((await renderHtml(content, page)).html, /\u00ad/, 'the HTML edition carries none');
  });

  it('applies CJK-friendly emphasis next to Chinese punctuation', async () => {
    const file = new VFile({
      path: 'case.md',
      value: '---\ntitle: 标题\nauthor: 李明\nlang: zh-CN\noriginal: true\n---\n\n**注意：**本讲义 internationalization\n',
    });
    const html = toHtml(await processManuscript(file));
    assert.match(html, /<strong>注意：<\/strong>本讲义 internationalization/);
  });

  it('marks external links whose text hides the address for printing, not bare URLs', async () => {
    const { html } = await transform('[the report](https://example.org/report) and <https://example.org/bare>\n');
    assert.match(html, /<a href="https:\/\/example.org\/report" class="print-url">the report<\/a>/);
    assert.match(html, /<a href="https:\/\/example.org\/bare">https:\/\/example.org\/bare<\/a>/);
  });

  it('keeps the front matter out of the body', async () => {
    const { html } = await transform('Body.\n');
    assert.doesNotMatch(html, /The Gazette/);
  });
});

describe('the HTML document', () => {
  it('wraps the body with title block, colophon and metadata, escaping the title everywhere', async () => {
    const { file, tree } = await transform('Body text.\n');
    const { html } = await renderHtml(
      { matter: file.data.matter!, body: tree, chapters: [], images: {}, imprintVersion: '9.9.9' },
      { size: 'a4', layout: 'handout' },
    );
    assert.match(html, /^<!doctype html><html lang="en">/);
    assert.match(html, /<title>A &#x3C;b>bold&#x3C;\/b> &#x3C;\/script> title<\/title>/);
    assert.match(html, /<meta name="author" content="Ann One">/);
    assert.match(html, /<meta name="author" content="Bob Two">/);
    assert.match(html, /<meta name="dcterms.source" content="https:\/\/example.org\/article">/);
    assert.match(html, /<meta name="dcterms.created" content="2020-01-02T03:04:05-05:00">/);
    assert.match(html, /<meta name="dcterms.contributor" content="Ed Itor \(editor\)">/);
    assert.match(html, /<link rel="canonical" href="https:\/\/example.org\/article">/);
    assert.match(html, /By Ann One and Bob Two · Edited by Ed Itor/);
    assert.match(html, /First published in The Gazette \(Gazette Press\), 2 January 2020, 03:04:05 \(UTC-05:00\)/);
    assert.match(html, /Reprinted by permission\./);
    assert.match(html, /Built with Imprint 9\.9\.9/);

    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    assert.match(jsonLd!, /\\u003c\/script>/, 'a title cannot close the JSON-LD script early');
    const data = JSON.parse(jsonLd!);
    assert.equal(data['@type'], 'Article');
    assert.equal(data.headline, 'A <b>bold</b> </script> title');
    assert.deepEqual(data.author.map((person: { name: string }) => person.name), ['Ann One', 'Bob Two']);
    assert.equal(data.editor[0].name, 'Ed Itor');
    assert.equal(data.isBasedOn.url, 'https://example.org/article');
    assert.equal(data.isBasedOn.datePublished, '2020-01-02T03:04:05-05:00');
  });

  it('names the series, ISBN and edition in the colophon', async () => {
    const file = new VFile({
      path: 'case.md',
      value: '---\ntitle: T\nauthor: A\noriginal: true\nseries: A Series\nedition: Second edition\nisbn: 978-3-16-148410-0\n---\n\nText.\n',
    });
    const tree = await processManuscript(file);
    const { html } = await renderHtml(
      { matter: file.data.matter!, body: tree, chapters: [], images: {}, imprintVersion: '9.9.9' },
      { size: 'a4', layout: 'handout' },
    );
    assert.match(html, /<dt>Series<\/dt><dd>A Series<\/dd><dt>ISBN<\/dt><dd>978-3-16-148410-0<\/dd><dt>This edition<\/dt><dd>Second edition\. Built with Imprint 9\.9\.9<\/dd>/);
  });
});
