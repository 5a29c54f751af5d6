/**
 * The file name of an imported manuscript: the slug of its title (the build names the editions
 * after it), cut at a word within 60 characters. A title in a script the slug cannot spell
 * (`新竹尖石_美樹營地賞楓` would leave `pixnet`) gives way to the capture's own name. Two captures of
 * one import with the same title get `-2`, `-3`…: each still has its manuscript.
 */
import path from 'node:path';
import { slugify } from '../paths.ts';

const MAX_LENGTH = 60;

/** A slug for the capture `captureName` titled `title`, not among `taken` (which it joins). */
export function manuscriptSlug(title: string | undefined, captureName: string, taken: Set<string>): string {
  const fromTitle = title === undefined ? undefined : slugify(title);
  const spellsTitle = fromTitle !== undefined && letters(fromTitle) * 2 >= letters(title!);
  const base = cut(spellsTitle ? fromTitle : slugify(nameOf(captureName)));
  let slug = base;
  for (let next = 2; taken.has(slug); next++) slug = `${base}-${next}`;
  taken.add(slug);
  return slug;
}

/** A file's name without its extension, or an address's last path segment. */
function nameOf(captureName: string): string {
  const url = URL.canParse(captureName) && /^https?:/i.test(captureName) ? new URL(captureName) : undefined;
  const last = url ? (url.pathname.split('/').filter(Boolean).at(-1) ?? url.hostname) : path.basename(captureName);
  return last.replace(/\.[^.]+$/, '');
}

/** `slug` without runs of separators (`282---0.17`, `president-....`), within {@link MAX_LENGTH} characters. */
function cut(whole: string): string {
  const slug = whole.replace(/[-.]*-[-.]*|\.{2,}/g, (run) => (run.includes('-') || run.length > 1 ? '-' : run)).replace(/[-.]+$/, '') || 'manuscript';
  if (slug.length <= MAX_LENGTH) return slug;
  const within = slug.slice(0, MAX_LENGTH + 1);
  return within.slice(0, Math.max(within.lastIndexOf('-'), 20)).replace(/-+$/, '');
}

function letters(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}
