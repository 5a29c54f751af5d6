/**
 * A page's footnotes as GFM footnotes: each reference marked by `html-notes.ts` becomes `[^1]`,
 * each note put back after the article its definition `[^1]: …`. Other links are links, with
 * their address and without their tooltip (`title`), which pages fill with the link's own text;
 * an anchor without an address keeps only its text.
 */
import type { FootnoteDefinition, FootnoteReference, Link, PhrasingContent, RootContent } from 'mdast';
import type { HandledElement, Handler, State } from './html-handlers.ts';

/** The `a` and `div` handlers. */
export const footnoteHandlers: Record<string, Handler> = {
  a(state: State, node: HandledElement): FootnoteReference | Link | PhrasingContent[] {
    const label = node.properties.dataImprintNote;
    if (typeof label === 'string' && label !== '') {
      const reference: FootnoteReference = { type: 'footnoteReference', identifier: label.toLowerCase(), label };
      state.patch(node, reference);
      return reference;
    }
    const href = String(node.properties.href ?? '').trim();
    // An anchor without an address (`<a id="top">`) is a place, not a link: its text stays.
    if (href === '') return state.all(node) as PhrasingContent[];
    const link: Link = { type: 'link', url: state.resolve(href), title: null, children: state.all(node) as PhrasingContent[] };
    state.patch(node, link);
    return link;
  },
  div(state: State, node: HandledElement): FootnoteDefinition | RootContent[] {
    const label = node.properties.dataImprintNoteDefinition;
    const content = state.toFlow(state.all(node));
    if (typeof label !== 'string' || label === '') return content as RootContent[];
    const definition: FootnoteDefinition = { type: 'footnoteDefinition', identifier: label.toLowerCase(), label, children: content as FootnoteDefinition['children'] };
    state.patch(node, definition);
    return definition;
  },
};
