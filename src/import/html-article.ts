/**
 * The article of an HTML page as Markdown, with its images: the page is parsed, never run
 * (`html-dom.ts`); its footnotes are set aside (`html-notes.ts`); Readability finds the article
 * (`html-readability.ts`) and reports what it reads of the attribution (`html-candidates.ts`);
 * unified turns the article into Markdown (`html-markdown.ts`), carrying its images beside the
 * manuscript (`html-images.ts`) and saying in a warning what a reader would miss.
 */
import { liftNotes, putNotesBack } from './html-notes.ts';
import { readabilityCandidates } from './html-candidates.ts';
import type { ArticleContext } from './html-context.ts';
import { parseHtmlPage } from './html-dom.ts';
import { formulasAsText } from './html-math.ts';
import { articleMarkdown } from './html-markdown.ts';
import { pagePlaces, type PageLocation } from './html-page.ts';
import { readArticle } from './html-readability.ts';
import type { Root } from 'hast';
import type { ExtractedArticle } from './model.ts';

/** What {@link extractHtmlArticle} needs to know besides the page. */
export interface HtmlArticleOptions {
  /** Where the page was: its file (a saved page; "Web page, complete" keeps its images in `NAME_files/` beside it) or its URL. */
  location: PageLocation;
  /** The manuscript's slug: the images are written to `SLUG/NAME.EXT` beside it, and the Markdown names them so. */
  slug: string;
  /** Fetch remote images; without it they become their alt text, with a warning. */
  allowRemote: boolean;
}

/**
 * The article `html` holds, as Markdown with its images and Readability's attribution candidates.
 * Throws `ImportProblem` (problems.ts) when the page holds no article.
 */
export async function extractHtmlArticle(html: string | Root, options: HtmlArticleOptions): Promise<ExtractedArticle> {
  const document = parseHtmlPage(html);
  const places = pagePlaces(document, options.location);
  const formulas = formulasAsText(document);
  const notes = liftNotes(document);
  const article = readArticle(document);
  putNotesBack(article.content, notes);
  const context = contextFor(options, places);
  if (formulas) context.warnings.push(formulas);
  const markdown = await articleMarkdown(article.content.innerHTML, context);
  return { markdown, images: [...context.images.values()], candidates: [readabilityCandidates(article)], dropped: [], warnings: context.warnings };
}

/**
 * The Markdown of an article already cut out of its page (a reader view's save, or Readability's
 * expected output in the tests), converted exactly as {@link extractHtmlArticle} converts what
 * Readability finds; `location` is where its page was.
 */
export async function convertArticleHtml(html: string, options: HtmlArticleOptions): Promise<Pick<ExtractedArticle, 'markdown' | 'images' | 'warnings'>> {
  const document = parseHtmlPage(html);
  const places = pagePlaces(document, options.location);
  const notes = liftNotes(document);
  putNotesBack(document.body, notes);
  const context = contextFor(options, places);
  const markdown = await articleMarkdown(document.body.innerHTML, context);
  return { markdown, images: [...context.images.values()], warnings: context.warnings };
}

function contextFor(options: HtmlArticleOptions, places: ArticleContext['places']): ArticleContext {
  return { places, slug: options.slug, allowRemote: options.allowRemote, images: new Map(), warnings: [] };
}
