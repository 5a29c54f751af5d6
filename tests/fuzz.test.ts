// Property-based: random manuscripts, built to HTML and EPUB, never crash the build, and when they build,
// the editions are sound. Bounded and repeatable: a fixed seed (IMPRINT_FUZZ_SEED), IMPRINT_FUZZ_RUNS runs
// (300 by default; `npm run fuzz` runs 10,000), no browser (the cover is given) and no EPUBCheck per case.
// Instead, 40 manuscripts drawn from the same arbitraries and seed (those that build as articles) are bound
// into one book at the end, and EPUBCheck runs once on it. On failure fast-check prints the seed, the path and
// the (shrunk) failing input; replay it with IMPRINT_FUZZ_SEED=… IMPRINT_FUZZ_PATH=… (the printed values).
//
// The properties, for every generated manuscript:
// 1. `build` never throws; a build that fails (ok: false) carries a fatal message saying why.
// 2. Every XHTML, OPF, NCX and SVG document (and container.xml) in the EPUB parses as XML (xast-util-from-xml).
// 3. Every `id` is non-empty and has no whitespace (what HTML and EPUBCheck ask of an id; an id need not
//    be an XML NCName: `-1` and `2024-plans` are valid in EPUB 3). Ids are unique across all the EPUB's XHTML documents (a book's
//    ids are promised unique, and the HTML edition joins the documents into one page), within the OPF and
//    within the NCX, and unique within the HTML edition.
// 4. Every `href`, `src` and `xlink:href` in the EPUB is a valid URI reference. "Valid" here means all of:
//    a. Every character is one RFC 3987 allows in an IRI reference: the ASCII unreserved and reserved
//       characters, `%` only as `%XX` with two hex digits, and non-ASCII characters. Not allowed are
//       controls (C0, DEL, C1), whitespace, `"<>\^`{|}`, surrogates, noncharacters (U+FDD0–U+FDEF,
//       U+xFFFE/U+xFFFF) and bidi formatting characters (U+200E/F, U+202A–E, U+2066–9). `[` and `]` are
//       allowed only in an IPv6 host, and `#` at most once. These are the characters that the WHATWG URL
//       serializer leaves alone (nothing has to be escaped or stripped) and that EPUBCheck's RSC-020 accepts.
//       IRIs are allowed because EPUB allows them (a heading `# 中文` has id `中文`, and the navigation links
//       to `…#中文`).
//    b. The WHATWG parser accepts it: `new URL(value, 'http://x/')` does not throw. That rejects broken
//       authorities such as `http://[::1` and `http://x:99999`.
//    c. An http(s), ftp or ws(s) URL has a host that is a domain name (non-empty labels of letters, digits,
//       `-` and `_`, after IDNA) or an IP address. Node's parser accepts `https://../` and
//       `https://foo.bar.%60baz`, but EPUBCheck warns about them (RSC-023).
//    A literal "re-serializing gives back the same string" is not required. `new URL()` also normalizes
//    valid references, for example dot segments (`a/../b`), host case, IDNA and `'` in a query, so it would
//    reject good URLs. Rule (a) is the part of that idea which matters: nothing the serializer would
//    percent-encode or drop is left unescaped. An empty `href` (this document) is valid; an empty `src` is not.
// 5. Every internal reference in the EPUB lands. A reference with no scheme and no authority (`file.xhtml#frag`,
//    `#frag`, `images/x.png`, and also `other.md` or `../x.pdf`) must resolve, from its document, to a
//    file in the EPUB. A non-empty fragment must name an `id` in that document, as written or
//    percent-decoded. In the HTML edition, every `#frag` link must name an `id` on the page.
// 6. The HTML edition parses without a parse5 error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Root as HastRoot, RootContent as HastContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import JSZip from 'jszip';
import type { Root as XastRoot, RootContent as XastContent } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { build, type BuildResult } from '../src/index.ts';
import { epubcheckArgs, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);
const COVER = path.join(ROOT, 'tests', 'fixtures', 'images', 'gradient.png');
const RUNS = positiveInteger('IMPRINT_FUZZ_RUNS', 300);
const SEED = positiveInteger('IMPRINT_FUZZ_SEED', 20261128);
const SAMPLE_SIZE = 40;
/** A real image beside every manuscript, so that some images resolve. */
const IMAGE = 'image.png';

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, not ${value}`);
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries

/** Characters that break naive escaping: controls, noncharacters, astral, combining, bidi, separators. */
const AWKWARD_CHARACTERS = [
  '\f', '\v', '\b', '\x01', '\x07', '\x1b', '\x1f', '\x7f', '\x80', '\x85', '\x9f', '\r', '\r\n', '\t',
  '\ufffe', '\uffff', '\ufdd0', '\ufdef', '\u{1fffe}', '\u{10ffff}', '\u{10fffe}',
  '\ufeff', '\u200b', '\u200c', '\u200d', '\u200e', '\u202e', '\u2066', '\u2028', '\u2029', '\u00a0', '\u3000', '\u00ad',
  '\u0301', 'e\u0301', '\u20dd', '\u0300\u0301\u0302', '\u{1f600}', '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', '\u{1f1fa}\u{1f1f3}',
  '\u{1d49c}', '\u{20000}', '\u{e0041}', '\ud7ff', '\ue000', '中文，测试。', 'עברית', 'العربية',
];
const MARKUP_CHARACTERS = ['*', '_', '`', '<', '>', '&', '[', ']', '(', ')', '#', '\\', '!', '|', '~', ' ', '\n', '-', ':', '"', "'", '^', '$', '=', '+', '.'];

