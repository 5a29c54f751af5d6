/**
 * rehypeHyphenate: inserts soft hyphens (U+00AD) into running text for the manuscript's language.
 * Chromium here has no hyphenation dictionaries, so justified print would otherwise show wide
 * gaps. Only the page Chromium prints gets them (the PDF stage takes them out of its text layer
 * again); the HTML edition and the EPUB keep the text whole and hyphenate with CSS.
 */
import { createRequire } from 'node:module';
import type { Root } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';

const require = createRequire(import.meta.url);

interface HyphenModule {
  hyphenateSync(text: string): string;
}

/** Elements whose text is code, a link target or a heading (of the text or of a table column): never hyphenated. */
const SKIPPED = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'a', 'script', 'style', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th']);

/** Languages written without hyphenation; the `hyphen` package's `zh` patterns are for pinyin. */
const UNHYPHENATED = new Set(['zh', 'ja', 'ko', 'th', 'lo', 'km', 'my']);

/** `hyphen` names a few patterns differently from the tag a manuscript declares. */
const PATTERN_ALIASES: Record<string, string> = { en: 'en-us', de: 'de-1996', el: 'el-monoton', mn: 'mn-cyrl', sr: 'sr-cyrl' };

/** Options: the language defaults to the front matter's `lang`. */
export interface Options {
  lang?: string;
}

/** Hyphenates text outside code, links and headings; a language without patterns is left as it is. */
export default function rehypeHyphenate(options: Options = {}) {
  return (tree: Root, file?: VFile): void => {
    const hyphenator = hyphenatorFor(options.lang ?? file?.data.matter?.lang ?? 'en');
    if (!hyphenator) return;
    visitParents(tree, 'text', (node, ancestors) => {
      if (ancestors.some((ancestor) => ancestor.type === 'element' && SKIPPED.has(ancestor.tagName))) return;
      // Idempotent: text that already carries soft hyphens is the author's choice.
      if (node.value.includes('\u00ad')) return;
      // A word with a digit in it is a number, a version or a unit ("1080p", "v2beta"): read whole.
      node.value = hyphenator.hyphenateSync(node.value).replace(/\S*\d\S*/gu, (word) => word.replaceAll('\u00ad', ''));
    });
  };
}

const cache = new Map<string, HyphenModule | undefined>();

/** The patterns for a BCP 47 tag: the full tag first, then its language alone. */
export function hyphenatorFor(lang: string): HyphenModule | undefined {
  const tag = lang.toLowerCase();
  if (cache.has(tag)) return cache.get(tag);
  const primary = tag.split('-')[0]!;
  let found: HyphenModule | undefined;
  if (!UNHYPHENATED.has(primary)) {
    for (const candidate of [tag, PATTERN_ALIASES[primary], primary]) {
      if (!candidate || !/^[a-z0-9-]+$/.test(candidate)) continue;
      try {
        found = require(`hyphen/${candidate}`) as HyphenModule;
        break;
      } catch {
        // No patterns under this name; try the next one.
      }
    }
  }
  cache.set(tag, found);
  return found;
}
