/**
 * The shape shared by the handlers that turn constructs of a page into Markdown (rehype-remark's
 * `handlers`): each construct has its own module (figures, footnotes, embeds).
 */
import type { Options } from 'rehype-remark';

/** A rehype-remark handler: a hast element to mdast nodes, or nothing. */
export type Handler = NonNullable<NonNullable<Options['handlers']>[string]>;
/** The conversion's state a handler gets (`state.all`, `state.toFlow`, `state.resolve`…). */
export type State = Parameters<Handler>[0];
/** The hast element a handler gets. */
export type HandledElement = Parameters<Handler>[1];
