/**
 * The body, reshaped for e-readers: split into chapter documents at the top-level headings,
 * footnotes turned into EPUB 3 footnotes at the end of the chapter that cites them, links
 * between chapters pointed at the right file, and task-list boxes made readable without a form
 * control. Images already name their files in the package (`images/…`).
 */
import type { Element, ElementContent, Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { fragmentCandidates } from '../conformance/ids.ts';
import { collectHeadings, type Heading } from '../manuscript/headings.ts';
import type { TextPart } from '../model.ts';

/** One document of the text in the package: a part of it, named and with its headings. */
export interface TextDocument extends TextPart {
  /** File name inside the package, ending in `.xhtml`. */
  filename: string;
  headings: Heading[];
}

/** The text splits into chapters when it has at least this many top-level headings... */
const MIN_CHAPTERS = 2;
/** ...and at most this many: thousands of tiny documents help no reader and slow every tool. */
const MAX_CHAPTERS = 500;

/** Ids that live outside the text, in the package's other documents, by id. */
export type OutsideIds = Readonly<Record<string, string>>;

/**
 * An article's text, split at its top-level headings when it has two or more;
 * `title` names a part that has no heading of its own.
 */
export function articleParts(body: ElementContent[], title: string): TextPart[] {
  return split(structuredClone(body), title);
}

/** Reshapes the parts into chapter documents: footnotes, task boxes and cross-links. */
export function textChapters(parts: readonly TextPart[], outsideIds: OutsideIds): TextDocument[] {
  const chapters: TextDocument[] = parts.map((part, index) => ({
    filename: parts.length === 1 ? 'text.xhtml' : `chapter-${String(index + 1).padStart(3, '0')}.xhtml`,
    title: part.title,
    content: structuredClone(part.content),
    headings: [],
    ...(part.matter ? { matter: part.matter } : {}),
  }));
  // Footnotes are numbered across the whole text, whichever part cites them.
  const footnotes = new Map<string, Element>();
  for (const chapter of chapters) {
    const root: Root = { type: 'root', children: chapter.content };
    for (const [id, item] of extractFootnotes(root)) footnotes.set(id, item);
    replaceCheckboxes(root);
    chapter.content = root.children as ElementContent[];
  }
  for (const chapter of chapters) placeFootnotes(chapter, footnotes);
  // Footnotes nobody cites still belong to the text: they close the last chapter.
  chapters.at(-1)!.content.push(...[...footnotes.values()].map(footnoteAside));
  for (const chapter of chapters) chapter.headings = collectHeadings(chapter.content);
  relinkAcrossChapters(chapters, outsideIds);
  return chapters;
}

function split(nodes: ElementContent[], title: string): TextPart[] {
  const ranks = nodes.map((node) => (node.type === 'element' ? headingRank(node) : undefined));
  const topRank = Math.min(...ranks.filter((rank): rank is number => rank !== undefined));
  const starts = ranks.flatMap((rank, index) => (rank === topRank ? [index] : []));
  if (starts.length < MIN_CHAPTERS || starts.length > MAX_CHAPTERS) return [{ title, content: nodes }];

  const parts: TextPart[] = [];
  const before = nodes.slice(0, starts[0]);
  if (before.some((node) => node.type !== 'text' || node.value.trim() !== '')) parts.push({ title, content: before });
  starts.forEach((start, index) => {
    const heading = nodes[start] as Element;
    parts.push({ title: collectHeadings([heading])[0]?.text || `Chapter ${index + 1}`, content: nodes.slice(start, starts[index + 1]) });
  });
  return parts;
}

/** Removes GFM's footnote section; returns its items by id. */
function extractFootnotes(root: Root): Map<string, Element> {
  const footnotes = new Map<string, Element>();
  visit(root, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'section' || node.properties.dataFootnotes === undefined || !parent || index === undefined) return;
    visit(node, 'element', (item: Element) => {
      if (item.tagName === 'li' && typeof item.properties.id === 'string') footnotes.set(item.properties.id, item);
    });
    parent.children.splice(index, 1);
    return index;
  });
  return footnotes;
}

/** Appends to the chapter the footnotes it cites, as EPUB 3 footnotes a reader can show as pop-ups. */
function placeFootnotes(chapter: TextDocument, footnotes: Map<string, Element>): void {
  const cited: Element[] = [];
  visit({ type: 'root', children: chapter.content }, 'element', (node: Element) => {
    if (node.tagName !== 'a' || node.properties.dataFootnoteRef === undefined) return;
    node.properties['epub:type'] = 'noteref';
    // It named the "Footnotes" heading, which has no place in an EPUB chapter.
    delete node.properties.ariaDescribedBy;
    node.properties.role = 'doc-noteref';
    const fragment = typeof node.properties.href === 'string' ? node.properties.href.slice(1) : '';
    const id = fragmentCandidates(fragment).find((candidate) => footnotes.has(candidate)) ?? fragment;
    const footnote = footnotes.get(id);
    if (footnote) {
      cited.push(footnote);
      footnotes.delete(id);
    }
  });
  chapter.content.push(...cited.map(footnoteAside));
}

function footnoteAside(item: Element): Element {
  return h('aside.footnote', { id: item.properties.id as string, 'epub:type': 'footnote', role: 'doc-footnote' }, item.children);
}

/** A disabled checkbox is a form control without a label; a symbol with a name reads well everywhere. */
function replaceCheckboxes(root: Root): void {
  visit(root, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'input' || node.properties.type !== 'checkbox' || !parent || index === undefined) return;
    const done = node.properties.checked === true || node.properties.checked === '';
    parent.children.splice(index, 1, h('span.task', { role: 'img', ariaLabel: done ? 'done' : 'not done' }, done ? '☑' : '☐'));
  });
}

/** `#id` links to an element in another chapter name that chapter's file. */
function relinkAcrossChapters(chapters: TextDocument[], outsideIds: OutsideIds): void {
  const home = new Map<string, string>(Object.entries(outsideIds));
  for (const chapter of chapters) {
    visit({ type: 'root', children: chapter.content }, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') home.set(node.properties.id, chapter.filename);
    });
  }
  for (const chapter of chapters) {
    visit({ type: 'root', children: chapter.content }, 'element', (node: Element) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
      const target = fragmentCandidates(href.slice(1)).map((id) => home.get(id)).find((file) => file !== undefined);
      if (target && target !== chapter.filename) node.properties.href = `${target}${href}`;
    });
  }
}
