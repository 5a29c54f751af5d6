/**
 * The EPUB's formulas as MathML: EPUB 3 reading systems typeset MathML themselves (at the reader's
 * size, in night mode, read aloud by their screen readers), so each formula the shared tree holds
 * as SVG (plugins/rehype-math.ts) is set again from its TeX as `<math>`. The documents holding one
 * are marked with the `mathml` property in the package.
 */
import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { texToMathml } from '../math/tex.ts';
import { MATH_CLASS, TEX_PROPERTY } from '../plugins/rehype-math.ts';

const MATHML_NAMESPACE = 'http://www.w3.org/1998/Math/MathML';

/** A copy of `body` with every typeset formula's SVG replaced by its MathML. */
export function formulasAsMathml(body: ElementContent[]): ElementContent[] {
  if (!holdsFormula(body)) return body;
  const copy = structuredClone(body);
  visit({ type: 'root', children: copy }, 'element', (node: Element) => {
    const tex = node.properties[TEX_PROPERTY];
    if (typeof tex !== 'string' || !isFormula(node)) return;
    const display = node.tagName === 'div';
    const math = fromHtml(texToMathml(tex, display), { fragment: true }).children.find((child): child is Element => child.type === 'element');
    if (!math) return;
    // The namespace is written as an attribute: the XHTML serializer names each element's namespace from it.
    math.properties = { ...math.properties, xmlns: MATHML_NAMESPACE, alttext: tex };
    node.children = [math];
    delete node.properties[TEX_PROPERTY];
  });
  return copy;
}

function holdsFormula(body: ElementContent[]): boolean {
  let found = false;
  visit({ type: 'root', children: body }, 'element', (node: Element) => {
    if (isFormula(node)) found = true;
  });
  return found;
}

function isFormula(node: Element): boolean {
  return Array.isArray(node.properties.className) && node.properties.className.includes(MATH_CLASS) && typeof node.properties[TEX_PROPERTY] === 'string';
}
