/**
 * Every link of an edition either lands or is no link. Manuscripts written for GitHub or mdBook
 * link chapters by file (`ch01-02-hello-world.html`, `b.md#part`, `./dir/other.md`); in the
 * editions those are places in the same page (HTML, PDF) or other documents of the package
 * (EPUB), so they become `#id` links, which the EPUB stage points at the right document. A link
 * that lands nowhere (a missing `#id`, a file that is not a chapter, a PDF beside the manuscript)
 * would be a dead link for the reader and an error in EPUB: it is reported at its place and
 * unwrapped, its text kept. Remote links are kept, serialized as WHATWG URLs.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { slug } from 'github-slugger';
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fragmentCandidates, type Renames } from './ids.ts';
import { fragmentHref, serializeUrl } from './uri.ts';

/** One document of the edition: an article, or a book's chapter. */
export interface LinkedDocument {
  root: Root;
  file: VFile;
  /** Absolute path of its source file, when it has one. */
  sourcePath?: string | undefined;
  /** The id a link to the whole document lands on (its opening heading), read after ids are assigned. */
  landing?: (() => string | undefined) | undefined;
}

/** Where a link goes. */
type Target =
  | { kind: 'here'; id: string }
  | { kind: 'remote'; href: string }
  | { kind: 'nowhere'; reason: string; ruleId: string };

const SOURCE = 'imprint';
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const MARKDOWN = /\.(?:md|markdown)$/i;
const PAGE = /\.(?:html?|xhtml)$/i;
/** The file a folder stands for on GitHub and in mdBook. */
const FOLDER_INDEX = ['README.md', 'index.md', 'readme.md', 'Readme.md'];

/**
 * Resolves every `<a href>` of `documents`: links into the edition become `#id` links (following
 * renamed ids), remote ones are serialized, the rest are unwrapped with a warning.
 * `renames[i]` maps the ids written in document i to their final ids; `pageIds` are ids the page
 * around the text provides (the colophon).
 */
export function resolveLinks(documents: LinkedDocument[], renames: Renames[], pageIds: ReadonlySet<string>): void {
  const bySource = new Map<string, number>();
  documents.forEach((document, index) => {
    if (document.sourcePath) bySource.set(path.resolve(document.sourcePath), index);
  });
  const resolver = new Resolver(documents, renames, pageIds, bySource);
  documents.forEach((document, index) => {
    visit(document.root, 'element', (node: Element, position, parent) => {
      if (node.tagName !== 'a' || node.properties.href === undefined || node.properties.href === null) return;
      const href = String(node.properties.href);
      const target = resolver.resolve(href, index);
      if (target.kind === 'here') {
        node.properties.href = fragmentHref(target.id);
        return;
      }
      if (target.kind === 'remote') {
        node.properties.href = target.href;
        return;
      }
      document.file.message(`${target.reason}; it is kept as plain text`, { place: node.position, ruleId: target.ruleId, source: SOURCE });
      if (!parent || position === undefined) {
        delete node.properties.href;
        return;
      }
      parent.children.splice(position, 1, ...(node.children as ElementContent[]));
      return [SKIP, position];
    });
    followIdReferences(document.root, renames[index]!);
  });
}

class Resolver {
  constructor(
    private readonly documents: LinkedDocument[],
    private readonly renames: Renames[],
    private readonly pageIds: ReadonlySet<string>,
    private readonly bySource: Map<string, number>,
  ) {}

  resolve(href: string, from: number): Target {
    const written = href.trim();
    const shown = written.length > 80 ? `${written.slice(0, 80)}…` : written;
    if (written.startsWith('#')) {
      const id = this.fragment(written.slice(1), from, true);
      return id !== undefined ? { kind: 'here', id } : { kind: 'nowhere', reason: `The link to \`${shown}\` points to no heading or element in the text`, ruleId: 'missing-anchor' };
    }
    const scheme = SCHEME.exec(written)?.[1]?.toLowerCase();
    if (scheme === undefined && written.startsWith('//')) return this.remote(`https:${written}`, shown);
    if (scheme !== undefined && scheme !== 'file') return this.remote(written, shown);
    return this.local(written, shown, from);
  }

  private remote(href: string, shown: string): Target {
    const serialized = serializeUrl(href);
    return serialized !== undefined ? { kind: 'remote', href: serialized } : { kind: 'nowhere', reason: `The link to \`${shown}\` is not a valid address`, ruleId: 'invalid-url' };
  }

