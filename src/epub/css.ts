/**
 * The e-reader style sheet with its custom properties resolved. The shared sheets name fonts and
 * colours once (`--text-font`, `--rule`, `--muted`); many reading systems, and calibre (so every
 * Kindle conversion), do not know `var()` and drop each declaration that uses it: the book would
 * lose its fonts, rules and colours there. postcss-custom-properties writes the values in.
 */
import postcss from 'postcss';
import postcssCustomProperties from 'postcss-custom-properties';

const compiler = postcss([postcssCustomProperties({ preserve: false })]);

/** `css` with every `var()` replaced by its value and the custom properties themselves removed. */
export async function compileEpubCss(css: string): Promise<string> {
  const result = await compiler.process(css, { from: undefined });
  // The definitions are kept by the plugin; nothing reads them any more.
  result.root.walkDecls(/^--/, (declaration) => {
    declaration.remove();
  });
  result.root.walkRules((rule) => {
    if (rule.nodes.length === 0) rule.remove();
  });
  return result.root.toString();
}
