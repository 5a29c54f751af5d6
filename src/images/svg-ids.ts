/**
 * An SVGO plugin that makes every id of an SVG an XML name: EPUBCheck validates SVG files
 * against the SVG schema, where an id must be an NCName (`1` or `a b` is an error there, though
 * HTML would take it). A bad id is rewritten to ASCII (`_1`, `a_b`), made unique, and every
 * reference to it (`href="#…"`, `url(#…)`) follows.
 */
import type { CustomPlugin, XastElement } from 'svgo';

/** ASCII NCNames only: valid under every edition of XML's naming rules. */
const SAFE_ID = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Renames ids that are not XML names, and the references to them. */
export function nameIds(): CustomPlugin {
  return {
    name: 'imprint:nameIds',
    fn: () => {
      const elements: XastElement[] = [];
      return {
        element: {
          enter: (node) => {
            elements.push(node);
          },
        },
        root: {
          exit: () => {
            const taken = new Set<string>();
            const renamed = new Map<string, string>();
            for (const node of elements) {
              const id = node.attributes.id;
              if (id === undefined) continue;
              let wanted = SAFE_ID.test(id) ? id : safe(id);
              for (let count = 1; taken.has(wanted); count++) wanted = `${safe(id)}_${count}`;
              taken.add(wanted);
              if (wanted !== id && !renamed.has(id)) renamed.set(id, wanted);
              node.attributes.id = wanted;
            }
            if (renamed.size === 0) return;
            for (const node of elements) {
              for (const [name, value] of Object.entries(node.attributes)) node.attributes[name] = followRenames(value, renamed, name);
              for (const child of node.children) {
                if (node.name === 'style' && (child.type === 'text' || child.type === 'cdata')) child.value = followRenames(child.value, renamed, 'style');
              }
            }
          },
        },
      };
    },
  };
}

function safe(id: string): string {
  const ascii = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^[A-Za-z_]/.test(ascii) ? ascii : `_${ascii}`;
}

function followRenames(value: string, renamed: ReadonlyMap<string, string>, attribute: string): string {
  if ((attribute === 'href' || attribute === 'xlink:href') && value.startsWith('#')) return `#${renamed.get(value.slice(1)) ?? value.slice(1)}`;
  return value.replace(/url\(\s*(['"]?)#([^'")]+)\1\s*\)/g, (match, quote: string, id: string) => {
    const target = renamed.get(id);
    return target === undefined ? match : `url(${quote}#${target}${quote})`;
  });
}
