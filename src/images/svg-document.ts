/**
 * SVGO plugins for the document as a whole: its root must be `<svg>` in the SVG namespace, its
 * prolog (DOCTYPE, processing instructions) goes, and it is written again as UTF-8 with an XML
 * declaration and the namespaces it uses declared on the root.
 */
import type { CustomPlugin, XastElement } from 'svgo';
import type { Tally } from './svg-removals.ts';
import { detach } from './svg-xast.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Thrown by {@link checkRoot} to stop SVGO: the document parsed, but it is not an SVG. */
export class NotSvgError extends Error {}

/** Refuses a document whose root is not `<svg>` in the SVG namespace (or in none). */
export function checkRoot(): CustomPlugin {
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
export function removeProlog(tally: Tally): CustomPlugin {
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

/** Writes the XML declaration and makes sure the root declares the SVG (and, if used, XLink) namespace. */
export function finishRoot(): CustomPlugin {
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

/** Whether any attribute in the tree under `element` uses `prefix:`. */
function usesPrefix(element: XastElement, prefix: string): boolean {
  if (Object.keys(element.attributes).some((name) => name.startsWith(`${prefix}:`))) return true;
  return element.children.some((child) => child.type === 'element' && usesPrefix(child, prefix));
}
