/**
 * The two references an SVG may keep, as the sanitizer tells them from those that leave the
 * file: a same-document `#fragment`, and an `<image>` whose `data:` URL holds the raster it declares.
 */
import { decodeDataUri } from './data-uri.ts';
import { hasRasterSignature } from './sniff.ts';

/** A same-document reference: a URL that is only a fragment (white space around it is ignored). */
export function isFragment(url: string): boolean {
  return url.trim().startsWith('#');
}

/** A `data:` URL holding the PNG, JPEG or GIF it declares: the one kind of `<image>` source kept. */
export function isEmbeddedRaster(url: string): boolean {
  const decoded = decodeDataUri(url.trim());
  return decoded.ok && hasRasterSignature(decoded.bytes, decoded.declaredType);
}
