// The attribution `imprint import` reads from a saved web page (src/import/html-attribution.ts),
// source by source, on fixture pages built like real ones (tests/fixtures/import/pages/SOURCES.md).
// Every field's value and origin is checked, and the importer's rule (the first value found for
// each field wins) on the news page, whose advertisement and comments carry bylines of their own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fromHtml } from 'hast-util-from-html';
import { firstFound } from '../../src/import/candidate.ts';
import { htmlAttribution } from '../../src/import/html-attribution.ts';
import type { AttributionCandidates, FoundDate } from '../../src/import/model.ts';
import { visibleLines } from '../../src/import/visible-text.ts';
import { ROOT } from '../helpers.ts';

const PAGES = path.join(ROOT, 'tests', 'fixtures', 'import', 'pages');
const page = (name: string): string => readFileSync(path.join(PAGES, name), 'utf8');
const found = <T>(value: T, origin: string) => ({ value, origin });
const date = (text: string, zoned: { iso: string } | { local: string }): FoundDate => ({ text, ...zoned });

/** The sources in the documented order, by name, so a failure says which source was wrong. */
const SOURCES = ['JSON-LD', 'Open Graph', 'Dublin Core', 'Highwire', 'plain meta', 'canonical link', 'saved from', 'time', 'html lang', 'visible text'] as const;
type BySource = Partial<Record<(typeof SOURCES)[number], AttributionCandidates>>;

function assertSources(actual: AttributionCandidates[], expected: BySource): void {
  assert.equal(actual.length, SOURCES.length, 'one entry per source of evidence');
  SOURCES.forEach((source, index) => assert.deepEqual(actual[index], expected[source] ?? {}, source));
}

const NEWS_URL = 'https://www.riversidecourier.example/2024/05/06/harbor-flood-barrier-approved/';

describe('htmlAttribution on a news page (JSON-LD @graph, Open Graph, an advertisement, comments)', () => {
  const candidates = htmlAttribution(page('news.html'));

  it('reads every source, the broken JSON-LD script skipped and the graph’s @id references followed', () => {
    assertSources(candidates, {
      'JSON-LD': {
        title: found('Harbor District Flood Barrier Wins Final Approval', 'JSON-LD headline'),
        subtitle: found('Council funds $48 million wall after a decade of debate', 'JSON-LD alternativeHeadline'),
        author: found(['Maria Alvarez', 'Tom Chen'], 'JSON-LD author.name'),
        editor: found(['Dana Brooks'], 'JSON-LD editor.name'),
        published: found(date('2024-05-06T16:40:15-04:00', { iso: '2024-05-06T16:40:15-04:00' }), 'JSON-LD datePublished'),
        sourceName: found('The Riverside Courier', 'JSON-LD isPartOf.name'),
        publisher: found('Riverside Media Group', 'JSON-LD publisher.name'),
        url: found(NEWS_URL, 'JSON-LD mainEntityOfPage.@id'),
        lang: found('en-US', 'JSON-LD inLanguage'),
        description: found('The city council voted 7-2 to fund a $48 million flood barrier along the Harbor District waterfront.', 'JSON-LD description'),
        keywords: found(['Flooding', 'City Council', 'Harbor District'], 'JSON-LD keywords'),
      },
      'Open Graph': {
        title: found('Flood barrier for Harbor District wins final approval', 'Open Graph og:title'),
        published: found(date('2024-05-06T20:40:15+00:00', { iso: '2024-05-06T20:40:15+00:00' }), 'Open Graph article:published_time'),
        sourceName: found('The Riverside Courier', 'Open Graph og:site_name'),
        url: found(NEWS_URL, 'Open Graph og:url'),
        lang: found('en-US', 'Open Graph og:locale'),
        description: found('After a decade of debate, the council funds a $48 million barrier.', 'Open Graph og:description'),
        keywords: found(['Flooding', 'City Council'], 'Open Graph article:tag'),
      },
      'plain meta': {
        author: found(['Maria Alvarez'], '<meta name="author">'),
        description: found('The city council voted 7-2 to fund a $48 million flood barrier along the Harbor District waterfront, ending a decade of debate.', '<meta name="description">'),
      },
      'canonical link': { url: found(NEWS_URL, '<link rel="canonical">') },
      // The article's own time, not the ticker's above it.
      time: { published: found(date('2024-05-06T16:40:15-04:00', { iso: '2024-05-06T16:40:15-04:00' }), '<time datetime>') },
      'html lang': { lang: found('en-US', '<html lang>') },
      // The advertisement's "Source:" and the first comment's "Author:" are what the visible text holds.
      'visible text': {
        sourceName: found('Acme Home Insurance', 'the byline, line 9'),
        author: found(['reader_42'], 'the byline, line 25'),
        published: found(date('2024-05-07 09:15', { local: '2024-05-07T09:15:00' }), 'the byline, line 25'),
      },
    });
  });

  it('lets the article’s attribution win: JSON-LD comes first, the visible text last', () => {
    const merged = firstFound(candidates);
    assert.deepEqual(merged.author, found(['Maria Alvarez', 'Tom Chen'], 'JSON-LD author.name'));
    assert.deepEqual(merged.sourceName, found('The Riverside Courier', 'JSON-LD isPartOf.name'));
    assert.deepEqual(merged.published?.origin, 'JSON-LD datePublished');
    assert.ok(Object.values(merged).every((field) => field.origin.startsWith('JSON-LD')), 'every field from JSON-LD');
  });
});

