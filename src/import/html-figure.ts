/**
 * A figure of the page, `<figure><img><figcaption>`, as the Markdown Imprint reads back as a
 * figure: `![alt](src "caption")` alone in its paragraph. A figure holding more than one picture
 * or something else (a table, a quote) keeps its content, and its caption follows as a paragraph.
 */
import type { Element } from 'hast';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Image, RootContent } from 'mdast';
import type { HandledElement, Handler, State } from './html-handlers.ts';

/** The `figure` handler. */
export const figureHandlers: Record<string, Handler> = {
  figure(state: State, node: HandledElement): RootContent[] {
    const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
    const captionText = caption ? toString(caption).replace(/\s+/g, ' ').trim() : '';
    const images = selectAll('img', node);
    const rest = { ...node, children: node.children.filter((child) => child !== caption) };
    if (images.length === 1 && captionText !== '' && onlyTheImage(rest)) {
      const [image] = images as [Element];
      const result: Image = { type: 'image', url: String(image.properties.src ?? ''), alt: String(image.properties.alt ?? ''), title: captionText };
      state.patch(image, result);
      return [{ type: 'paragraph', children: [result] }];
    }
    const content = state.toFlow(state.all(rest)) as RootContent[];
    if (!caption || captionText === '') return content;
    return [...content, ...(state.toFlow(state.all(caption)) as RootContent[])];
  },
};

/** Whether the figure holds nothing with text besides its one image (a link or `<picture>` around it is fine). */
function onlyTheImage(figure: Element): boolean {
  return toString(figure).trim() === '' && selectAll('table, pre, video, iframe, svg', figure).length === 0;
}
