/**
 * Names and nodes of SVGO's tree (xast), as the sanitizing plugins read and edit them: an
 * element or attribute name may carry a prefix, and namespace declarations are attributes too.
 */
import type { XastChild, XastParent } from 'svgo';

/** Takes `node` out of `parent`, with everything it holds. */
export function detach(node: XastChild, parent: XastParent): void {
  parent.children = parent.children.filter((child) => child !== node);
}

/** The name without its prefix: `xlink:href` is `href`, whatever the prefix is bound to. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Whether an attribute declares a namespace (`xmlns` or `xmlns:prefix`) rather than carrying a value. */
export function isNamespaceDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}
