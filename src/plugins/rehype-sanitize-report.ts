/**
 * rehypeSanitizeReport: says what the sanitizer is about to leave out, so that nothing disappears
 * silently. Run just before rehype-sanitize with the same schema: each kind of element unwrapped
 * (its content kept) or removed with its content, each attribute and each link protocol left out,
 * is reported once per file, at its first place, with a count.
 */
import type { Element, Root } from 'hast';
import type { Schema } from 'hast-util-sanitize';
import { find, html } from 'property-information';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import type { Position } from 'unist';

/** Options: the schema rehype-sanitize is given. */
export interface Options {
  schema: Schema;
}

interface Finding {
  reason: (count: number) => string;
  place: Position | undefined;
  count: number;
}

const times = (count: number) => (count === 1 ? '' : ` (${count} times in this file)`);

/** Reports what `schema` will remove from the tree; the tree itself is not changed. */
export default function rehypeSanitizeReport(options: Options) {
  const schema = options.schema;
  const tagNames = new Set(schema.tagNames ?? []);
  const strip = new Set(schema.strip ?? []);
  return (tree: Root, file: VFile): void => {
    const findings = new Map<string, Finding>();
    const note = (key: string, node: Element, reason: Finding['reason']) => {
      const finding = findings.get(key);
      if (finding) finding.count += 1;
      else findings.set(key, { reason, place: node.position, count: 1 });
    };
    visitParents(tree, 'element', (node: Element, ancestors) => {
      const tag = node.tagName;
      if (strip.has(tag)) {
        note(`strip:${tag}`, node, (count) => `The HTML element \`<${tag}>\` is left out with its content: no edition can carry it${times(count)}`);
        return SKIP;
      }
      // An element that goes takes its attributes with it: they are not reported on their own.
      if (!tagNames.has(tag)) {
        note(`unwrap:${tag}`, node, (count) => `The HTML element \`<${tag}>\` is not carried by the editions: its content is kept without it${times(count)}`);
        return undefined;
      }
      if (!hasAllowedAncestor(tag, ancestors, schema)) {
        note(`misplaced:${tag}`, node, (count) => `The HTML element \`<${tag}>\` is out of place here: its content is kept without it${times(count)}`);
        return undefined;
      }
      for (const [property, value] of Object.entries(node.properties)) {
        if (value === undefined || value === null || value === false) continue;
        const name = attributeName(property);
        if (!attributeAllowed(tag, property, value, schema)) {
          note(`attribute:${name}`, node, (count) => `The \`${name}\` attribute is not carried by the editions; it is left out${times(count)}`);
          continue;
        }
        const protocol = disallowedProtocol(property, value, schema);
        if (protocol) {
          note(`protocol:${protocol}`, node, (count) => `Addresses starting with \`${protocol}:\` are not allowed in the editions; the \`${name}\` is left out${times(count)}`);
        }
      }
      return undefined;
    });
    for (const finding of findings.values()) {
      file.message(finding.reason(finding.count), { place: finding.place, ruleId: 'raw-html', source: 'imprint' });
    }
  };
}

function hasAllowedAncestor(tag: string, ancestors: readonly unknown[], schema: Schema): boolean {
  const allowed = schema.ancestors?.[tag];
  if (!allowed) return true;
  return ancestors.some((ancestor) => (ancestor as Element).type === 'element' && allowed.includes((ancestor as Element).tagName));
}

function attributeAllowed(tag: string, property: string, value: unknown, schema: Schema): boolean {
  const definitions = [...(schema.attributes?.[tag] ?? []), ...(schema.attributes?.['*'] ?? [])];
  const matching = definitions.filter((definition) => (typeof definition === 'string' ? definition : definition[0]) === property);
  if (matching.length === 0) return false;
  if (matching.some((definition) => typeof definition === 'string')) return true;
  const values = Array.isArray(value) ? value : [value];
  // A class list keeps the allowed classes; the attribute is lost only when none is allowed.
  return values.some((item) =>
    matching.some((definition) =>
      (definition as unknown[]).slice(1).some((allowed) => (allowed instanceof RegExp ? allowed.test(String(item)) : allowed === item)),
    ),
  );
}

function disallowedProtocol(property: string, value: unknown, schema: Schema): string | undefined {
  const protocols = schema.protocols?.[property];
  if (!protocols) return undefined;
  const url = String(value);
  const colon = url.indexOf(':');
  if (colon === -1) return undefined;
  // As hast-util-sanitize reads it: a colon after a slash, `?` or `#` is part of a relative URL.
  const before = url.slice(0, colon);
  if (/[/?#]/.test(before)) return undefined;
  // Compared as written, as the sanitizer compares them: `HTTP:` is not `http:`.
  return protocols.includes(before) ? undefined : before;
}

/** The attribute as the author wrote it: `onClick` → `onclick`, `className` → `class`. */
function attributeName(property: string): string {
  return find(html, property).attribute;
}
