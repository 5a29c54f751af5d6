/**
 * Makes an author's SVG safe to carry in an EPUB (and to inline in the HTML edition) by
 * sanitizing it as SVG: it is parsed, edited as a tree and written again by SVGO, never cleaned
 * with regular expressions. What it removes is what a reading system must not run or fetch, and
 * what EPUBCheck rejects in an SVG content document: the DOCTYPE (OPF-073, HTM-003), scripts,
 * event handlers, `<foreignObject>`, and every reference to anything outside the file. What it
 * keeps is the drawing exactly as drawn: the plugin list is explicit, not `preset-default`, so
 * no path is rewritten, no number rounded and `viewBox`, `width`, `height` and
 * `preserveAspectRatio` stay as they are.
 *
 * The DOCTYPE goes only after SVGO's parser (sax) has expanded the internal entities the
 * document uses, so Illustrator's `xmlns="&ns_svg;"` becomes the SVG namespace it stands for;
 * sax caps expansion at 512 uses, 4 deep, which stops entity bombs.
 */
import { createRequire } from 'node:module';
import { _collections, optimize, type CustomPlugin, type XastChild, type XastElement, type XastParent } from 'svgo';
import { decodeDataUri } from './data-uri.ts';
import { hasRasterSignature } from './sniff.ts';
import { nameIds } from './svg-ids.ts';
import { replaceUncarriable } from '../conformance/characters.ts';

/** What the sanitizer removes and counts, so the caller can warn at the image's place. */
export type RemovalKind =
  | 'doctype'
  | 'processing-instruction'
  | 'script'
  | 'event-handler'
  | 'foreign-object'
  | 'external-reference'
  | 'unreadable-css'
  | 'forbidden-character';

/** How many of each kind were removed; kinds with none are absent. */
export type Removed = Partial<Record<RemovalKind, number>>;

/** Why an SVG could not be sanitized. */
export type SvgProblem = 'too-large' | 'encoding' | 'entities' | 'malformed' | 'not-svg';

/** The sanitized SVG, or why there is none. Comments, metadata and editor data are dropped silently. */
export type SanitizeResult =
  | { ok: true; svg: string; removed: Removed }
  | { ok: false; problem: SvgProblem; reason: string; line?: number; column?: number };

/** Options of {@link sanitizeSvg}. */
export interface Options {
  /** Largest input accepted, in bytes. Default 16 MiB. */
  maxBytes?: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Each entity use re-reads its declared text (up to 512 uses), so that text is capped. */
const MAX_ENTITY_TEXT = 64 * 1024;
/** The declarations SVGO 4's parser registers with sax (lib/parser.js), matched the same way. */
const ENTITY_DECLARATION = /<!ENTITY\s+\S+\s+(?:'[^']*'|"[^"]*")\s*>/g;

/** Elements whose only job is to show what they refer to: without the reference they go too. */
const EMBEDDING = new Set(['image', 'use', 'feImage']);
const ANIMATIONS = new Set(['animate', 'set', 'animateColor', 'animateMotion', 'animateTransform']);

/**
 * Sanitizes an SVG given as bytes (its encoding read from a BOM or its XML declaration) or text.
 * Never throws: a document that is not well-formed SVG comes back as a problem to report.
 * The result is UTF-8 text with an XML declaration.
 */
export function sanitizeSvg(input: Uint8Array | string, options: Options = {}): SanitizeResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > maxBytes) return problem('too-large', `The SVG has ${size} bytes, more than the ${maxBytes} accepted`);
  const decoded = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decode(input);
  if (decoded === undefined) return problem('encoding', 'The SVG is not text in the encoding it declares (or UTF-8)');
  // Characters XML forbids would make the file ill-formed in the EPUB (the parser here lets some through).
  const { value: text, count: forbidden } = replaceUncarriable(decoded, 'text');
  const entityText = [...text.matchAll(ENTITY_DECLARATION)].reduce((sum, match) => sum + match[0].length, 0);
  if (entityText > MAX_ENTITY_TEXT) {
    return problem('entities', `The SVG's DOCTYPE declares ${entityText} characters of entities, more than an image needs`);
  }

  const removed: Removed = forbidden > 0 ? { 'forbidden-character': forbidden } : {};
  const tally = (kind: RemovalKind) => {
    removed[kind] = (removed[kind] ?? 0) + 1;
  };
  try {
    const { data } = optimize(text, {
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
    });
    return { ok: true, svg: data, removed };
  } catch (error) {
    return parseProblem(error);
  }
}

