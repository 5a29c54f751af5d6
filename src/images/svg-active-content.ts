/**
 * An SVGO plugin that removes what a reading system must not run: scripts, event handlers and
 * `<foreignObject>` (which could carry HTML, and scripts in it).
 */
import type { CustomPlugin } from 'svgo';
import type { Tally } from './svg-removals.ts';
import { detach, isNamespaceDeclaration, localName } from './svg-xast.ts';

/** Removes `<script>` (in any namespace), `<foreignObject>` with all it holds, and every `on*` attribute. */
export function removeActiveContent(tally: Tally): CustomPlugin {
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
