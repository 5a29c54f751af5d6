/**
 * The SVGO configuration the sanitizer runs: an explicit plugin list, not `preset-default`, so
 * no path is rewritten, no number rounded and `viewBox`, `width`, `height` and
 * `preserveAspectRatio` stay as they are. Only what must go is removed; the drawing is kept
 * exactly as drawn.
 */
import { _collections, type Config } from 'svgo';
import { removeActiveContent } from './svg-active-content.ts';
import { checkRoot, finishRoot, removeProlog } from './svg-document.ts';
import { nameIds } from './svg-ids.ts';
import { removeExternalReferences } from './svg-references.ts';
import type { Tally } from './svg-removals.ts';

/** The options of SVGO's `optimize` that sanitize an SVG, counting each removal with `tally`. */
export function sanitizingConfig(tally: Tally): Config {
  return {
    multipass: false,
    // Not pretty-printed: indentation added inside text elements would change what they show.
    js2svg: { finalNewline: true },
    plugins: [
      checkRoot(),
      removeProlog(tally),
      { name: 'removeComments', params: { preservePatterns: false } },
      'removeMetadata',
      { name: 'removeEditorsNSData', params: { additionalNamespaces: httpsVariants(_collections.editorNamespaces) } },
      removeActiveContent(tally),
      removeExternalReferences(tally),
      'removeUnusedNS',
      nameIds(),
      finishRoot(),
    ],
  };
}

/** Editors' namespaces as SVGO lists them, also as written by tools that rewrote http: to https:. */
function httpsVariants(namespaces: Iterable<string>): string[] {
  return [...namespaces].filter((ns) => ns.startsWith('http:')).map((ns) => `https:${ns.slice('http:'.length)}`);
}
