/**
 * Where a page was, as far as it and the user say: the address its relative links resolve against
 * (the URL it was read from, else its `<link rel=canonical>`, else the address Chrome notes when
 * it saves a page), and where its images lie (beside the saved file, or at the page's URL).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the page was: its file (a saved page) or its URL. */
export type PageLocation = { file: string } | { url: string };

/** Where the page's relative links and images lead. */
export interface PagePlaces {
  /** The absolute http(s) address relative links resolve against; none when the page does not say. */
  linkBase?: string;
  /** The address relative image sources resolve against: the saved file's `file:` URL or the page's URL. */
  imageBase: string;
  /** For a saved page, the folder (real path) its images must lie in: the page's own. */
  folder?: string;
}

/** Chrome's mark on a saved page: `<!-- saved from url=(0046)https://… -->`. */
export const SAVED_FROM = /^\s*saved from url=\(\d+\)(\S+)\s*$/;

/** The places of a page read from `location`, from its `<base>`, canonical link and saved-from note. */
export function pagePlaces(document: Document, location: PageLocation): PagePlaces {
  const base = document.querySelector('base[href]')?.getAttribute('href') ?? undefined;
  if ('url' in location) {
    const pageUrl = withBase(location.url, base) ?? location.url;
    return { linkBase: web(pageUrl), imageBase: pageUrl };
  }
  const file = path.resolve(location.file);
  const said = web(document.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href')) ?? savedFrom(document);
  const linkBase = said === undefined ? undefined : web(withBase(said, base) ?? said);
  return { ...(linkBase ? { linkBase } : {}), imageBase: pathToFileURL(file).href, folder: realFolder(path.dirname(file)) };
}

/** `href` resolved against `base`, or undefined when either is no URL. */
export function resolveUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

function withBase(pageUrl: string, base: string | undefined): string | undefined {
  return base === undefined ? undefined : resolveUrl(base, pageUrl);
}

/** `url` when it is an absolute http(s) URL. */
function web(url: string | null | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  return /^https?:$/.test(new URL(url).protocol) ? url : undefined;
}

function savedFrom(document: Document): string | undefined {
  for (const node of Array.from(document.childNodes)) {
    const match = node.nodeType === 8 ? SAVED_FROM.exec(node.nodeValue ?? '') : null;
    if (match) return web(match[1]);
  }
  return undefined;
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}
