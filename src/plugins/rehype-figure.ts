/**
 * rehypeFigure: an image that stands alone in its paragraph and has a title
 * (`![alt](file.png "Caption")`) becomes a figure with that title as its caption, the way books
 * set illustrations.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

/** Turns `<p><img title></p>` into `<figure><img><figcaption>`. */
export default function rehypeFigure() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const content = node.children.filter((child) => child.type !== 'text' || child.value.trim() !== '');
      const image = content[0];
      if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const caption = image.properties.title;
      if (typeof caption !== 'string' || caption.trim() === '') return;
      delete image.properties.title;
      const figure = h('figure', [image, h('figcaption', caption)]);
      figure.position = node.position;
      parent.children[index] = figure;
    });
  };
}
