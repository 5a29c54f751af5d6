/**
 * The EPUB's formulas as MathML: EPUB 3 reading systems typeset MathML themselves (at the reader's
 * size, in night mode, read aloud by their screen readers), so each formula the shared tree holds
 * as SVG (plugins/rehype-math.ts) is set again from its TeX as `<math>`. The documents holding one
 * are marked with the `mathml` property in the package.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { texToMathml } from '../math/tex.ts';
import { MATH_CLASS, TEX_PROPERTY } from '../plugins/rehype-math.ts';

const MATHML_NAMESPACE = 'http://www.w3.org/1998/Math/MathML';
/** A formula rehype-math typeset: its class, and its TeX kept for the EPUB. */
const FORMULA = `.${MATH_CLASS}[data-tex]`;

/** A copy of `body` with every typeset formula's SVG replaced by its MathML. */
export function formulasAsMathml(body: ElementContent[]): ElementContent[] {
  if (!select(FORMULA, { type: 'root', children: body })) return body;
  const copy: Root = { type: 'root', children: structuredClone(body) };
  for (const node of selectAll(FORMULA, copy)) {
    const tex = String(node.properties[TEX_PROPERTY]);
    const display = node.tagName === 'div';
    const math = fromHtml(texToMathml(tex, display), { fragment: true }).children.find((child): child is Element => child.type === 'element');
    if (!math) continue;
    // The namespace is written as an attribute: the XHTML serializer names each element's namespace from it.
    math.properties = { ...math.properties, xmlns: MATHML_NAMESPACE, alttext: tex };
    node.children = [math];
    delete node.properties[TEX_PROPERTY];
  }
  return copy.children as ElementContent[];
}
