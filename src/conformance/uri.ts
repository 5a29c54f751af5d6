/**
 * Addresses every edition can carry. Browsers accept almost anything (the WHATWG URL parser
 * repairs it), EPUB checkers want RFC 3986 URIs: an address is parsed as a browser would, then
 * written so that both agree: WHATWG serialization (spaces, backslashes and non-ASCII
 * percent-encoded), then the few characters RFC 3986 forbids that WHATWG leaves as they are
 * (`{ } | ^ [ ]` in paths and queries) percent-encoded too. A web address whose host is no
 * domain or IP address (`https://../`, ``https://foo.`bar``) is refused.
 */

/** Characters RFC 3986 allows after the authority, besides `%XX` escapes. */
const URI_CHARACTER = /[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]/;
/** A DNS label as hosts are written once WHATWG has made them ASCII (punycode, lower case). */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
const WEB = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:']);

/** The address as the editions write it, or undefined when it is no valid absolute address. */
export function serializeUrl(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (WEB.has(url.protocol) && !validHost(url.hostname)) return undefined;
  const href = url.href;
  // The authority (`https://user@host:port`) is WHATWG's own and already valid; encode what follows it.
  const authority = href.startsWith('//', url.protocol.length) ? url.protocol.length + 2 : url.protocol.length;
  const found = href.slice(authority).search(/[/?#]/);
  const start = url.host === '' || found === -1 ? (url.host === '' ? url.protocol.length : href.length) : authority + found;
  const rest = href.slice(start);
  const hash = rest.indexOf('#');
  // A `#` inside the fragment is allowed by WHATWG, not by RFC 3986.
  return hash === -1
    ? href.slice(0, start) + encodeRest(rest)
    : href.slice(0, start) + encodeRest(rest.slice(0, hash)) + '#' + encodeRest(rest.slice(hash + 1), FRAGMENT_CHARACTER);
}

/** The `#fragment` that names `id`: WHATWG-serialized, and `#` and what else RFC 3986 forbids there escaped. */
export function fragmentHref(id: string): string {
  // `%` is escaped first so that a reader decoding the fragment finds the id itself.
  const hash = new URL(`#${id.replaceAll('%', '%25')}`, 'http://localhost/').hash.slice(1);
  return `#${encodeRest(hash, FRAGMENT_CHARACTER)}`;
}

/** Characters RFC 3986 allows in a fragment, besides `%XX`. */
const FRAGMENT_CHARACTER = /[A-Za-z0-9\-._~:/?@!$&'()*+,;=]/;

function encodeRest(rest: string, allowed = URI_CHARACTER): string {
  let out = '';
  for (let index = 0; index < rest.length; index++) {
    const character = rest[index]!;
    if (character === '%' && /^[0-9A-Fa-f]{2}$/.test(rest.slice(index + 1, index + 3))) out += character;
    else if (allowed.test(character)) out += character;
    // Only ASCII is left here: WHATWG has already encoded the rest.
    else out += `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function validHost(hostname: string): boolean {
  if (hostname.startsWith('[')) return true;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname)) return true;
  const labels = hostname.replace(/\.$/, '').split('.');
  return labels.length > 0 && labels.every((label) => label.length <= 63 && LABEL.test(label));
}

/** Percent-decoded text, or the text as written when its percent-encoding is broken (`%zz`, a lone `%`). */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