  private local(href: string, shown: string, from: number): Target {
    const sourcePath = this.documents[from]!.sourcePath;
    let url: URL;
    let file: string;
    try {
      url = new URL(href, pathToFileURL(sourcePath ?? path.join(process.cwd(), 'manuscript.md')));
      file = fileURLToPath(url);
    } catch {
      return { kind: 'nowhere', reason: `The link to \`${shown}\` is not a valid address`, ruleId: 'invalid-url' };
    }
    const target = this.documentAt(file);
    if (target === undefined) {
      return { kind: 'nowhere', reason: `The link to \`${shown}\` names a file that is not part of this edition`, ruleId: 'local-link' };
    }
    const fragment = url.hash.slice(1);
    if (fragment !== '') {
      const id = this.fragment(fragment, target, false);
      if (id !== undefined) return { kind: 'here', id };
      const landing = this.landing(target);
      if (landing === undefined) return { kind: 'nowhere', reason: `The link to \`${shown}\` points to no heading or element of that chapter`, ruleId: 'missing-anchor' };
      this.documents[from]!.file.message(`The link to \`${shown}\` points to no heading or element of that chapter: it goes to the chapter's start`, {
        ruleId: 'missing-anchor',
        source: SOURCE,
      });
      return { kind: 'here', id: landing };
    }
    const landing = this.landing(target);
    return landing !== undefined
      ? { kind: 'here', id: landing }
      : { kind: 'nowhere', reason: `The link to \`${shown}\` names this text, which has no heading to land on`, ruleId: 'local-link' };
  }

  /** The document a local path stands for: the chapter itself, its page (`.html`), or a folder's README. */
  private documentAt(file: string): number | undefined {
    const candidates = [file];
    if (PAGE.test(file)) {
      const stem = file.replace(PAGE, '');
      candidates.push(`${stem}.md`, `${stem}.markdown`);
      if (path.basename(stem) === 'index') candidates.push(...FOLDER_INDEX.map((name) => path.join(path.dirname(stem), name)));
    } else if (!MARKDOWN.test(file)) {
      if (file.endsWith(path.sep) || (existsSync(file) && statSync(file).isDirectory())) {
        candidates.push(...FOLDER_INDEX.map((name) => path.join(file, name)));
      } else if (path.extname(file) === '') {
        // A GitHub wiki links pages by name, without `.md`.
        candidates.push(`${file}.md`);
      }
    }
    for (const candidate of candidates) {
      const found = this.bySource.get(path.resolve(candidate));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The final id a fragment names in document `index` (or, when `anywhere`, in any document). */
  private fragment(fragment: string, index: number, anywhere: boolean): string | undefined {
    const candidates = fragmentCandidates(fragment);
    const lookup = (document: number) => {
      for (const candidate of candidates) {
        const found = this.renames[document]!.get(candidate);
        if (found !== undefined) return found;
      }
      // GitHub's anchors are the heading's slug: `#Getting Started` finds `getting-started`.
      for (const candidate of candidates) {
        const found = this.renames[document]!.get(slug(candidate));
        if (found !== undefined) return found;
      }
      // An id as Imprint gave it (`section-1` for a heading of emoji) names that element too.
      const given = this.givenIds(document);
      return candidates.find((candidate) => given.has(candidate));
    };
    const own = lookup(index);
    if (own !== undefined) return own;
    for (const candidate of candidates) if (this.pageIds.has(candidate)) return candidate;
    if (!anywhere) return undefined;
    for (let document = 0; document < this.documents.length; document++) {
      if (document === index) continue;
      const found = lookup(document);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private readonly given = new Map<number, Set<string>>();

  private givenIds(document: number): Set<string> {
    let ids = this.given.get(document);
    if (!ids) {
      ids = new Set(this.renames[document]!.values());
      this.given.set(document, ids);
    }
    return ids;
  }

  private landing(index: number): string | undefined {
    return this.documents[index]!.landing?.();
  }
}

/** ARIA and table-header references name ids too: they follow renames, and ones naming nothing go. */
function followIdReferences(root: Root, renames: Renames): void {
  visit(root, 'element', (node: Element) => {
    for (const key of ['ariaDescribedBy', 'ariaLabelledBy', 'headers'] as const) {
      const value = node.properties[key];
      if (value === undefined || value === null) continue;
      const ids = (Array.isArray(value) ? value.map(String) : String(value).split(/\s+/)).flatMap((id) => {
        const found = renames.get(id);
        return found === undefined ? [] : [found];
      });
      if (ids.length === 0) delete node.properties[key];
      else node.properties[key] = ids;
    }
  });
}
