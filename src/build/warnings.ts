/** Warnings about the printed edition that only the print can tell, on the manuscript's file. */
import type { VFile } from 'vfile';
import type { PrintedPdf } from '../pdf/print.ts';

/** Pages laid out for page-foot footnotes that did not print one to a sheet put notes off their pages. */
export function warnPagination(file: VFile, pagination: PrintedPdf['pagination']): void {
  if (!pagination) return;
  if (pagination.overfull.length > 0) {
    const pages = pagination.overfull;
    file.message(
      `Page${pages.length === 1 ? '' : 's'} ${pages.slice(0, 10).join(', ')}${pages.length > 10 ? ` and ${pages.length - 10} more` : ''} of the PDF hold${pages.length === 1 ? 's' : ''} something taller than the page that cannot be split (a picture or a table row): its foot runs into the next page`,
      { ruleId: 'overfull-page', source: 'imprint' },
    );
  }
  if (pagination.pages === pagination.printedPages) return;
  file.message(
    `Page-foot footnotes: ${pagination.pages} pages were laid out but ${pagination.printedPages} printed, so some notes may not sit on the page of their reference; build with --footnotes chapter to set them after each chapter`,
    { ruleId: 'footnote-pages', source: 'imprint' },
  );
}

/** Fonts the text needs from a package that is not installed. */
export function warnMissingFonts(file: VFile, packages: string[]): void {
  for (const name of packages) {
    file.message(`The text needs fonts from ${name}, which is not installed: run \`npm install ${name}\` to embed them`, {
      ruleId: 'missing-font',
      source: 'imprint',
    });
  }
}