/** A numeric reference, often to a code point XML or HTML forbids (`&#xD800;`, `&#12;`, `&#x1;`). */
const numericReference = fc.oneof(
  fc.constantFrom(
    '&#xD800;', '&#xDFFF;', '&#xdbff;&#xdc00;', '&#55296;', '&#12;', '&#x1;', '&#x0C;', '&#0;', '&#x0;', '&#x110000;', '&#1114112;',
    '&#xFFFE;', '&#xFFFF;', '&#xFDD0;', '&#x1FFFF;', '&#x80;', '&#x9F;', '&#x85;', '&#x7F;', '&#13;', '&#x1F600;', '&#99999999999;',
    '&#x;', '&#;', '&#65', '&bogus;', '&nbsp;', '&amp;', '&AMP', '&lt;script&gt;', '&NotAnEntity;', '&#x202E;', '&#x200B;',
  ),
  fc.integer({ min: 0, max: 0x110010 }).chain((code) => fc.constantFrom(`&#${code};`, `&#x${code.toString(16)};`, `&#X${code.toString(16).toUpperCase()};`)),
);

/** Any Unicode text; NUL is left out (the loader refuses it as binary, see `nulBlock`). */
const unicodeText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
      { weight: 3, arbitrary: fc.constantFrom(...AWKWARD_CHARACTERS) },
      { weight: 3, arbitrary: fc.constantFrom(...MARKUP_CHARACTERS) },
      { weight: 2, arbitrary: numericReference },
      { weight: 3, arbitrary: fc.constantFrom('word', 'Heading', 'text', 'x') },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join('').replace(/\0/g, '\uFFFD'));

/** Text on one line, for places a newline would end (headings, table cells, titles). */
const lineText = unicodeText.map((text) => text.replace(/[\r\n\u2028\u2029]/g, ' '));

const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const DATA_URIS = [
  `data:image/png;base64,${TINY_PNG}`,
  `DATA:image/PNG;base64,${TINY_PNG}`,
  `data:image/jpeg;base64,${TINY_PNG}`, // a PNG that says it is a JPEG
  `data:image/png;base64,${TINY_PNG.slice(0, 30)}`, // truncated
  'data:image/png;base64,!!!not-base64!!!',
  'data:image/png;base64,',
  'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
  'data:image/jpeg;base64,/9j/',
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E",
  "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
  'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:,hello',
  'data:',
  `data:image/png;base64,${TINY_PNG.slice(0, 20)}\n${TINY_PNG.slice(20)}`,
];

