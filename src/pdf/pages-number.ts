/**
 * The contents list and the page references numbered in the print page itself, from the pages
 * just made, so that a book prints once even when no earlier print has told its numbers. Runs in
 * the print page (see pages.ts): every function here uses nothing from its module but the
 * functions the page modules export.
 *
 * A number is written into the pages already made when that cannot move anything: the element
 * around it is whole on its page (not cut by a page break, nor inside a cut table, whose columns
 * were fixed at their widths before the number) and keeps its height. Otherwise the pages are
 * made again from the page as loaded, the numbers written first. The pages are then exactly those
 * a print of the numbered page would make; the PDF stage still checks every number against the
 * printed file (see print.ts).
 */
import { paginate } from './pages-make.ts';
import type { PageBox, PaginationReport } from './pages-model.ts';

/** A place on the page that shows the page of its target: a contents entry, or a page reference. */
interface NumberSite {
  element: Element;
  id: string;
  /** What it shows for a page, and when no page is known. */
  text: (page: number | undefined) => string;
}

/** Makes the pages and numbers the contents and page references from them (the script's entry: see pages.ts). */
export async function paginateAndNumber(box: PageBox): Promise<PaginationReport> {
  // How many times the pages may be made before the numbers are left to the PDF stage (a constant
  // of the function: the page has none of its module's).
  const maxPaginations = 3;
  if (!box.numbering || numberSites(box).length === 0) return paginate(box);
  // The page as loaded, for making the pages again.
  const loaded = document.body.cloneNode(true) as HTMLElement;
  let report = paginate(box);
  let filled = false;
  for (let pagination = 1; ; pagination += 1) {
    const sites = numberSites(box);
    const pages = pagesOfTargets(sites);
    const changed = sites.filter((site) => site.element.textContent !== site.text(pages.get(site.id)));
    const settled = { ...report, numbers: [...pages], paginations: pagination };
    if (changed.length === 0) return { ...settled, numbersFilled: filled };
    filled = true;
    if (fillInPlace(changed, pages)) return { ...settled, numbersFilled: true };
    // Numbers that would not settle: the PDF stage numbers the page from its print instead.
    if (pagination === maxPaginations) return { ...report, numbersFilled: true, paginations: pagination };
    document.body.replaceWith(loaded.cloneNode(true));
    for (const site of numberSites(box)) site.element.textContent = site.text(pages.get(site.id));
    await imagesDecoded();
    report = paginate(box);
  }
}

/** The contents' page numbers and the page references on the page, each with its target. */
export function numberSites(box: PageBox): NumberSite[] {
  const references = box.numbering!.references;
  const target = (link: Element | null) => {
    const href = link?.getAttribute('href');
    if (!href?.startsWith('#')) return undefined;
    try {
      return decodeURIComponent(href.slice(1));
    } catch {
      return href.slice(1);
    }
  };
  const sites: NumberSite[] = [];
  for (const element of Array.from(document.querySelectorAll('nav.toc li > span.toc-page'))) {
    const id = target(element.previousElementSibling);
    if (id !== undefined) sites.push({ element, id, text: (page) => (page === undefined ? '' : String(page)) });
  }
  for (const element of Array.from(document.querySelectorAll(`a[href^="#"] > span.${references.className}`))) {
    const id = target(element.parentElement);
    if (id !== undefined) sites.push({ element, id, text: (page) => `${references.before}${page ?? references.unknown}${references.after}` });
  }
  return sites;
}

/** The page (1-based) each site's target is on, among the pages made. */
export function pagesOfTargets(sites: NumberSite[]): Map<string, number> {
  const index = new Map(Array.from(document.querySelectorAll('.imprint-page'), (page, at) => [page, at + 1] as const));
  const pages = new Map<string, number>();
  for (const { id } of sites) {
    const page = document.getElementById(id)?.closest('.imprint-page');
    const number = page ? index.get(page) : undefined;
    if (number !== undefined) pages.set(id, number);
  }
  return pages;
}

/**
 * Writes the numbers into the pages made, when every changed site is inside an element whole on
 * its page whose height the number leaves as it was; false (with the page then to be made again)
 * otherwise.
 */
export function fillInPlace(changed: NumberSite[], pages: Map<string, number>): boolean {
  const split = splitElements();
  const holders: Element[] = [];
  for (const site of changed) {
    const holder = wholeHolder(site.element, split);
    if (!holder) return false;
    holders.push(holder);
  }
  const before = holders.map((holder) => holder.getBoundingClientRect().height);
  for (const site of changed) site.element.textContent = site.text(pages.get(site.id));
  return holders.every((holder, at) => holder.getBoundingClientRect().height === before[at]);
}

/**
 * The outermost element around `element` that is whole on its page, a block; undefined when the
 * block the element is in was cut, or sits in a cut element whose layout depends on its content's
 * widths (a table).
 */
export function wholeHolder(element: Element, split: ReadonlySet<Element>): Element | undefined {
  const display = (candidate: Element) => getComputedStyle(candidate).display;
  // A box that takes a line of its own (a flex contents entry too), and one that only stacks its children.
  const isBlockLevel = (candidate: Element) => /^(?:block|list-item|flow-root|flex|grid|table)$/.test(display(candidate));
  const isPlainBlock = (candidate: Element) => /^(?:block|list-item|flow-root)$/.test(display(candidate));
  let holder: Element | undefined;
  for (let node: Element | null = element; node && !node.classList.contains('imprint-page-text'); node = node.parentElement) {
    if (!split.has(node)) {
      holder = node;
      continue;
    }
    // A cut element: what is inside it must be a whole block, and it must only stack its children.
    if (!holder || !isBlockLevel(holder) || !isPlainBlock(node)) return undefined;
  }
  return holder && isBlockLevel(holder) && holder.closest('.imprint-page-text') ? holder : undefined;
}

/**
 * The elements a page break fell inside: on each page, the chain of continued clones that opens
 * its text, and the originals that close the page before.
 */
export function splitElements(): Set<Element> {
  const split = new Set<Element>();
  const texts = Array.from(document.querySelectorAll('.imprint-page > .imprint-page-text'));
  for (let at = 1; at < texts.length; at += 1) {
    let clone: Node | null = texts[at]!.firstChild;
    let original: Node | null = texts[at - 1]!.lastChild;
    while (clone instanceof Element && original instanceof Element && clone.hasAttribute('data-imprint-continued')) {
      split.add(clone).add(original);
      clone = clone.firstChild;
      original = original.lastChild;
    }
  }
  return split;
}

/** Waits for the page's pictures: a page made again holds copies of them, decoded anew. */
export async function imagesDecoded(): Promise<void> {
  await Promise.all(Array.from(document.images, (image) => image.decode().catch(() => undefined)));
}
