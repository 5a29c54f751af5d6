/**
 * rehypeLocalImages: decides, once for every edition, where each image comes from. A local image
 * must exist inside the manuscript's folder (it is packed into the EPUB and inlined into the HTML);
 * a remote one is used only when the user allows remote content, because both Chromium and
 * epub-gen-memory would otherwise fetch it during the build.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** An image file the editions carry. */
export interface LocalImage {
  /** Absolute path, inside the manuscript folder. */
  path: string;
  mediaType: string;
}

declare module 'vfile' {
  interface DataMap {
    /** Local images by their `src` as written in the manuscript. */
    images: Record<string, LocalImage>;
  }
}

/** Options of {@link rehypeLocalImages}. */
export interface Options {
  /** Keep remote (`http:`/`https:`) images; they are fetched while building. Default false. */
  allowRemote?: boolean;
}

/** Image types every EPUB reading system must support (EPUB 3 core media types). */
const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

const SOURCE = 'imprint';

/** Resolves, checks and records every `<img>`; problems are messages at the image's place. */
export default function rehypeLocalImages(options: Options = {}) {
  return (tree: Root, file: VFile): void => {
    const images: Record<string, LocalImage> = {};
    file.data.images = images;
    const folder = file.path ? realFolder(path.dirname(path.resolve(file.path))) : process.cwd();

    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img') return;
      const src = node.properties.src;
      const place = node.position;
      if (typeof node.properties.alt !== 'string' || node.properties.alt.trim() === '') {
        file.message('This image has no alt text: describe it for readers who cannot see it (`![description](file.png)`)', {
          place,
          ruleId: 'image-alt',
          source: SOURCE,
        });
      }
      if (typeof src !== 'string' || src === '' || src.startsWith('data:')) return;

      if (/^https?:/i.test(src)) {
        if (options.allowRemote) return;
        file.message(`The remote image ${src} is not fetched: download it next to the manuscript, or build with --allow-remote`, {
          place,
          ruleId: 'remote-image',
          source: SOURCE,
        });
        if (parent && index !== undefined) {
          const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
          parent.children.splice(index, 1, { type: 'element', tagName: 'span', properties: { className: ['image-alt'] }, children: [{ type: 'text', value: alt }] });
        }
        return;
      }

      const problem = (reason: string) => {
        const message = file.message(reason, { place, ruleId: 'image', source: SOURCE });
        message.fatal = true;
      };
      if (/^[a-z][a-z0-9+.-]*:/i.test(src) || path.isAbsolute(src)) {
        problem(`The image ${src} is not a path inside the manuscript folder: copy it there and refer to it relatively`);
        return;
      }
      const target = path.resolve(folder, safeDecode(src.replace(/[?#].*$/, '')));
      if (!existsSync(target) || !statSync(target).isFile()) {
        problem(`The image ${src} does not exist (looked for ${target})`);
        return;
      }
      const real = realpathSync(target);
      if (!real.startsWith(folder + path.sep)) {
        problem(`The image ${src} leads outside the manuscript folder ${folder}: images must live inside it`);
        return;
      }
      const mediaType = MEDIA_TYPES[path.extname(real).toLowerCase()];
      if (!mediaType) {
        problem(`The image ${src} is not PNG, JPEG, GIF or SVG, the types every e-reader shows: convert it`);
        return;
      }
      images[src] = { path: real, mediaType };
    });
  };
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