/** Link and image destinations: spaces in `<>`, backslashes, non-ASCII, dangerous schemes, other files. */
const DESTINATIONS = [
  '<with spaces>', '<a b c>', 'a\\b', 'foo\\)', '\\', 'ünïcödé', '中文.md', '😀', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'vbscript:x',
  'data:text/html,<b>x</b>', 'other.md#x', 'other.md', 'other.html#y', '../x.pdf', './x.png', 'x.png', IMAGE, `./${IMAGE}`, `${IMAGE}#frag`,
  '#x', '#', '#nowhere', '#heading', '#%E4%B8%AD', '#中文', '#😀', '<#a b>', '?q=1', '//host/path', 'http://[::1', 'http://[::1]/', 'https://../',
  'https://foo.bar.`baz', 'https://例え.jp/パス?q=ü#f', 'http://example.com/<>"{}|^`', 'mailto:a@b.c', 'mailto:', 'tel:+1', 'file:///etc/passwd',
  '%zz', 'a%20b', '%', '<>', 'http://x:99999', 'http://user:pw@x/', 'ftp://x', 'urn:isbn:1', 'HTTPS://EXAMPLE.ORG', 'http://example.org/a/../b',
  'C:\\x', '\\\\server\\share', '&#xD800;', '&amp;', '&#x20;x', 'https://example.org/#a#b', 'https://example.org/[x]', 'a\u202eb', 'x\u0085y',
];
const destination = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...DESTINATIONS) },
  { weight: 1, arbitrary: fc.constantFrom(...DATA_URIS) },
  { weight: 2, arbitrary: lineText.map((text) => `<${text.replace(/[<>\\]/g, '')}>`) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((text) => text.replace(/[\s()<>\\\0]/gu, '')) },
  { weight: 2, arbitrary: fc.webUrl({ withFragments: true, withQueryParameters: true }) },
  { weight: 1, arbitrary: lineText.map((text) => `#${text.replace(/[\s()<>\\]/gu, '')}`) },
);
const linkTitle = fc.option(
  fc.oneof(fc.constantFrom('"t"', "'t'", '(t)', '"&#xD800;"', '"a \\" b"', '"\u0007"'), lineText.map((text) => JSON.stringify(text))),
  { nil: undefined },
);
const inlineLabel = lineText.map((text) => text.replace(/[[\]]/g, ''));
const linkTarget = fc.tuple(destination, linkTitle).map(([to, title]) => (title ? `${to} ${title}` : to));

const link = fc.oneof(
  fc.tuple(inlineLabel, linkTarget).map(([label, to]) => `[${label}](${to})`),
  fc.tuple(inlineLabel, linkTarget).map(([alt, to]) => `![${alt}](${to})`),
  fc.tuple(inlineLabel, linkTarget, fc.nat(3)).map(([label, to, n]) => `[${label}][r${n}]\n\n[r${n}]: ${to}`),
  fc.tuple(inlineLabel, linkTarget, fc.nat(3)).map(([alt, to, n]) => `![${alt}][i${n}]\n\n[i${n}]: ${to}`),
  fc.tuple(inlineLabel, fc.constantFrom(IMAGE, `./${IMAGE}`)).map(([alt, file]) => `![${alt}](${file} "A caption")`),
  fc.constantFrom('<https://example.org/a b>', '<foo@bar.example>', '<mailto:x@y>', 'www.example.com/ü', 'https://example.org/x_(y)', '<javascript:alert(1)>', '<https://../>'),
  lineText.map((text) => `<https://example.org/${text.replace(/[\s<>]/gu, '')}>`),
);

