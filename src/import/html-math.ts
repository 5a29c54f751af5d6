/**
 * MathML formulas of a page, set as their text before Readability reads it: neither a printed
 * Markdown page nor Readability (in linkedom, which drops the `<math>` of MathJax's assistive
 * markup) carries them as formulas, and the sentence around a formula must still read. Each one
 * is named in a warning, once per page.
 */
import { shorten } from './html-context.ts';

/** Replaces every `<math>` of `document` by its `alttext` or its text; returns the warning, if any. */
export function formulasAsText(document: Document): string | undefined {
  const formulas = Array.from(document.querySelectorAll('math'));
  if (formulas.length === 0) return undefined;
  const texts = formulas.map((formula) => {
    const text = (formula.getAttribute('alttext') ?? '').trim() || (formula.textContent ?? '').replace(/\s+/g, ' ').trim();
    // MathJax draws a formula in its own elements and keeps the MathML for screen readers beside it: the whole container goes.
    (formula.closest('mjx-container') ?? formula).replaceWith(document.createTextNode(text === '' ? '' : ` ${text} `));
    return text;
  });
  const first = texts.find((text) => text !== '');
  const count = formulas.length === 1 ? 'A formula (MathML) is' : `${formulas.length} formulas (MathML) are`;
  return `${count} not carried as formulas; their text stands in their place${first ? ` (the first: “${shorten(first, 60)}”)` : ''}.`;
}
