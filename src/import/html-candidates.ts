/**
 * What Readability itself reports about a page, as attribution candidates: the fallback after the
 * page's own metadata (JSON-LD, Open Graph, Dublin Core…), which another module reads. The byline
 * becomes the author only when it reads like names: Readability also hands back "Posted on 5 May
 * by admin", "Staff | Updated 3 hours ago" or an agency's name.
 */
import { names } from './byline.ts';
import { parseMachineDate } from './dates.ts';
import type { ReadArticle } from './html-readability.ts';
import type { AttributionCandidates } from './model.ts';

/** `By `, `Written by `, `Von `, `Par `, `Por `, `Door `: what stands before the names. */
const LEAD = /^(?:(?:written|posted|words|text|story|report(?:ed)?)\s+)?(?:by|von|par|por|door|di|af|av)\s*:?\s+/i;
/** Where a byline's names end: a bar, a dash, a bullet, a new line, or `on`/`am`/`le` before a date. */
const END = /\s*(?:[|•·—–]|\s-\s|\n|\s(?:on|am|le|el|il|op)\s+\d|\s+\d{1,4}[./-]).*$/su;
/** Particles that stay lower-case inside a name. */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'da', 'di', 'del', 'della', 'du', 'la', 'le', 'ten', 'ter', 'bin', 'ibn', 'al', 'el', 'y', 'e']);
const CJK_NAME = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}·・]{2,6}$/u;
/** What joins a site's name to a page's title: `_`, `|`, dashes, `·`, `:`, `»` (Readability knows all but `_` and `·`, which Chinese portals use). */
const TITLE_SEPARATOR = /^\s*[_|\-–—·:»]/;

/** Readability's title, byline, site name, language and date, each saying it came from Readability. */
export function readabilityCandidates(article: ReadArticle): AttributionCandidates {
  const candidates: AttributionCandidates = {};
  const title = article.title ? titleOf(article.title, article.heading) : undefined;
  if (title) candidates.title = title;
  const authors = article.byline ? bylineNames(article.byline) : [];
  if (authors.length > 0) candidates.author = { value: authors, origin: "Readability's byline" };
  if (article.siteName) candidates.sourceName = { value: article.siteName, origin: "Readability's site name" };
  if (article.lang) candidates.lang = { value: article.lang, origin: "Readability's language (the page's lang attribute)" };
  const published = article.publishedTime ? parseMachineDate(article.publishedTime) : undefined;
  if (published) candidates.published = { value: published, origin: "Readability's published time" };
  return candidates;
}

/**
 * The page's title: its `<h1>` when the `<title>` is that heading with the site's name after a
 * separator (`地铁东延，延伸的是城市的温度_湘水网评论_湘水网`), else Readability's title.
 */
function titleOf(title: string, heading: string | undefined): AttributionCandidates['title'] {
  if (heading && title.length > heading.length && title.startsWith(heading) && TITLE_SEPARATOR.test(title.slice(heading.length))) {
    return { value: heading, origin: "the page's <h1> (its <title> adds the site's name)" };
  }
  return { value: title, origin: "Readability's title" };
}

/** The names a byline gives, or none when it does not read like names. */
export function bylineNames(byline: string): string[] {
  const text = byline.replace(/\s+/g, ' ').trim().replace(LEAD, '').replace(END, '');
  const parts = names(text);
  // A part that is no name (`Local affairs reporter`) is a role or a note; the names stay.
  const people = parts.filter(looksLikeName);
  return people.length > 0 && people.length >= parts.length / 2 ? people : [];
}

/** Two to five words, each capitalised (or a particle), no digits, no address; or a CJK name. */
function looksLikeName(part: string): boolean {
  if (CJK_NAME.test(part)) return true;
  if (part.length > 60 || /[\d@/\\:]/.test(part)) return false;
  const words = part.split(' ');
  if (words.length < 2 || words.length > 5) return false;
  return words.every((word) => PARTICLES.has(word) || /^\p{Lu}[\p{L}'’.-]*$/u.test(word));
}
