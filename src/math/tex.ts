/**
 * TeX formulas typeset by MathJax, in the two forms the editions need: SVG (drawn glyph paths, no
 * font to carry) for the HTML edition and the printed page, and MathML for the EPUB, whose
 * reading systems typeset it themselves. MathJax is loaded at the first formula. A formula TeX
 * cannot read throws {@link TexProblem} with MathJax's message, never a red `merror` box: the
 * `noerrors` and `noundefined` packages are left out, as is `html`, which would let a formula
 * write attributes (`\class`, `\style`, `\href`) into the edition.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Why a formula could not be typeset, in TeX's words. */
export class TexProblem extends Error {
  override name = 'TexProblem';
}

const LEFT_OUT = new Set(['noerrors', 'noundefined', 'html', 'bussproofs']);

interface MathJaxDocument {
  convert(tex: string, options: { display: boolean; end?: number }): unknown;
}
interface Engine {
  document: MathJaxDocument;
  outerSvg(node: unknown): string;
  mathml(node: unknown): string;
  convertState: number;
}

let engine: Engine | undefined;

function load(): Engine {
  if (engine) return engine;
  // mathjax-full 3 is CommonJS; its modules are loaded by path, as its own documentation does.
  const { mathjax } = require('mathjax-full/js/mathjax.js');
  const { TeX } = require('mathjax-full/js/input/tex.js');
  const { SVG } = require('mathjax-full/js/output/svg.js');
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js');
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js');
  const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js');
  const { SerializedMmlVisitor } = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js');
  const { STATE } = require('mathjax-full/js/core/MathItem.js');
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const tex = new TeX({
    packages: (AllPackages as string[]).filter((name) => !LEFT_OUT.has(name)),
    formatError: (_jax: unknown, error: Error) => {
      throw error;
    },
  });
  const document = mathjax.document('', { InputJax: tex, OutputJax: new SVG({ fontCache: 'none' }) }) as MathJaxDocument;
  const visitor = new SerializedMmlVisitor();
  engine = {
    document,
    outerSvg: (node) => adaptor.innerHTML(node) as string,
    mathml: (node) => visitor.visitTree(node) as string,
    convertState: STATE.CONVERT as number,
  };
  return engine;
}

/** The formula as an `<svg>` element's markup (MathJax's, with `role="img"`). */
export function texToSvg(tex: string, display: boolean): string {
  const { document, outerSvg } = load();
  return outerSvg(convert(document, tex, { display }));
}

/** MathML already made, by display and TeX: an e-book with embedded fonts asks for each formula twice (its faces, its documents). */
const mathmlMade = new Map<string, string>();

/** The formula as a `<math>` element's markup, in the MathML namespace. */
export function texToMathml(tex: string, display: boolean): string {
  const key = `${display ? 'display' : 'inline'}\u0000${tex}`;
  const made = mathmlMade.get(key);
  if (made !== undefined) return made;
  const { document, mathml, convertState } = load();
  const markup = mathml(convert(document, tex, { display, end: convertState }));
  // A long preview session sees many versions of its formulas: the memo stays small.
  if (mathmlMade.size >= 10_000) mathmlMade.clear();
  mathmlMade.set(key, markup);
  return markup;
}

function convert(document: MathJaxDocument, tex: string, options: { display: boolean; end?: number }): unknown {
  try {
    return document.convert(tex, options);
  } catch (error) {
    throw new TexProblem((error as Error).message);
  }
}
