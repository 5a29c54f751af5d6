/**
 * rehypeImportImages: every image of the article carried beside the manuscript, named by its
 * content (`SLUG/3fa1….png`, so the same picture twice is one file), or, when it cannot be
 * carried, replaced by its alt text, with a warning that says why. Remote images are fetched a
 * few at a time, and only with `allowRemote`; the images keep the order of the text.
 */
import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root } from 'hast';
import pLimit from 'p-limit';
import { visit } from 'unist-util-visit';
import type { ImageMediaType } from '../model.ts';
import { shorten, warn, type ArticleContext } from './html-context.ts';
import { loadImage, type ImageBytes } from './html-image-source.ts';

const EXTENSIONS: Record<ImageMediaType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg' };
/** How many images are read or fetched at once. */
const AT_ONCE = 4;

/** Carries every `<img>` of the tree, or puts its alt text in its place. */
export default function rehypeImportImages(context: ArticleContext) {
  return async (tree: Root): Promise<void> => {
    const found: Array<{ node: Element; parent: Root | Element; src: string }> = [];
    visit(tree, 'element', (node: Element, _index, parent) => {
      if (node.tagName === 'img' && parent) found.push({ node, parent, src: sourceOf(node) });
    });
    const limit = pLimit(AT_ONCE);
    const loaded = await Promise.all(
      found.map(({ src }) => limit(() => (src === '' ? Promise.resolve<ImageBytes>({ ok: false, reason: 'it names no file' }) : loadImage(src, context.places, context.allowRemote)))),
    );
    found.forEach(({ node, parent, src }, index) => {
      const bytes = loaded[index]!;
      if (bytes.ok) carry(node, src, bytes, context);
      else leaveOut(node, parent, src, bytes.reason, context);
    });
  };
}

/** The image's address: its `src`, or the first of its `srcset` when a lazy page left `src` empty. */
function sourceOf(node: Element): string {
  const src = String(node.properties.src ?? '').trim();
  if (src !== '') return src;
  const srcset = node.properties.srcSet;
  const first = (Array.isArray(srcset) ? srcset.join(',') : String(srcset ?? '')).split(',')[0]?.trim().split(/\s+/)[0];
  return first ?? '';
}

function carry(node: Element, src: string, bytes: Extract<ImageBytes, { ok: true }>, context: ArticleContext): void {
  if (bytes.removed) warn(context, `${/^data:/i.test(src) ? 'An inline (data:) SVG' : `The SVG ${shorten(src)}`} had parts no edition may carry, left out: ${bytes.removed}.`);
  const digest = createHash('sha256').update(bytes.data).digest('hex').slice(0, 16);
  const name = `${context.slug}/${digest}.${EXTENSIONS[bytes.mediaType]}`;
  if (!context.images.has(name)) context.images.set(name, { name, data: bytes.data });
  node.properties = { src: name, alt: altOf(node) };
}

/** An image that cannot be carried gives way to its alt text, so the sentence still reads. */
function leaveOut(node: Element, parent: Root | Element, src: string, reason: string, context: ArticleContext): void {
  const alt = altOf(node);
  const which = /^data:/i.test(src) ? 'An inline (data:) image' : src === '' ? 'An image' : `The image ${shorten(src)}`;
  warn(context, `${which} is left out: ${reason}; ${alt ? `its alt text “${alt}” stands in its place` : 'it had no alt text, so nothing stands in its place'}.`);
  const index = parent.children.indexOf(node);
  const replacement: ElementContent[] = alt ? [{ type: 'text', value: alt }] : [];
  if (index >= 0) parent.children.splice(index, 1, ...replacement);
}

function altOf(node: Element): string {
  return String(node.properties.alt ?? '').replace(/\s+/g, ' ').trim();
}
