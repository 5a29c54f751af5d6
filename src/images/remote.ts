/**
 * Fetches a remote image once, for every edition, when the user allowed remote content
 * (`--allow-remote`): bounded in time and size, so a slow or huge answer cannot stall a build.
 */

/** What a fetch gives: the bytes, or why there are none. */
export type Fetched = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Images larger than this are refused: no page needs them, and they would fill memory. */
export const MAX_REMOTE_IMAGE_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** Fetches `url`; never throws. */
export async function fetchRemoteImage(url: string, { timeoutMs = TIMEOUT_MS, maxBytes = MAX_REMOTE_IMAGE_BYTES } = {}): Promise<Fetched> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!response.ok) return { ok: false, reason: `the server answered ${response.status} ${response.statusText}`.trim() };
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: `it is larger than ${maxBytes / 1024 / 1024} MB` };
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) return { ok: false, reason: `it is larger than ${maxBytes / 1024 / 1024} MB` };
    return { ok: true, bytes };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, reason: (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause ?? (error as Error).message) };
  }
}