describe('htmlAttribution on a blog page (Open Graph and <meta name="author"> only)', () => {
  it('reads Open Graph, the author tag, the <time> and <html lang>; an itemprop tag is no named meta', () => {
    assertSources(htmlAttribution(page('blog.html')), {
      'Open Graph': {
        title: found('Why my sourdough starter died twice', 'Open Graph og:title'),
        published: found(date('2023-11-14T08:30:00+00:00', { iso: '2023-11-14T08:30:00+00:00' }), 'Open Graph article:published_time'),
        sourceName: found('Crumb & Kiln', 'Open Graph og:site_name'),
        url: found('https://crumbandkiln.example/posts/sourdough-starter-died-twice/', 'Open Graph og:url'),
        lang: found('en-us', 'Open Graph og:locale'),
        description: found('Two dead starters, one kitchen thermometer, and what finally kept the third one alive through a cold winter.', 'Open Graph og:description'),
        keywords: found(['Sourdough', 'Fermentation'], 'Open Graph article:tag'),
      },
      'plain meta': { author: found(['Priya Raman'], '<meta name="author">') },
      time: { published: found(date('2023-11-14T08:30:00Z', { iso: '2023-11-14T08:30:00Z' }), '<time datetime>') },
      'html lang': { lang: found('en-us', '<html lang>') },
    });
  });
});

describe('htmlAttribution on a journal article page (Dublin Core and citation_* tags)', () => {
  it('reads both tag families, every author in order, "Last, First" as written, the date without a time', () => {
    const title = 'Shoreline Retreat and Salt-Marsh Migration on a Mesotidal Coast, 1985–2020';
    assertSources(htmlAttribution(page('journal.html')), {
      'Dublin Core': {
        title: found(title, 'Dublin Core DC.Title'),
        author: found(['Ana Paula Souza', 'Chinedu Okafor', 'Erik Lindqvist'], 'Dublin Core DC.Creator.PersonalName'),
        published: found(date('2022-03-15', { local: '2022-03-15' }), 'Dublin Core DC.Date.issued'),
        lang: found('en', 'Dublin Core DC.Language'),
        sourceName: found('Journal of Coastal Studies', 'Dublin Core DC.Source'),
      },
      Highwire: {
        title: found(title, 'Highwire citation_title'),
        author: found(['Souza, Ana Paula', 'Okafor, Chinedu', 'Lindqvist, Erik'], 'Highwire citation_author'),
        published: found(date('2022/03/15', { local: '2022-03-15' }), 'Highwire citation_date'),
        sourceName: found('Journal of Coastal Studies', 'Highwire citation_journal_title'),
        publisher: found('Coastal Research Press', 'Highwire citation_publisher'),
        url: found('https://journals.coastal-studies.example/index.php/jcs/article/view/1187', 'Highwire citation_abstract_html_url'),
        lang: found('en', 'Highwire citation_language'),
        keywords: found(['shoreline change', 'salt marsh', 'Landsat'], 'Highwire citation_keywords'),
      },
      'html lang': { lang: found('en-US', '<html lang>') },
    });
  });
});

