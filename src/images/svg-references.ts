/**
 * An SVGO plugin that removes what a reading system must not fetch: every reference that leaves
 * the file, in attributes and in CSS. An EPUB carries everything it shows, and EPUBCheck rejects
 * an SVG content document that points elsewhere.
 */
import type { CustomPlugin } from 'svgo';
import { cleanCss, cleanStyleElement, mayRefer } from './svg-css.ts';
import type { Tally } from './svg-removals.ts';
import { isEmbeddedRaster, isFragment } from './svg-urls.ts';
import { detach, isNamespaceDeclaration, localName } from './svg-xast.ts';

/** Elements whose only job is to show what they refer to: without the reference they go too. */
const EMBEDDING = new Set(['image', 'use', 'feImage']);
const ANIMATIONS = new Set(['animate', 'set', 'animateColor', 'animateMotion', 'animateTransform']);

/**
 * Removes every reference that leaves the file: `href`/`xlink:href`/`src` that is not a
 * same-document `#fragment` (an `<image>` may keep a `data:` PNG, JPEG or GIF), `xml:base`,
 * animations of `href`, and CSS `url(...)`/`@import` in `style` attributes, presentation
 * attributes and `<style>` elements. Elements that exist only to show the reference go with it.
 */
export function removeExternalReferences(tally: Tally): CustomPlugin {
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
