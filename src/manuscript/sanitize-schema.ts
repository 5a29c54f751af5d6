/**
 * What raw HTML in a manuscript may contain. Authors need some HTML (a `<sup>`, a `<figure>`, a
 * `<kbd>`), but a manuscript from someone else must not run, fetch or hide anything, and every
 * edition must stay valid: EPUB's XHTML rejects presentational attributes such as `align`.
 */
import { defaultSchema, type Schema } from 'hast-util-sanitize';

const ARIA = ['ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy'];

/** GitHub's schema, narrowed to HTML5-valid attributes and widened by a few publishing elements. */
export const SANITIZE_SCHEMA: Schema = {
  ...defaultSchema,
  // Ids are kept as written: the editions run no scripts, so DOM clobbering is no concern, and
  // prefixes would break the author's own `#anchor` links.
  clobber: [],
  clobberPrefix: '',
  tagNames: [
    ...(defaultSchema.tagNames ?? []).filter((name) => !['strike', 'tt', 'picture', 'source'].includes(name)),
    'figure',
    'figcaption',
    'caption',
    'colgroup',
    'col',
    'abbr',
    'cite',
    'dfn',
    'mark',
    'small',
    'time',
    'u',
    'wbr',
    'aside',
  ],
  // Elements that are only valid inside a particular parent.
  ancestors: {
    ...defaultSchema.ancestors,
    li: ['ol', 'ul'],
    dt: ['dl'],
    dd: ['dl'],
    figcaption: ['figure'],
    caption: ['table'],
    col: ['table'],
    colgroup: ['table'],
    summary: ['details'],
  },
  // Elements whose content must go with them, not be kept as stray text.
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'title', 'textarea', 'select', 'button'],
  attributes: {
    '*': ['id', 'lang', 'dir', 'title', ...ARIA],
    // `name` is the anchor of old HTML; the conformance pass turns it into an id.
    a: ['href', 'name', 'dataFootnoteBackref', 'dataFootnoteRef', ['className', 'data-footnote-backref']],
    abbr: ['title'],
    blockquote: ['cite'],
    code: [['className', /^language-./]],
    col: ['span'],
    colgroup: ['span'],
    del: ['cite', 'dateTime'],
    figure: [['className', 'listing']],
    h2: [['className', 'sr-only']],
    img: ['src', 'alt', 'width', 'height'],
    input: [['disabled', true], ['type', 'checkbox'], 'checked'],
    ins: ['cite', 'dateTime'],
    li: [['className', 'task-list-item']],
    ol: ['start', 'reversed', ['className', 'contains-task-list']],
    p: [['className', 'listing-file']],
    q: ['cite'],
    section: ['dataFootnotes', ['className', 'footnotes']],
    td: ['colSpan', 'rowSpan', 'headers', 'align'],
    th: ['colSpan', 'rowSpan', 'headers', 'scope', 'abbr', 'align'],
    time: ['dateTime'],
    ul: [['className', 'contains-task-list']],
  },
  protocols: {
    ...defaultSchema.protocols,
    href: [...(defaultSchema.protocols?.href ?? []), 'tel'],
    // Images may be inline data; whether a remote one is fetched is decided later (--allow-remote).
    src: ['http', 'https', 'data'],
  },
};
