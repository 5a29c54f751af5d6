/**
 * What a page in the browser may load. Everything else (other files, the network, websockets) is
 * refused and reported: a manuscript from someone else must not read the machine's files or call out.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isInside } from '../paths.ts';

/** The rule a page is held to while it loads. */
export interface RequestPolicy {
  /** Folders whose files may load (the page's own folder, the manuscript's, the styles), real paths. */
  allowedFolders: string[];
  /** Let `http:`/`https:` requests through (--allow-remote). */
  allowRemote: boolean;
  /** Told about every refused request. */
  onBlocked: (url: string) => void;
}

/** Whether `url` may load under `policy`. */
export function isAllowed(url: string, policy: RequestPolicy): boolean {
  if (url.startsWith('data:')) return true;
  if (/^https?:/i.test(url)) return policy.allowRemote;
  if (!url.startsWith('file:')) return false;
  let file: string;
  try {
    file = realpathSync(fileURLToPath(url));
  } catch {
    // A file that does not exist cannot leak anything, but it is not the page's either.
    return false;
  }
  return policy.allowedFolders.some((folder) => isInside(folder, file));
}