const SVG = [
  '<svg><rect/></svg>',
  '<svg viewBox="0 0 10 10" width="10"><circle cx="5" cy="5" r="4" fill="red"/></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><foreignObject><p>x</p></foreignObject></svg>',
  '<svg><a href="#x"><text>t</text></a></svg>',
  '<svg id="s"><use href="#s"/></svg>',
  '<svg><style>rect{fill:red}</style><rect width="1" height="1"/></svg>',
  `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="data:image/png;base64,${TINY_PNG}"/></svg>`,
  '<svg><title>&#xD800;</title><desc>\f</desc></svg>',
  '<svg><g id="a b"><path d="M0 0"/></g></svg>',
  '<math><mi>x</mi><mo>=</mo><mn>1</mn></math>',
];
const RAW_HTML = [
  '<figure><figcaption>..</figcaption><br></figure>',
  `<figure><img src="${IMAGE}" alt="a"><figcaption>c</figcaption></figure>`,
  '<figcaption>stray</figcaption>', '<figure></figure>',
  '<foo-bar>x</foo-bar>', '<x:y>z</x:y>', '<blink>b</blink>', '<center>c</center>', '<font color=red>f</font>', '<custom attr="&#xD800;">c</custom>',
  '<div><p>unclosed <b>bold', '<table><tr><td>cell', '<ul><li>one', '<dl><dd>d', '<p/>', '</div>', '</p>', '<div', '<li>stray</li>',
  '<ruby>漢<rt>kan</ruby>', '<details><summary>s</summary>d', '<template><p>t</p></template>', '<noscript>n</noscript>',
  '<iframe src="x"></iframe>', '<object data="x"></object>', '<video src="x.mp4"></video>', '<input type=text>', '<select><option>o',
  '<textarea>t', '<style>p{color:red}</style>', '<script>alert(1)</script>', '<base href="http://evil.example/">', '<meta charset=latin1>',
  '<link rel=stylesheet href=x.css>', '<body onload=x()>', '<html><head><title>t</title></head>', '<span onclick="x()">raw</span>',
  '<a href="javascript:alert(1)">j</a>', '<a href="#">top</a>', '<a name="n">n</a>', '<a id="">e</a>', '<p id="a b">s</p>', '<p id="1">n</p>',
  '<p id="-x">h</p>', '<span id="dup">1</span><span id="dup">2</span>', '<h2 id="x">raw heading</h2>', '<h1></h1>', '<h3>&#12;</h3>',
  `<picture><source srcset="x.webp"><img src="${IMAGE}" alt=""></picture>`, `<img srcset="${IMAGE} 1x">`, `<img src="${IMAGE}">`,
  `<img src="${IMAGE}" alt="x" width="-1">`, '<img src="missing.png" alt="m">', '<img src="">', '<img>', '<map><area href="x"></map>', '<wbr>',
  '<bdo dir="rtl">b</bdo>', '<abbr title="&#x1;">a</abbr>', '<time datetime="x">t</time>', '<ol start="-1" type="x"><li value="x">v</ol>',
  '<table><caption>c</caption><tr><td colspan="0" rowspan="-1">z</td></tr></table>', '<blockquote cite="x y">q</blockquote>',
  '<a href="other.md#x">o</a>', '<a href="../x.pdf">p</a>', '<a href="a b">s</a>', '<a href="foo\\bar">b</a>', '<a href="&ouml;">u</a>',
  '<a href="`">t</a>', '<a href="https://foo.bar.%60baz">h</a>', '<a href="https://../">h</a>', '<a href="http://[::1">v</a>',
  '<a href="foo  \nbar">n</a>', '<a href="#nowhere">n</a>', '<![CDATA[ x ]]>', '<?php echo 1 ?>', '<!DOCTYPE html>', '<!-- c -->', '<!-->',
  '<!-- -- -->', '<p lang="">l</p>', '<p dir="sideways">d</p>', '<p xml:lang="en">x</p>', '<p epub:type="footnote">f</p>', '<br/><br></br>',
];
const ATTRIBUTES = ['id', 'class', 'href', 'src', 'title', 'lang', 'dir', 'style', 'onclick', 'xmlns', 'xml:lang', 'epub:type', 'role', 'aria-label', 'data-x', 'name', 'alt'];
const TAGS = ['div', 'span', 'p', 'a', 'img', 'figure', 'figcaption', 'section', 'aside', 'table', 'td', 'li', 'h2', 'svg', 'math', 'code', 'pre', 'q', 'sup', 'x-unknown', 'foo:bar'];
const attributeValue = fc.oneof(lineText, destination).map((value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;'));
const generatedElement = fc
  .record({
    tag: fc.oneof(fc.constantFrom(...TAGS), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)),
    attributes: fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTES), attributeValue), { maxLength: 3 }),
    inner: lineText,
    closed: fc.boolean(),
  })
  .map(({ tag, attributes, inner, closed }) => {
    const attrs = attributes.map(([name, value]) => ` ${name}="${value}"`).join('');
    return `<${tag}${attrs}>${inner}${closed ? `</${tag}>` : ''}`;
  });
const rawHtml = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RAW_HTML) },
  { weight: 1, arbitrary: fc.constantFrom(...SVG) },
  { weight: 1, arbitrary: fc.constantFrom(...DATA_URIS).map((uri) => `<img src="${uri}" alt="data">`) },
  { weight: 2, arbitrary: generatedElement },
);

/** Headings made only of symbols or emoji (`# ???`, `# 😀`, `# -`), which slug to nothing or to the same id. */
const SYMBOLS = [
  '???', '😀', '-', '--', '*', '_', '#', '.', '…', '‐', '—', '&', '&amp;', '<', '&#xD800;', '&#12;', '`', '``', '[]', '()', '!', '1', '1.', '$', '%', '+',
  '=', '|', '~', '\\', '"', "'", '©', '™', '中文', '😀😀', '👨‍👩‍👧', '\u0301', 'e\u0301', '\u200b', '\u00ad', '\ufeff', '', 'Heading', 'heading', 'Heading-1', 'toc',
  'contents', 'cover', 'title-page', 'colophon', 'footnotes', 'fn-1', '1a', '-x', '·',
];
const heading = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.array(fc.constantFrom(...SYMBOLS), { minLength: 1, maxLength: 3 }), fc.constantFrom('', ' #', ' ###')).map(
    ([level, symbols, closing]) => `${'#'.repeat(level)} ${symbols.join(' ')}${closing}`,
  ),
  fc.tuple(fc.integer({ min: 1, max: 6 }), lineText).map(([level, text]) => `${'#'.repeat(level)} ${text}`),
  fc.tuple(fc.constantFrom(...SYMBOLS), fc.constantFrom('===', '---')).map(([text, underline]) => `${text || '?'}\n${underline}`),
  fc.constantFrom('#', '##', '# #', '### ###'),
);

