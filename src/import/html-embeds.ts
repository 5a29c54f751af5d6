/**
 * What a printed page or an e-book cannot carry: embedded videos and frames, audio, plug-in
 * objects, forms, script-drawn canvases and MathML formulas. Each is left out of the Markdown with
 * one warning line that says what it was and where it led, so the author can link to it in words.
 * (Readability itself removes frames other than videos, and most forms, before they reach here.)
 */
import type { Element } from 'hast';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Text } from 'mdast';
import { shorten, warn, type ArticleContext } from './html-context.ts';
import type { HandledElement, Handler } from './html-handlers.ts';
import { resolveUrl } from './html-page.ts';

/** Addresses of video players (Readability's own list, which keeps these frames). */
const VIDEO_PLAYER = /\/\/(?:www\.)?(?:(?:dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|(?:archive|upload\.wikimedia)\.org|player\.twitch\.tv)/i;
const NOT_CARRIED = 'a printed page or an e-book cannot play or show it; link to it in the text if readers need it';

/** Handlers that leave embeds out, each with a warning on `context`. */
export function embedHandlers(context: ArticleContext): Record<string, Handler> {
  const leaveOut = (what: (node: Element) => string) => (_state: unknown, node: HandledElement) => {
    warn(context, `${what(node)} is not carried: ${NOT_CARRIED}.`);
    return undefined;
  };
  const at = (node: Element, ...names: string[]) => address(context, node, names);
  return {
    iframe: leaveOut((node) => `The embedded ${VIDEO_PLAYER.test(String(node.properties.src ?? '')) ? 'video' : 'frame'}${at(node, 'src')}`),
    video: leaveOut((node) => `The video${at(node, 'src')}`),
    audio: leaveOut((node) => `The audio${at(node, 'src')}`),
    object: leaveOut((node) => `The embedded object${at(node, 'data')}`),
    embed: leaveOut((node) => `The embedded object${at(node, 'src')}`),
    canvas: leaveOut(() => 'A picture the page draws with a script (`<canvas>`)'),
    form: leaveOut((node) => `A form${named(node)}`),
    math(_state: unknown, node: HandledElement): Text | undefined {
      const text = String(node.properties.alttext ?? '').trim() || toString(node).trim();
      warn(context, `A formula (MathML) is not carried as a formula${text ? `; its text “${shorten(text, 60)}” stands in its place` : ''}.`);
      return text ? { type: 'text', value: text } : undefined;
    },
  };
}

/** ` at ADDRESS` from the first of `names` the element or its `<source>` has, made absolute when the page's address is known. */
function address(context: ArticleContext, node: Element, names: string[]): string {
  const sources = [node, ...selectAll('source', node)];
  const value = sources.flatMap((element) => names.map((name) => String(element.properties[name] ?? '').trim())).find(Boolean);
  if (!value) return '';
  const base = context.places.linkBase;
  return ` at ${shorten((base ? resolveUrl(value, base) : undefined) ?? value)}`;
}

/** ` “Subscribe”` from a form's legend, heading or button, when it has one. */
function named(form: Element): string {
  const label = selectAll('legend, h1, h2, h3, h4, h5, h6, button, input[type=submit]', form)[0];
  const text = label ? (toString(label).trim() || String(label.properties.value ?? '').trim()) : '';
  return text ? ` “${shorten(text, 60)}”` : '';
}