// --- The custom SVGO plugins (SVGO's plugin API: a name and a function returning a visitor) ---

/** Refuses a document whose root is not `<svg>` in the SVG namespace (or in none). */
function checkRoot(): CustomPlugin {
  return {
    name: 'imprint:checkRoot',
    fn: (root) => {
      const elements = root.children.filter((child): child is XastElement => child.type === 'element');
      const svg = elements[0];
      if (elements.length !== 1 || !svg || svg.name !== 'svg' || (svg.attributes.xmlns ?? SVG_NS) !== SVG_NS) {
        const name = svg ? `<${svg.name}${svg.attributes.xmlns ? ` xmlns="${svg.attributes.xmlns}"` : ''}>` : 'no element';
        throw new NotSvgError(`The root is ${name}, not <svg> in the SVG namespace ${SVG_NS}`);
      }
      return null;
    },
  };
}

/** Removes the DOCTYPE (its entities already expanded by the parser) and every processing instruction. */
function removeProlog(tally: (kind: RemovalKind) => void): CustomPlugin {
  return {
    name: 'imprint:removeProlog',
    fn: () => ({
      doctype: {
        enter: (node, parent) => {
          detach(node, parent);
          tally('doctype');
        },
      },
      instruction: {
        enter: (node, parent) => {
          detach(node, parent);
          // The XML declaration is written anew by finishRoot (the text is UTF-8 now).
          if (node.name !== 'xml') tally('processing-instruction');
        },
      },
    }),
  };
}

/** Removes `<script>` (in any namespace), `<foreignObject>` with all it holds, and every `on*` attribute. */
function removeActiveContent(tally: (kind: RemovalKind) => void): CustomPlugin {
  return {
    name: 'imprint:removeActiveContent',
    fn: () => ({
      element: {
        enter: (node, parent) => {
          const local = localName(node.name);
          if (local === 'script' || local === 'foreignObject') {
            detach(node, parent);
            tally(local === 'script' ? 'script' : 'foreign-object');
            return;
          }
          for (const name of Object.keys(node.attributes)) {
            if (!isNamespaceDeclaration(name) && /^on/i.test(localName(name))) {
              delete node.attributes[name];
              tally('event-handler');
            }
          }
        },
      },
    }),
  };
}

/**
 * Removes every reference that leaves the file: `href`/`xlink:href`/`src` that is not a
 * same-document `#fragment` (an `<image>` may keep a `data:` PNG, JPEG or GIF), `xml:base`,
 * animations of `href`, and CSS `url(...)`/`@import` in `style` attributes, presentation
 * attributes and `<style>` elements. Elements that exist only to show the reference go with it.
 */
function removeExternalReferences(tally: (kind: RemovalKind) => void): CustomPlugin {
  return {
    name: 'imprint:removeExternalReferences',
    fn: () => ({
      element: {
        enter: (node, parent) => {
          const local = localName(node.name);
          if (ANIMATIONS.has(local) && localName(node.attributes.attributeName ?? '') === 'href') {
            detach(node, parent);
            tally('external-reference');
            return;
          }
          if (local === 'style') cleanStyleElement(node, tally);
          for (const [name, value] of Object.entries(node.attributes)) {
            const attribute = localName(name);
            if (isNamespaceDeclaration(name)) continue;
            if (attribute === 'href' || attribute === 'src' || name === 'xml:base') {
              if (name !== 'xml:base' && (isFragment(value) || (local === 'image' && isEmbeddedRaster(value)))) continue;
              tally('external-reference');
              if (EMBEDDING.has(local)) {
                detach(node, parent);
                return;
              }
              delete node.attributes[name];
            } else if (name === 'style' || mayRefer(value)) {
              const cleaned = cleanCss(value, name === 'style' ? 'declarationList' : 'value', tally);
              if (cleaned === value) continue;
              if (cleaned.trim() === '') delete node.attributes[name];
              else node.attributes[name] = cleaned;
            }
          }
        },
      },
    }),
  };
}