const inline = fc.oneof(
  { weight: 4, arbitrary: unicodeText },
  { weight: 2, arbitrary: link.filter((text) => !text.includes('\n')) },
  { weight: 1, arbitrary: rawHtml.filter((text) => !text.includes('\n')) },
  { weight: 1, arbitrary: numericReference },
  { weight: 1, arbitrary: lineText.map((text) => `*${text}*`) },
  { weight: 1, arbitrary: lineText.map((text) => `\`${text}\``) },
  { weight: 1, arbitrary: fc.constantFrom('[^n]', '[^😀]', '[^a b]', '[^&#xD800;]', '[^1]') },
);
const paragraph = fc.array(inline, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

/** The blocks the first version of this test used, kept as a base of known-tricky constructs. */
const BLOCKS = [
  '# Heading', '## Heading', '### Sub *heading*', '###### Deep', 'Plain paragraph with **bold** and _em_.',
  '- item\n- item\n  - nested', '1. one\n2. two', '- [x] done\n- [ ] open', '> quote\n> > nested', '```js\nif (a < b && c > d) "]]>";\n```',
  '    indented <code> & ]]>', '| a | b |\n|---|:-:|\n| 1 | <x> |', 'Footnote[^n].\n\n[^n]: The note.', '[link](#heading) and [dead](#nowhere)',
  '&nbsp;&copy;&#x1F600;&bogus;', '***', 'Emoji 😀 and 𝒜𝓈𝓉𝓇𝒶𝓁 and 中文标点，测试。', 'Line with a trailing backslash\\', '[ref]\n\n[ref]: https://example.org',
  '```\nunclosed fence', '<!-- unclosed comment', '<pre>\nunclosed pre', '[^😀]: A note with an emoji label', '[^n]: A second note with the same label',
];

const block = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  { weight: 3, arbitrary: heading },
  { weight: 2, arbitrary: rawHtml },
  { weight: 2, arbitrary: link },
  { weight: 2, arbitrary: fc.constantFrom(...BLOCKS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('```', '~~~', '````'), lineText, unicodeText, fc.boolean()).map(([fence, info, code, closed]) => `${fence}${info.replace(/`/g, '')}\n${code}${closed ? `\n${fence}` : ''}`) },
  { weight: 1, arbitrary: fc.array(lineText, { minLength: 2, maxLength: 4 }).map((cells) => `| ${cells.join(' | ')} |\n|${cells.map(() => '---').join('|')}|\n| ${cells.reverse().join(' | ')} |`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('- ', '1. ', '> ', '* [ ] ', '    '), paragraph).map(([marker, text]) => `${marker}${text}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('n', '😀', 'a b', '1', '&#xD800;', 'x'), paragraph).map(([label, text]) => `Note[^${label}].\n\n[^${label}]: ${text}`) },
);

/** NUL is binary to the loader; now and then a manuscript has one, and the build must refuse it cleanly. */
const nulBlock = fc.constantFrom('a\0b', '\0');

const body = fc
  .tuple(fc.array(block, { maxLength: 10 }), fc.constantFrom('\n\n', '\n', '\n\n\n', '\r\n\r\n'), fc.oneof({ weight: 59, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: nulBlock }))
  .map(([blocks, separator, nul]) => [...blocks, ...(nul === undefined ? [] : [nul])].join(separator));

interface FrontMatter {
  text: string;
  /** The title as a chapter may carry it, when the front matter has one we wrote. */
  title?: string;
}
const frontMatter: fc.Arbitrary<FrontMatter> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ text: '---\ntitle: Fuzz\nauthor: A\noriginal: true\n---\n', title: 'Fuzz' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('zh-CN', 'ar', 'he', 'en-GB', 'ja').map((lang) => ({
      text: `---\ntitle: Fuzz\nauthor: [A, B]\nlang: ${lang}\nsource:\n  name: S\n  published: 2024-01-02T03:04:05Z\n---\n`,
      title: 'Fuzz',
    })),
  },
  { weight: 4, arbitrary: lineText.map((noise) => ({ text: `---\ntitle: ${JSON.stringify(noise)}\nauthor: ${JSON.stringify(noise || 'A')}\noriginal: true\n---\n`, title: noise })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((noise) => ({ text: `---\n${noise}\n---\n` })) },
  { weight: 1, arbitrary: fc.constant({ text: '' }) },
);

// ---------------------------------------------------------------------------------------------------------
// Checks

