/**
 * What Chromium may load while printing one build's pages: files in the output folder (the staged
 * page), the manuscript's folder and Imprint's styles; data: URLs; the network only with
 * --allow-remote. Each refused request is a warning on the manuscript, once.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { RequestPolicy } from '../browser/request-policy.ts';
import { packageFile } from '../paths.ts';

/** The policy for a build writing into `outDir` from the manuscript at `home` (a file or a folder). */
export function requestPolicy(file: VFile, allowRemote: boolean, folders: { outDir: string; home: string }): RequestPolicy {
  const refused = new Set<string>();
  const home = [folders.outDir, folders.home].map((folder) => (existsSync(folder) && statSync(folder).isFile() ? path.dirname(folder) : folder));
  return {
    allowedFolders: [...home, packageFile('styles')].map((folder) => realpathSync(folder)),
    allowRemote,
    onBlocked(url) {
      if (refused.has(url)) return;
      refused.add(url);
      file.message(
        `Chromium was refused ${url.length > 120 ? `${url.slice(0, 120)}…` : url}: a page may load only data: URLs and files in the manuscript's folder${allowRemote ? '' : ' (remote files need --allow-remote)'}`,
        { ruleId: 'blocked-request', source: 'imprint' },
      );
    },
  };
}
