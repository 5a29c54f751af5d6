/**
 * rehypeInlineSvg: an `<svg>` written into the Markdown (a diagram pasted from a design tool) is
 * an image like any other: serialized as an SVG document and put in an `<img>` as a `data:` URL,
 * it goes through the one image policy (rehype-images), which sanitizes it as SVG and packs it as
 * a file in the EPUB. Left in the text it would be either stripped by the HTML sanitizer, losing
 * the picture, or carried unsanitized into every edition.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { toXast } from 'hast-util-to-xast';
import { SKIP, visit } from 'unist-util-visit';
import { toXml } from 'xast-util-to-xml';
import type { Element as XastElement } from 'xast';

/** Replaces every outermost `<svg>` with an `<img>` of it. */
export default function rehypeInlineSvg() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'svg' || !parent || index === undefined) return;
      const document = toXml(toXast({ ...node, properties: { ...node.properties } }) as XastElement);
      const title = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'title');
      const alt = String(node.properties.ariaLabel ?? (title ? toString(title) : '')).trim();
      const image = h('img', {
        src: `data:image/svg+xml;base64,${Buffer.from(document, 'utf8').toString('base64')}`,
        alt,
        ...dimension('width', node.properties.width),
        ...dimension('height', node.properties.height),
      });
      image.position = node.position;
      parent.children[index] = image;
      return SKIP;
    });
  };
}

function dimension(name: 'width' | 'height', value: unknown): Record<string, number> {
  const match = /^\s*(\d+)(?:\.\d+)?\s*(?:px)?\s*$/.exec(String(value ?? ''));
  return match ? { [name]: Number(match[1]) } : {};
}
