/**
 * The article of a page, as Mozilla's Readability (Firefox's Reader View) finds it, with what
 * Readability reads about it: title, byline, site name, language and date. A page Readability
 * finds no article in, or only a scrap of one (a menu, a footer), is an {@link ImportProblem}.
 */
import { Readability } from '@mozilla/readability';
import { ImportProblem } from './problems.ts';

/** The article Readability found, in the page's own document, and what it reports about it. */
export interface ReadArticle {
  /** Readability's `<div>` holding the article: still part of the page's document. */
  content: Element;
  title?: string;
  byline?: string;
  siteName?: string;
  lang?: string;
  publishedTime?: string;
  /** The text of the page's only `<h1>`, when it has exactly one. */
  heading?: string;
}

/**
 * Below this many characters of running text (outside links) there is no article: a menu's
 * last box or a footer is what Readability falls back to on a page with nothing else.
 */
export const MIN_ARTICLE_CHARACTERS = 140;

/** The article of `document` (which Readability changes); throws {@link ImportProblem} when there is none. */
export function readArticle(document: Document): ReadArticle {
  const headings = Array.from(document.querySelectorAll('h1'));
  const heading = headings.length === 1 ? collapsed(headings[0]!.textContent) : undefined;
  // keepClasses: the `language-…` class of a code block names its language for the fence.
  // The serializer hands back the element itself, so the notes can be put back before it is written.
  const found = new Readability<Element>(document, { keepClasses: true, serializer: (node) => node as Element }).parse();
  const running = found?.content ? runningText(found.content) : 0;
  if (!found?.content || running < MIN_ARTICLE_CHARACTERS) {
    const what = found?.content ? `the largest block of text in it has only ${running} characters outside links` : 'Readability found no block of running text in it';
    throw new ImportProblem(
      `No article found in this page: it holds mostly navigation and links (${what}). ` +
        `Save the article's own page rather than a section front or a list, or copy the article's text into a .txt file and import that.`,
    );
  }
  return {
    content: found.content,
    ...present({ title: found.title, byline: found.byline, siteName: found.siteName, lang: found.lang, publishedTime: found.publishedTime, heading }),
  };
}

/** How many characters of `element`'s text lie outside links, white space collapsed. */
function runningText(element: Element): number {
  const all = collapsed(element.textContent);
  const linked = Array.from(element.querySelectorAll('a')).reduce((sum, link) => sum + collapsed(link.textContent).length, 0);
  return Math.max(0, all.length - linked);
}

function collapsed(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The fields that have a value, trimmed. */
function present<T extends Record<string, string | null | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  const kept: Partial<Record<keyof T, string>> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.trim() !== '') kept[key as keyof T] = value.trim();
  }
  return kept;
}
