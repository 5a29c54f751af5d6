/**
 * rehypeHighlight: code blocks coloured at build time, so no edition runs a script. The language
 * is the fence's info string (`language-rust` on the `<code>`); the grammars are GitHub's own
 * (starry-night, the unified ecosystem's highlighter), and the tokens become `<span class="pl-…">`
 * whose colours are the style sheets' (base.css for print, epub.css for e-readers), never inline
 * styles. A language no grammar knows stays plain, with no warning: a fence's info string is
 * often a label (`console`, `text`, `output`). A block marked up inside (raw HTML with `<b>` or
 * links) keeps its markup and is not coloured.
 *
 * The 34 common grammars are loaded once, at the first block with a language; a rarer language
 * registers its grammar (and those it embeds) from the full set when a block asks for it.
 */
import type { Grammar } from '@wooorm/starry-night';
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

type StarryNight = Awaited<ReturnType<(typeof import('@wooorm/starry-night'))['createStarryNight']>>;

let starryNight: Promise<{ highlighter: StarryNight; all: readonly Grammar[] }> | undefined;

function load(): Promise<{ highlighter: StarryNight; all: readonly Grammar[] }> {
  starryNight ??= import('@wooorm/starry-night').then(async ({ createStarryNight, common, all }) => ({ highlighter: await createStarryNight(common), all }));
  return starryNight;
}

/** Options of {@link rehypeHighlight}. */
export interface Options {
  /** Colour the code. Default true; `--no-highlight` turns it off. */
  highlight?: boolean;
}

/** Replaces the text of every `pre > code` with a language by its highlighted tokens. */
export default function rehypeHighlight(options: Options = {}) {
  return async (tree: Root): Promise<void> => {
    if (options.highlight === false) return;
    const blocks: Array<{ code: Element; flag: string }> = [];
    visit(tree, 'element', (node, _index, parent) => {
      // A listing marked up inside (raw HTML with <b> or links) keeps its own markup, uncoloured.
      const plain = node.children.every((child) => child.type === 'text');
      const flag = plain && node.tagName === 'code' && parent?.type === 'element' && parent.tagName === 'pre' ? languageOf(node) : undefined;
      if (flag) blocks.push({ code: node, flag });
    });
    if (blocks.length === 0) return;
    const { highlighter, all } = await load();
    await registerRare(highlighter, all, blocks.map(({ flag }) => flag));
    for (const { code, flag } of blocks) {
      const scope = highlighter.flagToScope(flag);
      if (scope === undefined) continue;
      code.children = highlighter.highlight(toString(code), scope).children as ElementContent[];
    }
  };
}

/** `rust` from `class="language-rust"`. */
function languageOf(code: Element): string | undefined {
  const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
  const language = classes.map(String).find((name) => name.startsWith('language-'));
  return language?.slice('language-'.length).toLowerCase() || undefined;
}

/** Registers, from the full set, the grammars of `flags` the loaded ones do not know, with the grammars they embed. */
async function registerRare(highlighter: StarryNight, all: readonly Grammar[], flags: string[]): Promise<void> {
  const wanted = new Map<string, Grammar>();
  const add = (grammar: Grammar | undefined): void => {
    if (!grammar || wanted.has(grammar.scopeName) || highlighter.scopes().includes(grammar.scopeName)) return;
    wanted.set(grammar.scopeName, grammar);
    for (const scope of grammar.dependencies ?? []) add(all.find((each) => each.scopeName === scope));
  };
  for (const flag of new Set(flags)) {
    if (highlighter.flagToScope(flag) !== undefined) continue;
    add(all.find((grammar) => grammar.names.includes(flag) || grammar.extensions.includes(`.${flag}`)));
  }
  if (wanted.size > 0) await highlighter.register([...wanted.values()]);
}