describe('htmlAttribution on a Chinese news page saved in GBK', () => {
  const bytes = readFileSync(path.join(PAGES, 'chinese-news.gbk.html'));
  const html = new TextDecoder('gbk').decode(bytes);

  it('is really GBK: decoded, it is the UTF-8 source beside it, whose bytes differ', () => {
    assert.equal(html, page('chinese-news.utf8.html'));
    assert.notDeepEqual(new Uint8Array(bytes), new TextEncoder().encode(html));
    assert.match(html, /<meta charset="gbk">/);
  });

  it('reads the byline, the author note and the reprint statement from the visible text, the first line to name a field winning it', () => {
    assertSources(htmlAttribution(html), {
      'plain meta': {
        description: found('5月6日上午，长沙地铁6号线东延段开通试运营。地铁延伸到哪里，城市的温度就应当传递到哪里。', '<meta name="description">'),
        keywords: found(['长沙地铁', '6号线', '东延段', '城市温度'], '<meta name="keywords">'),
      },
      // Line 13 (责任编辑：李明) and the footer's 版权所有 (line 23) come after lines 8 and 14.
      'visible text': {
        sourceName: found('湘水网', 'the byline, line 8'),
        author: found(['王晓', '刘洋'], 'the byline, line 8'),
        editor: found(['陈静'], 'the byline, line 8'),
        published: found(date('2024-05-06 16:40:15', { local: '2024-05-06T16:40:15' }), 'the byline, line 8'),
        authorNote: found('（作者系长沙理工大学交通运输工程学院教授）', 'the note on the author, line 12'),
        statement: found('本文系湘水网原创稿件，转载请注明出处。', 'the reprint statement, line 14'),
        publisher: found('湘水网', 'the reprint statement, line 14'),
      },
    });
  });
});

describe('htmlAttribution on a page with no article', () => {
  it('finds nothing in any source', () => {
    assertSources(htmlAttribution(page('no-article.html')), {});
  });
});

