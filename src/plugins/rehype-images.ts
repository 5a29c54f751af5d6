/**
 * rehypeImages: one policy for every image, written in Markdown or raw HTML, decided once for all
 * editions. A local file must lie inside the manuscript's folder; a `data:` URL is decoded; a
 * remote image is fetched only with `--allow-remote`. Every image's type is read from its bytes,
 * an SVG is sanitized as SVG, and the bytes every edition carries are kept here, under a name of
 * their content (`images/3f…a1.png`), which becomes the image's `src`: the HTML edition inlines
 * them, the EPUB packs them as files, and no later stage fetches anything.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { decodeDataUri } from '../images/data-uri.ts';
import { fetchRemoteImage } from '../images/remote.ts';
import { reportedRemovals, sanitizeSvg } from '../images/sanitize-svg.ts';
import { hasReadableSize, sniffImageType } from '../images/sniff.ts';
import { IMAGE_MEDIA_TYPES, type EditionImage, type ImageMediaType } from '../model.ts';
import { safeDecode } from '../conformance/uri.ts';
import { reportFatal } from '../options/errors.ts';
import { isInside } from '../paths.ts';

declare module 'vfile' {
  interface DataMap {
    /** The images of the file, by their `src` in the text. */
    images: Record<string, EditionImage>;
  }
}

/** Options of {@link rehypeImages}. */
export interface Options {
  /** Fetch remote (`http:`/`https:`) images while building. Default false. */
  allowRemote?: boolean;
}

type MediaType = ImageMediaType;
const EXTENSIONS: Record<MediaType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg' };
const SOURCE = 'imprint';
/** Where an image's bytes come from, before they are checked. */
type Origin = { kind: 'local'; path: string } | { kind: 'data' } | { kind: 'remote'; url: string };

/** Resolves, checks and records every `<img>`; problems are messages at the image's place. */
export default function rehypeImages(options: Options = {}) {
  return async (tree: Root, file: VFile): Promise<void> => {
    const images: Record<string, EditionImage> = {};
    file.data.images = images;
    const folder = file.path ? realFolder(path.dirname(path.resolve(file.path))) : process.cwd();
    const pending: Array<{ node: Element; parent: Root | Element; load: Promise<Loaded> }> = [];

    visit(tree, 'element', (node: Element, _index, parent) => {
      if (node.tagName !== 'img' || !parent) return;
      const place = node.position;
      if (typeof node.properties.alt !== 'string' || node.properties.alt.trim() === '') {
        file.message('This image has no alt text: describe it for readers who cannot see it (`![description](file.png)`)', { place, ruleId: 'image-alt', source: SOURCE });
      }
      checkDimensions(node, file);
      const src = node.properties.src === undefined || node.properties.src === null ? '' : String(node.properties.src).trim();
      const origin = originOf(src, folder, options.allowRemote === true, file, node);
      if (!origin) {
        pending.push({ node, parent, load: Promise.resolve({ dropped: true }) });
        return;
      }
      pending.push({ node, parent, load: load(origin, src, file, node) });
    });

    for (const { node, parent, load: loading } of pending) {
      const loaded = await loading;
      if ('dropped' in loaded) {
        replaceWithAlt(node, parent);
        continue;
      }
      const image = register(loaded, images);
      node.properties.src = image.name;
    }
  };
}

interface Bytes {
  data: Uint8Array;
  mediaType: MediaType;
  sourcePath?: string;
}
type Loaded = Bytes | { dropped: true };