/** Writes the XML declaration and makes sure the root declares the SVG (and, if used, XLink) namespace. */
function finishRoot(): CustomPlugin {
  return {
    name: 'imprint:finishRoot',
    fn: (root) => ({
      root: {
        exit: () => {
          const svg = root.children.find((child): child is XastElement => child.type === 'element');
          if (!svg) return;
          const namespaces: Record<string, string> = { xmlns: SVG_NS };
          if (usesPrefix(svg, 'xlink')) namespaces['xmlns:xlink'] = svg.attributes['xmlns:xlink'] ?? XLINK_NS;
          svg.attributes = { ...namespaces, ...svg.attributes, xmlns: SVG_NS };
          root.children.unshift({ type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' });
        },
      },
    }),
  };
}

// --- Embedded rasters ---

/** A `data:` URL holding the PNG, JPEG or GIF it declares: the one kind of `<image>` source kept. */
function isEmbeddedRaster(url: string): boolean {
  const decoded = decodeDataUri(url.trim());
  return decoded.ok && hasRasterSignature(decoded.bytes, decoded.declaredType);
}

// --- CSS, read with css-tree (SVGO's own CSS parser) ---

interface CssNode {
  type: string;
  name?: string;
  value?: string;
  prelude?: CssNode | null;
}
interface CssList {
  remove(item: unknown): void;
}
/** The part of css-tree used here (it ships no type declarations). */
interface CssTree {
  parse(text: string, options: { context: CssContext; onParseError?: () => void }): CssNode;
  walk: ((ast: CssNode, enter: (node: CssNode, item: unknown, list: CssList | null) => symbol | void) => void) & { skip: symbol };
  find(ast: CssNode, test: (node: CssNode) => boolean): CssNode | null;
  generate(ast: CssNode): string;
  ident: { decode(name: string): string };
}
type CssContext = 'stylesheet' | 'declarationList' | 'value';

// css-tree is CommonJS-and-ESM without types: load it through `require` and state the calls used.
const csstree = createRequire(import.meta.url)('css-tree') as CssTree;

/** CSS functions that load what their argument names. */
const URL_FUNCTIONS = new Set(['url', 'src', 'image', 'image-set', '-webkit-image-set', 'cross-fade']);
/** Text that could become a reference once CSS reads it (escapes, functions, at-rules). */
const RISKY_RAW = /[\\(@]|url|image|src/i;

/** Cleans the text and CDATA of a `<style>` element, replacing them only when something was removed. */
function cleanStyleElement(node: XastElement, tally: (kind: RemovalKind) => void): void {
  const css = node.children.map((child) => (child.type === 'text' || child.type === 'cdata' ? child.value : '')).join('');
  const cleaned = cleanCss(css, 'stylesheet', tally);
  if (cleaned !== css) node.children = cleaned.trim() === '' ? [] : [{ type: 'text', value: cleaned }];
}

/** The CSS without its references to outside files; the very same text when there were none. */
function cleanCss(css: string, context: CssContext, tally: (kind: RemovalKind) => void): string {
  let ast: CssNode;
  try {
    ast = csstree.parse(css, { context, onParseError: () => {} });
  } catch {
    tally('unreadable-css');
    return '';
  }
  if (context === 'value') {
    const kind = verdict(ast);
    if (kind) tally(kind);
    return kind ? '' : css;
  }
  let changed = false;
  csstree.walk(ast, (node, item, list) => {
    let kind: RemovalKind | undefined;
    const name = node.name?.toLowerCase();
    if (node.type === 'Atrule') {
      if (name === 'import') kind = 'external-reference';
      else if (name !== 'namespace' && node.prelude) kind = verdict(node.prelude);
    } else if (node.type === 'Declaration') kind = verdict(node);
    else if (node.type === 'Raw' && RISKY_RAW.test(node.value ?? '')) kind = 'unreadable-css';
    if (!kind || !list) return;
    list.remove(item);
    tally(kind);
    changed = true;
    return csstree.walk.skip;
  });
  return changed ? csstree.generate(ast) : css;
}

/** Whether a piece of CSS refers outside the file, or holds text css-tree could not read. */
function verdict(node: CssNode): RemovalKind | undefined {
  const external = csstree.find(node, (child) => {
    if (child.type === 'Url') return !isFragment(child.value ?? '');
    if (child.type !== 'Function' || !URL_FUNCTIONS.has(csstree.ident.decode(child.name ?? '').toLowerCase())) return false;
    return csstree.find(child, (argument) => argument.type === 'String' && !isFragment(argument.value ?? '')) !== null;
  });
  if (external) return 'external-reference';
  return csstree.find(node, (child) => child.type === 'Raw' && RISKY_RAW.test(child.value ?? '')) ? 'unreadable-css' : undefined;
}

/** Presentation attribute values worth reading as CSS: only those that could name a URL. */
function mayRefer(value: string): boolean {
  return /url|image|src|\\/i.test(value);
}

// --- Small helpers ---

class NotSvgError extends Error {}

function problem(kind: SvgProblem, reason: string, line?: number, column?: number): SanitizeResult {
  return { ok: false, problem: kind, reason, ...(line === undefined ? {} : { line, column }) };
}

/** SVGO reports a parse failure as an `SvgoParserError` (not exported) with `reason`, `line`, `column`. */
function parseProblem(error: unknown): SanitizeResult {
  if (error instanceof NotSvgError) return problem('not-svg', error.message);
  const failure = error as { name?: string; reason?: string; message?: string; line?: number; column?: number };
  const reason = failure.reason ?? failure.message ?? String(error);
  if (failure.name !== 'SvgoParserError') return problem('malformed', `The SVG could not be read: ${reason}`);
  const kind = /entity (count|depth)/i.test(reason) ? 'entities' : 'malformed';
  return problem(kind, `The SVG is not well-formed XML: ${reason}`, failure.line, failure.column);
}

/** Text from bytes: a BOM decides, then the XML declaration's encoding, else UTF-8; undefined if invalid. */
function decode(bytes: Uint8Array): string | undefined {
  let label = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else {
    const start = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    label = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(start)?.[1] ?? label;
  }
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes); // drops the BOM
  } catch {
    return undefined;
  }
}

function detach(node: XastChild, parent: XastParent): void {
  parent.children = parent.children.filter((child) => child !== node);
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function isNamespaceDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/** A same-document reference: a URL that is only a fragment (white space around it is ignored). */
function isFragment(url: string): boolean {
  return url.trim().startsWith('#');
}

/** Whether any attribute in the tree under `element` uses `prefix:`. */
function usesPrefix(element: XastElement, prefix: string): boolean {
  if (Object.keys(element.attributes).some((name) => name.startsWith(`${prefix}:`))) return true;
  return element.children.some((child) => child.type === 'element' && usesPrefix(child, prefix));
}

/** Editors' namespaces as SVGO lists them, also as written by tools that rewrote http: to https:. */
function httpsVariants(namespaces: Iterable<string>): string[] {
  return [...namespaces].filter((ns) => ns.startsWith('http:')).map((ns) => `https:${ns.slice('http:'.length)}`);
}
