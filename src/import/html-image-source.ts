/**
 * The bytes of one image of an imported page, from where its `src` leads: a file inside the saved
 * page's folder (its `NAME_files/` folder included, never outside it, not even through a link),
 * a `data:` URL, or a remote address, fetched only when the user allows it. Every image is read
 * as Imprint reads a manuscript's (`plugins/rehype-images.ts`): its type from its bytes (PNG,
 * JPEG, GIF or SVG), a raster whose size cannot be read refused as damaged, an SVG sanitized.
 */
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeDataUri } from '../images/data-uri.ts';
import { fetchRemoteImage } from '../images/remote.ts';
import { reportedRemovals, sanitizeSvg } from '../images/sanitize-svg.ts';
import { hasReadableSize, sniffImageType } from '../images/sniff.ts';
import { IMAGE_MEDIA_TYPES, type ImageMediaType } from '../model.ts';
import { isInside } from '../paths.ts';
import { shorten } from './html-context.ts';
import { resolveUrl, type PagePlaces } from './html-page.ts';

/** An image's checked bytes, or why there are none (a clause: "it is not in the page's folder"). */
export type ImageBytes = { ok: true; data: Uint8Array; mediaType: ImageMediaType; removed?: string } | { ok: false; reason: string };

type Read = { ok: true; data: Uint8Array } | { ok: false; reason: string };

/** The bytes `src` leads to, checked; never throws. */
export async function loadImage(src: string, places: PagePlaces, allowRemote: boolean): Promise<ImageBytes> {
  const read = await readSource(src, places, allowRemote);
  return read.ok ? checkBytes(read.data) : read;
}

/** Checked SVG markup (an inline `<svg>` of the page), sanitized like a file. */
export function svgImage(markup: string): ImageBytes {
  return checkSvg(new TextEncoder().encode(markup));
}

async function readSource(src: string, places: PagePlaces, allowRemote: boolean): Promise<Read> {
  if (/^data:/i.test(src)) {
    const decoded = decodeDataUri(src);
    return decoded.ok ? { ok: true, data: decoded.bytes } : { ok: false, reason: `its data: URL is broken (${decoded.message})` };
  }
  // `//host/path` means the web, even in a page saved to disk.
  const url = resolveUrl(src.startsWith('//') ? `https:${src}` : src, places.imageBase);
  if (!url) return { ok: false, reason: 'its address cannot be read' };
  const protocol = new URL(url).protocol;
  if (protocol === 'file:') {
    const local = await readLocal(url, places.folder);
    // A page saved as "HTML only" keeps the site's own relative addresses: they lead to its site, when the page says where that is.
    const onTheSite = !local.ok && !/^file:/i.test(src) && places.linkBase ? resolveUrl(src, places.linkBase) : undefined;
    return onTheSite ? readRemote(onTheSite, allowRemote) : local;
  }
  if (protocol !== 'http:' && protocol !== 'https:') return { ok: false, reason: `a ${protocol} address leads nowhere outside the browser` };
  return readRemote(url, allowRemote);
}

async function readRemote(url: string, allowRemote: boolean): Promise<Read> {
  if (!allowRemote) return { ok: false, reason: `it is remote (${shorten(url)}) and is not fetched without --allow-remote` };
  const fetched = await fetchRemoteImage(url);
  return fetched.ok ? { ok: true, data: fetched.bytes } : { ok: false, reason: `${shorten(url)} could not be fetched (${fetched.reason})` };
}

/** A saved page's image: read only when it lies inside the page's folder, links resolved. */
async function readLocal(url: string, folder: string | undefined): Promise<Read> {
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return { ok: false, reason: `it names a file on another machine (${shorten(url)})` };
  }
  if (!folder || !isInside(folder, file)) return { ok: false, reason: `it lies outside the page's folder (${shorten(file)})` };
  let real: string;
  try {
    real = realpathSync(file);
    if (!statSync(real).isFile()) return { ok: false, reason: `${shorten(file)} is not a file` };
  } catch {
    return { ok: false, reason: `${shorten(file)} does not exist` };
  }
  if (!isInside(folder, real)) return { ok: false, reason: `it leads outside the page's folder (${shorten(real)})` };
  try {
    return { ok: true, data: await readFile(real) };
  } catch (error) {
    return { ok: false, reason: `${shorten(file)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

async function checkBytes(data: Uint8Array): Promise<ImageBytes> {
  const mediaType = await sniffImageType(data);
  if (!mediaType || !(IMAGE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    return { ok: false, reason: `it is not a PNG, JPEG, GIF or SVG image${mediaType ? ` but ${mediaType}` : ''}` };
  }
  if (mediaType === 'image/svg+xml') return checkSvg(data);
  // Magic bytes alone do not make a picture: a cut-off file has them too.
  return hasReadableSize(data) ? { ok: true, data, mediaType: mediaType as ImageMediaType } : { ok: false, reason: 'it is damaged or cut short' };
}

function checkSvg(data: Uint8Array): ImageBytes {
  const sanitized = sanitizeSvg(data);
  if (!sanitized.ok) return { ok: false, reason: `it is not a well-formed SVG (${sanitized.reason})` };
  const removed = reportedRemovals(sanitized.removed);
  return { ok: true, data: new TextEncoder().encode(sanitized.svg), mediaType: 'image/svg+xml', ...(removed ? { removed } : {}) };
}