/** A page with these tags in its head and this body. */
const html = (head: string, body = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const jsonLd = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

describe('JSON-LD', () => {
  it('follows @id references, and takes no page the article is part of for its source (Yoast)', () => {
    const graph = {
      '@graph': [
        { '@type': 'Article', headline: 'H', isPartOf: { '@id': '#webpage' }, author: { '@id': '#p' }, publisher: { '@id': '#org' } },
        { '@type': 'WebPage', '@id': '#webpage', name: 'H – Site' },
        { '@type': 'Organization', '@id': '#org', name: 'Site Ltd' },
        { '@type': 'Person', '@id': '#p', name: 'A. Writer' },
      ],
    };
    assert.deepEqual(htmlAttribution(html(jsonLd(graph)))[0], {
      title: found('H', 'JSON-LD headline'),
      author: found(['A. Writer'], 'JSON-LD author.name'),
      sourceName: found('Site Ltd', 'JSON-LD publisher.name'),
    });
  });

  it('finds the article under mainEntity or in an array, by a @type array; its name for a title, a string author, keywords with commas, url', () => {
    const page = { '@type': 'WebPage', mainEntity: [{ '@type': ['BlogPosting'], name: 'Named', author: 'Jo Bloggs', keywords: 'one, two,three', url: '/post/1', datePublished: '2024-01-02' }] };
    assert.deepEqual(htmlAttribution(html(jsonLd([{ '@type': 'BreadcrumbList' }, page])), { url: 'https://blog.example/x/' })[0], {
      title: found('Named', 'JSON-LD name'),
      author: found(['Jo Bloggs'], 'JSON-LD author'),
      published: found(date('2024-01-02', { local: '2024-01-02' }), 'JSON-LD datePublished'),
      url: found('https://blog.example/post/1', 'JSON-LD url'),
      keywords: found(['one', 'two', 'three'], 'JSON-LD keywords'),
    });
  });

  it('skips a script whose JSON is broken and reads the next one', () => {
    const head = `<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Broken",}</script>${jsonLd({ '@type': 'NewsArticle', headline: 'Whole' })}`;
    assert.deepEqual(htmlAttribution(html(head))[0], { title: found('Whole', 'JSON-LD headline') });
    assert.deepEqual(htmlAttribution(html('<script type="application/ld+json">{{ schema }}</script>'))[0], {});
  });
});

describe('meta tags and links', () => {
  it('takes article:author when it is a name, not a profile URL; the locale’s _ becomes -', () => {
    const head = '<meta property="article:author" content="https://facebook.com/x"><meta property="article:author" content=" Lee Park "><meta property="og:locale" content="zh_CN">';
    assert.deepEqual(htmlAttribution(html(head))[1], { author: found(['Lee Park'], 'Open Graph article:author'), lang: found('zh-CN', 'Open Graph og:locale') });
  });

  it('matches Dublin Core names in any case, the dcterms spellings too; a DC.source that is an address is the url', () => {
    const head = '<meta name="dcterms.title" content="T"><meta name="dc.creator" content="Ng, Mei"><meta name="DCTERMS.date" content="2020-02-03T04:05:06Z"><meta name="dcterms.publisher" content="P"><meta name="dc.source" content="https://lib.example/archive/9">';
    assert.deepEqual(htmlAttribution(html(head))[2], {
      title: found('T', 'Dublin Core dcterms.title'),
      author: found(['Ng, Mei'], 'Dublin Core dc.creator'),
      published: found(date('2020-02-03T04:05:06Z', { iso: '2020-02-03T04:05:06Z' }), 'Dublin Core DCTERMS.date'),
      publisher: found('P', 'Dublin Core dcterms.publisher'),
      url: found('https://lib.example/archive/9', 'Dublin Core dc.source'),
    });
  });

  it('prefers citation_publication_date and citation_public_url, whatever their place', () => {
    const head = '<meta name="citation_online_date" content="2019/12/01"><meta name="citation_publication_date" content="2020/01/15"><meta name="citation_abstract_html_url" content="https://j.example/abs/1"><meta name="citation_public_url" content="https://j.example/1">';
    assert.deepEqual(htmlAttribution(html(head))[3], {
      published: found(date('2020/01/15', { local: '2020-01-15' }), 'Highwire citation_publication_date'),
      url: found('https://j.example/1', 'Highwire citation_public_url'),
    });
  });

  it('resolves a relative canonical link against the page’s address, gives a protocol-relative one https:, and takes none that leads nowhere', () => {
    const head = '<link rel="canonical" href="../story-2/">';
    assert.deepEqual(htmlAttribution(html(head), { url: 'https://news.example/a/story/' })[5], { url: found('https://news.example/a/story-2/', '<link rel="canonical">') });
    assert.deepEqual(htmlAttribution(html(head))[5], {}, 'a relative address on a page that does not say where it was is no source URL');
    assert.deepEqual(htmlAttribution(html('<link rel="canonical" href="//us.yahoo.com/news/">'))[5], { url: found('https://us.yahoo.com/news/', '<link rel="canonical">') });
    assert.deepEqual(htmlAttribution(html('<meta property="og:url" content="javascript:void(0)">'))[1], {});
    const saved = `<!-- saved from url=(0049)https://fieldnotes.example/2024/05/marsh-birds/ -->\n${html('')}`;
    assert.deepEqual(htmlAttribution(saved)[SOURCES.indexOf('saved from')], { url: found('https://fieldnotes.example/2024/05/marsh-birds/', 'the address Chrome noted when it saved the page') });
  });

  it('keeps an absolute address as written', () => {
    const head = '<meta property="og:url" content="https://新闻.example/文章/1.html">';
    assert.deepEqual(htmlAttribution(html(head), { url: 'https://other.example/' })[1], { url: found('https://新闻.example/文章/1.html', 'Open Graph og:url') });
  });
});

describe('the visible text', () => {
  it('numbers the non-blank lines a reader sees, from 1, leaving out hidden elements, scripts and the head', () => {
    const tree = fromHtml(html('<title>Not seen</title>', '<p>One</p>\n\n<p hidden>Hidden</p><div>Two<br>Three</div><script>var four</script><p>  </p><p>Four</p>'));
    assert.deepEqual(visibleLines(tree), [
      { text: 'One', line: 1 },
      { text: 'Two', line: 2 },
      { text: 'Three', line: 3 },
      { text: 'Four', line: 4 },
    ]);
  });

  it('reads a 责任编辑 line on its own', () => {
    assert.deepEqual(htmlAttribution(html('', '<p>正文。</p><p>责任编辑：李明</p>'))[SOURCES.indexOf('visible text')], { editor: found(['李明'], 'the byline, line 2') });
  });
});