/** Where `src` points, or undefined (after a message) when the image cannot be used. */
function originOf(src: string, folder: string, allowRemote: boolean, file: VFile, node: Element): Origin | undefined {
  const place = node.position;
  if (src === '') {
    file.message('This image names no file (its `src` is empty); its description is shown instead', { place, ruleId: 'image', source: SOURCE });
    return undefined;
  }
  if (/^data:/i.test(src)) return { kind: 'data' };
  if (/^https?:/i.test(src) || src.startsWith('//')) {
    const url = src.startsWith('//') ? `https:${src}` : src;
    if (allowRemote) return { kind: 'remote', url };
    file.message(`The remote image ${shorten(src)} is not fetched: download it next to the manuscript, or build with --allow-remote`, { place, ruleId: 'remote-image', source: SOURCE });
    return undefined;
  }
  const fatal = (reason: string) => {
    reportFatal(file, reason, { place, ruleId: 'image' });
    return undefined;
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || path.isAbsolute(src)) return fatal(`The image ${shorten(src)} is not a path inside the manuscript folder: copy it there and refer to it relatively`);
  const target = path.resolve(folder, safeDecode(src.replace(/[?#].*$/, '')));
  if (!existsSync(target) || !statSync(target).isFile()) return fatal(`The image ${src} does not exist (looked for ${target})`);
  const real = realpathSync(target);
  if (!isInside(folder, real)) return fatal(`The image ${src} leads outside the manuscript folder ${folder}: images must live inside it`);
  return { kind: 'local', path: real };
}

/** Reads the image's bytes and checks them; a problem is a message on `file`. */
async function load(origin: Origin, src: string, file: VFile, node: Element): Promise<Loaded> {
  const place = node.position;
  const warn = (reason: string): Loaded => {
    file.message(reason, { place, ruleId: 'image', source: SOURCE });
    return { dropped: true };
  };
  let data: Uint8Array;
  if (origin.kind === 'data') {
    const decoded = decodeDataUri(src);
    if (!decoded.ok) return warn(`The inline (data:) image is broken (${decoded.message}); its description is shown instead`);
    data = decoded.bytes;
  } else if (origin.kind === 'remote') {
    const fetched = await fetchRemoteImage(origin.url);
    if (!fetched.ok) return warn(`The remote image ${shorten(origin.url)} could not be fetched (${fetched.reason}); its description is shown instead`);
    data = fetched.bytes;
  } else {
    data = await readFile(origin.path);
  }
  const mediaType = await sniffImageType(data);
  const what = origin.kind === 'local' ? `The image ${src}` : origin.kind === 'remote' ? `The remote image ${shorten(origin.url)}` : 'The inline (data:) image';
  if (!mediaType || !(IMAGE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    const reason = `${what} is not a PNG, JPEG, GIF or SVG image (the types every e-reader shows)${mediaType ? ` but ${mediaType}` : ''}: convert it`;
    if (origin.kind !== 'local') return warn(`${reason}; its description is shown instead`);
    reportFatal(file, reason, { place, ruleId: 'image' });
    return { dropped: true };
  }
  const sourcePath = origin.kind === 'local' ? { sourcePath: origin.path } : {};
  if (mediaType !== 'image/svg+xml') {
    // Magic bytes alone do not make a picture: a cut-off file has them too, and e-readers refuse it.
    if (!hasReadableSize(data)) {
      const reason = `${what} is damaged or cut short: its size cannot be read`;
      if (origin.kind !== 'local') return warn(`${reason}; its description is shown instead`);
      reportFatal(file, reason, { place, ruleId: 'image' });
      return { dropped: true };
    }
    return { data, mediaType: mediaType as MediaType, ...sourcePath };
  }
  const sanitized = sanitizeSvg(data);
  if (!sanitized.ok) return warn(`${what} is not a well-formed SVG (${sanitized.reason}); its description is shown instead`);
  const removed = reportedRemovals(sanitized.removed);
  if (removed !== '') file.message(`${what} had parts no edition may carry, left out: ${removed}`, { place, ruleId: 'svg', source: SOURCE });
  return { data: new TextEncoder().encode(sanitized.svg), mediaType: 'image/svg+xml', ...sourcePath };
}

function register(loaded: Bytes, images: Record<string, EditionImage>): EditionImage {
  const digest = createHash('sha256').update(loaded.data).digest('hex').slice(0, 16);
  const name = `images/${digest}.${EXTENSIONS[loaded.mediaType]}`;
  images[name] ??= { name, mediaType: loaded.mediaType, data: loaded.data, ...(loaded.sourcePath ? { sourcePath: loaded.sourcePath } : {}) };
  return images[name]!;
}

/** An image that cannot be shown gives way to its description, so the text still reads. */
function replaceWithAlt(node: Element, parent: Root | Element): void {
  const index = parent.children.indexOf(node);
  if (index === -1) return;
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
  const replacement: ElementContent = { type: 'element', tagName: 'span', properties: { className: ['image-alt'] }, children: [{ type: 'text', value: alt }] };
  parent.children.splice(index, 1, replacement);
}

/**
 * `width` and `height` say how large a small picture prints; HTML wants whole pixels. `120px`
 * becomes `120`; a percentage or other unit is left out, with a warning.
 */
function checkDimensions(node: Element, file: VFile): void {
  for (const key of ['width', 'height'] as const) {
    const value = node.properties[key];
    if (value === undefined || value === null) continue;
    const match = /^\s*(\d+)(?:\.\d+)?\s*(?:px)?\s*$/i.exec(String(value));
    if (match) {
      node.properties[key] = Number(match[1]);
      continue;
    }
    delete node.properties[key];
    file.message(`The image's ${key} \`${String(value)}\` is not a number of pixels; it is left out`, { place: node.position, ruleId: 'image', source: SOURCE });
  }
}

function shorten(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