/** One character allowed in an IRI reference (RFC 3987), see the header: `%` is checked separately. */
const IRI_CHARACTER = /[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]|[\u{A0}-\u{D7FF}\u{E000}-\u{FDCF}\u{FDF0}-\u{FFFD}\u{10000}-\u{10FFFD}]/u;
const BIDI_FORMATTING = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const NONCHARACTER = /[\u{FDD0}-\u{FDEF}]|[\u{FFFE}\u{FFFF}\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:']);
const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/** A host as the WHATWG parser serializes it (lower case, IDNA applied): an IP address or dot-separated labels. */
function validHost(hostname: string): boolean {
  if (/^\[[0-9a-f:.]+\]$/.test(hostname)) return true;
  const labels = hostname.replace(/\.$/, '').split('.');
  return hostname !== '' && labels.every((label) => HOST_LABEL.test(label));
}

/** Why `value` is not a valid URI reference (see the header), or undefined when it is. */
function uriProblem(value: string, attribute: string): string | undefined {
  if (value === '' && attribute !== 'href') return 'is empty';
  // `[` and `]` only around an IPv6 host: drop `scheme://[…]` before the character check.
  const rest = value.replace(/^([a-z][a-z0-9+.-]*:)?\/\/(?:[^/?#[\]@]*@)?\[[0-9a-fA-F:.]+\]/i, '$1//h');
  for (const character of rest) {
    if (!IRI_CHARACTER.test(character) || BIDI_FORMATTING.test(character) || NONCHARACTER.test(character)) {
      return `has ${JSON.stringify(character)} (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which must be percent-encoded`;
    }
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return 'has a % that is not followed by two hex digits';
  if (value.indexOf('#') !== value.lastIndexOf('#')) return 'has more than one #';
  let url: URL;
  try {
    url = new URL(value, 'http://x/');
  } catch {
    return 'is rejected by the WHATWG URL parser';
  }
  if ((SCHEME.test(value) || value.startsWith('//')) && NETWORK_SCHEMES.has(url.protocol) && !validHost(url.hostname)) {
    return `has the host ${JSON.stringify(url.hostname)}, which is not a domain name or an IP address`;
  }
  return undefined;
}

function idProblem(id: string): string | undefined {
  if (id === '') return 'is empty';
  if (/\s/u.test(id)) return 'has whitespace';
  return undefined;
}

type XastElement = Extract<XastContent, { type: 'element' }>;
type HastElement = Extract<HastContent, { type: 'element' }>;

function xmlElements(root: XastRoot): XastElement[] {
  const found: XastElement[] = [];
  const walk = (nodes: XastContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      found.push(node);
      walk(node.children);
    }
  };
  walk(root.children);
  return found;
}

function htmlElements(root: HastRoot): HastElement[] {
  const found: HastElement[] = [];
  const walk = (nodes: HastContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      found.push(node);
      walk(node.children);
      if (node.content) walk(node.content.children);
    }
  };
  walk(root.children);
  return found;
}

const XML_DOCUMENT = /\.(xhtml|opf|ncx|svg|xml)$/;
const URI_ATTRIBUTES = ['href', 'src', 'xlink:href'];

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Every problem with an EPUB (properties 2 to 5), as readable lines. */
async function epubProblems(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const names = new Set(Object.keys(zip.files).filter((name) => !zip.files[name]!.dir));
  const problems: string[] = [];
  const documents = new Map<string, XastElement[]>();
  const unparsed = new Set<string>(); // reported once; their ids cannot be checked
  for (const name of [...names].filter((entry) => XML_DOCUMENT.test(entry))) {
    try {
      documents.set(name, xmlElements(fromXml(await zip.file(name)!.async('string'))));
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      problems.push(`${name} is not well-formed XML: ${String(cause ?? error).split('\n')[0]}`);
      unparsed.add(name);
    }
  }
  const idsOf = new Map<string, Set<string>>();
  const contentIds = new Map<string, string>(); // id → the XHTML document that has it
  for (const [name, elements] of documents) {
    if (/\.(svg|xml)$/.test(name)) continue; // images and container.xml: well-formedness only
    const ids = new Set<string>();
    idsOf.set(name, ids);
    for (const element of elements) {
      for (const attribute of ['id', 'xml:id']) {
        const id = element.attributes[attribute];
        if (id === undefined || id === null) continue;
        const problem = idProblem(id);
        if (problem) problems.push(`${name}: <${element.name} ${attribute}=${JSON.stringify(id)}> ${problem}`);
        if (ids.has(id)) problems.push(`${name}: the id ${JSON.stringify(id)} is used twice in the document`);
        else if (name.endsWith('.xhtml') && contentIds.has(id)) problems.push(`${name}: the id ${JSON.stringify(id)} is also in ${contentIds.get(id)}`);
        ids.add(id);
        if (name.endsWith('.xhtml') && !contentIds.has(id)) contentIds.set(id, name);
      }
    }
  }
  for (const [name, elements] of documents) {
    if (/\.(svg|xml)$/.test(name)) continue;
    for (const element of elements) {
      for (const attribute of URI_ATTRIBUTES) {
        const value = element.attributes[attribute];
        if (value === undefined || value === null) continue;
        const where = `${name}: <${element.name} ${attribute}=${JSON.stringify(value)}>`;
        const problem = uriProblem(value, attribute);
        if (problem) {
          problems.push(`${where} ${problem}`);
          continue;
        }
        if (SCHEME.test(value) || value.startsWith('//')) continue; // external (or data:)
        const target = new URL(value, `http://epub.invalid/${name}`);
        const targetName = decoded(target.pathname.slice(1));
        if (!names.has(targetName)) {
          problems.push(`${where} leads to ${targetName}, which is not in the EPUB`);
          continue;
        }
        const fragment = target.hash.slice(1);
        if (fragment === '' || unparsed.has(targetName)) continue;
        const ids = idsOf.get(targetName);
        if (!ids || !(ids.has(fragment) || ids.has(decoded(fragment)))) problems.push(`${where} leads to no id ${JSON.stringify(decoded(fragment))} in ${targetName}`);
      }
    }
  }
  return problems;
}

/** Every problem with the HTML edition: parse5 errors, bad or repeated ids, `#` links to nowhere. */
async function htmlProblems(file: string): Promise<string[]> {
  const problems: string[] = [];
  const tree = fromHtml(await readFile(file, 'utf8'), {
    onerror: (error) => void problems.push(`HTML ${error.line}:${error.column} parse error ${error.ruleId}: ${error.reason}`),
  });
  const elements = htmlElements(tree);
  const ids = new Set<string>();
  for (const element of elements) {
    const id = element.properties.id;
    if (id === undefined || id === null) continue;
    const value = String(id);
    const problem = idProblem(value);
    if (problem) problems.push(`HTML: <${element.tagName} id=${JSON.stringify(value)}> ${problem}`);
    if (ids.has(value)) problems.push(`HTML: the id ${JSON.stringify(value)} is used twice`);
    ids.add(value);
  }
  for (const element of elements) {
    const href = element.properties.href;
    if (typeof href !== 'string' || !href.startsWith('#') || href === '#') continue;
    const fragment = href.slice(1);
    if (!ids.has(fragment) && !ids.has(decoded(fragment))) problems.push(`HTML: <${element.tagName} href=${JSON.stringify(href)}> leads to no id on the page`);
  }
  return problems;
}

function fatalReasons(result: BuildResult): string[] {
  return result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map(String));
}

function editions(result: BuildResult): { epub: string; html: string } {
  const epub = result.artifacts.find((artifact) => artifact.path.endsWith('.epub'))?.path;
  const html = result.artifacts.find((artifact) => artifact.path.endsWith('.html'))?.path;
  assert.ok(epub && html, `a successful build wrote both editions: ${result.artifacts.map((artifact) => artifact.path).join(', ')}`);
  return { epub, html };
}

async function checkEditions(result: BuildResult): Promise<void> {
  const { epub, html } = editions(result);
  const problems = [...(await epubProblems(epub)), ...(await htmlProblems(html))];
  assert.deepEqual(problems.slice(0, 12), [], `${problems.length} problems in the editions`);
}

interface EpubcheckMessage {
  ID: string;
  severity: string;
  message: string;
  locations: Array<{ path: string; line: number; column: number }>;
}

async function epubcheck(file: string): Promise<EpubcheckMessage[]> {
  const report = `${file}.epubcheck.json`;
  // EPUBCheck exits with 1 when it finds errors; the report is written all the same.
  await execFileAsync('java', epubcheckArgs(file, '--json', report), { maxBuffer: 64 * 1024 * 1024 }).catch(() => undefined);
  return (JSON.parse(await readFile(report, 'utf8')) as { messages: EpubcheckMessage[] }).messages;
}

// ---------------------------------------------------------------------------------------------------------

describe(`fuzzing the pipeline (seed ${SEED}, ${RUNS} runs)`, () => {
  it('never throws, and every manuscript either fails with a fatal message or gives sound editions (XML, ids, URIs, links, HTML)', async (t) => {
    const folder = await tempDir('imprint-fuzz-');
    await copyFile(COVER, path.join(folder, IMAGE));
    const input = path.join(folder, 'fuzz.md');
    const outDir = path.join(folder, 'out');
    let calls = 0;
    let built = 0;
    await fc.assert(
      fc.asyncProperty(frontMatter, body, async (matter, markdown) => {
        calls += 1;
        await writeFile(input, `${matter.text}\n${markdown}\n`);
        const result = await build({ input, outDir, formats: ['html', 'epub'], cover: COVER });
        if (!result.ok) {
          assert.ok(fatalReasons(result).length > 0, 'a failed build has a fatal message saying why');
          return;
        }
        built += 1;
        await checkEditions(result);
      }),
      { seed: SEED, numRuns: RUNS, ...(process.env.IMPRINT_FUZZ_PATH ? { path: process.env.IMPRINT_FUZZ_PATH } : {}) },
    );
    t.diagnostic(`${built} of ${calls} random manuscripts built; the others failed with a fatal message`);
    // Most generated manuscripts are meant to build; a generator that only makes failing ones tests nothing.
    assert.ok(built >= calls * 0.5, `${built} of ${calls} random manuscripts built`);
  });

  // EPUBCheck is too slow to run per case (seconds each), so it runs once, on a book of manuscripts drawn
  // from the same arbitraries and seed. They are spread over the run and limited to those that build as
  // articles, since a chapter with, say, a missing image would stop the whole book. They are drawn here and
  // not collected during the property run: that run stops at its first failure, and this check must still
  // have its 40.
  it(`binds ${SAMPLE_SIZE} generated manuscripts that build into one book that builds, passes EPUBCheck with 0 errors and 0 warnings and has sound editions`, async () => {
    const folder = await tempDir('imprint-fuzz-book-');
    const candidates = fc.sample(fc.tuple(frontMatter, body), { seed: SEED, numRuns: Math.max(RUNS, SAMPLE_SIZE) });
    const every = Math.max(1, Math.floor(candidates.length / SAMPLE_SIZE));
    const trial = path.join(folder, 'trial');
    await mkdir(trial);
    await copyFile(COVER, path.join(trial, IMAGE));
    const sample: Array<{ title?: string; body: string }> = [];
    for (let index = 0; index < candidates.length && sample.length < SAMPLE_SIZE; index += every) {
      const [matter, markdown] = candidates[index]!;
      await writeFile(path.join(trial, 'case.md'), `${matter.text}\n${markdown}\n`);
      const alone = await build({ input: path.join(trial, 'case.md'), outDir: path.join(trial, 'out'), formats: ['html', 'epub'], cover: COVER }).catch(() => undefined);
      if (alone?.ok) sample.push({ ...(matter.title === undefined ? {} : { title: matter.title }), body: markdown });
    }
    assert.ok(sample.length >= SAMPLE_SIZE / 2, `only ${sample.length} of the drawn manuscripts built as articles`);

    const source = path.join(folder, 'book');
    await mkdir(source);
    await copyFile(COVER, path.join(source, IMAGE));
    const chapters = sample.map((_, index) => `case-${String(index + 1).padStart(3, '0')}.md`);
    await writeFile(path.join(source, 'book.yaml'), `title: Fuzz sample\nauthor: A\noriginal: true\nchapters:\n${chapters.map((name) => `  - ${name}`).join('\n')}\n`);
    for (const [index, { title, body: markdown }] of sample.entries()) {
      // A chapter's front matter is stricter than an article's (no `original`, for one): only the title is kept.
      await writeFile(path.join(source, chapters[index]!), `---\ntitle: ${JSON.stringify(title?.trim() ? title : `Case ${index + 1}`)}\n---\n\n${markdown}\n`);
    }
    const result = await build({ input: source, outDir: path.join(folder, 'out'), formats: ['html', 'epub'], cover: COVER });
    assert.equal(result.ok, true, `the sample book ${source} failed to build:\n${fatalReasons(result).slice(0, 10).join('\n')}`);
    const { epub } = editions(result);
    const problems = (await epubcheck(epub)).filter((found) => ['FATAL', 'ERROR', 'WARNING'].includes(found.severity));
    const listed = problems.slice(0, 15).map((found) => {
      const where = found.locations[0];
      return `${found.severity} ${found.ID} ${found.message}${where ? ` at ${where.path}:${where.line}:${where.column}` : ''}`;
    });
    assert.equal(problems.length, 0, `EPUBCheck on the book ${source}: ${problems.length} messages\n${listed.join('\n')}`);
    await checkEditions(result);
  });
});
