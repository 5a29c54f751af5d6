/**
 * The fonts a document needs, as @font-face rules with the font data inlined, so the HTML stands
 * alone and the PDF looks the same on every machine, whatever fonts the system has.
 *
 * The faces come from @fontsource packages, which split each family into unicode-range subsets.
 * Their data is read at run time and only the subsets the text touches are inlined: a Chinese
 * document carries a few dozen of Noto Serif SC's hundred-odd subsets per face, a Latin one none
 * at all.
 */
import path from 'node:path';
import { codePointsOf, inRanges, needsGlyph } from './code-points.ts';
import { CJK_CHARACTER, CJK_SC, cjkFamilyForLang, CODE, FALLBACKS, LATIN } from './families.ts';
import { characterSet, fontData } from './font-files.ts';
import { familyRules, type FaceRule, type FamilySource } from './fontsource.ts';

/** Which faces a document needs, as CSS, and what could not be provided. */
export interface FontSelection {
  /** @font-face rules with inlined woff2 data, only for the subsets the text uses. */
  css: string;
  /** The CSS font-family list for body text, best first, ending in a generic family, e.g. `'Source Serif 4', 'Noto Serif SC', serif`. */
  fontFamily: string;
  /** The font-family list for code: the bundled monospace face, then the text's families. */
  codeFontFamily: string;
  /** npm package names that the text needs but that are not installed, e.g. ['@fontsource/noto-serif-jp']; empty when all is there. */
  missingPackages: string[];
  /** Code points of the text that no bundled face has a glyph for, ascending. */
  uncovered: number[];
  /** The woff2 files the rules use (absolute paths), for packing them beside a style sheet. */
  files: string[];
}

/** Where the rules find the font data. */
export interface SelectFontsOptions {
  text: string;
  /** The part of `text` set in code (`code`, `pre`, `kbd`, `samp`). */
  codeText?: string;
  lang: string;
  /**
   * `inline` (default): the data is inside the CSS as `data:` URLs, so an HTML page stands alone.
   * A folder name such as `fonts`: the CSS points at `FOLDER/FILE.woff2`, for an EPUB that packs the files.
   */
  source?: 'inline' | { folder: string };
}

/** The Latin subset is always inlined: page furniture and generated text are not in the manuscript. */
const ALWAYS_LATIN_SUBSET = 'latin';

/** A family taken for the document, with the subsets of it that the text uses. */
interface Chosen {
  source: FamilySource;
  rules: FaceRule[];
}

/** The faces for one document. */
export async function selectFonts(options: SelectFontsOptions): Promise<FontSelection> {
  const textPoints = codePointsOf(options.text).filter(needsGlyph);
  const codePoints = codePointsOf(options.codeText ?? '').filter(needsGlyph);
  const missingPackages: string[] = [];
  const latinRules = await familyRules(LATIN);
  if (!latinRules) throw new Error(`The text face package ${LATIN.packageName} is not installed.`);
  const chosen: Chosen[] = [];
  const textRemaining = await take(chosen, LATIN, latinRules, textPoints, ALWAYS_LATIN_SUBSET);
  // What the code face lacks falls back to the text's families, like the text.
  const codeRules = codePoints.length > 0 ? await familyRules(CODE) : undefined;
  const codeRemaining = codeRules ? await take(chosen, CODE, codeRules, codePoints, ALWAYS_LATIN_SUBSET) : codePoints;
  const latinCoverage = await glyphsFor(latinRules, codeRemaining);
  let remaining = [...new Set([...textRemaining, ...codeRemaining.filter((point) => !latinCoverage.points.has(point))])].sort((a, b) => a - b);
  remaining = await takeCjk(chosen, options, remaining, missingPackages);
  remaining = await takeFallbacks(chosen, remaining, missingPackages);

  const rules = chosen.flatMap((family) => family.rules);
  const css = await Promise.all(rules.map((rule) => fontFaceRule(rule, options.source ?? 'inline')));
  const textFamilies = chosen.filter(({ source }) => source !== CODE).map(({ source }) => `'${source.family}'`);
  return {
    css: css.join('\n'),
    fontFamily: [...textFamilies, 'serif'].join(', '),
    codeFontFamily: [`'${CODE.family}'`, ...textFamilies, 'monospace'].join(', '),
    missingPackages,
    uncovered: remaining,
    files: rules.map((rule) => rule.file),
  };
}

/**
 * Takes the subsets of a family that have glyphs for `points` (and the `always` subset) into
 * `chosen`; returns the points still uncovered.
 */
async function take(chosen: Chosen[], source: FamilySource, rules: FaceRule[], points: number[], always?: string): Promise<number[]> {
  const covered = await glyphsFor(rules, points);
  const subsets = new Set([...covered.subsets, ...(always ? [always] : [])]);
  if (subsets.size > 0) chosen.push({ source, rules: rules.filter((rule) => subsets.has(rule.subset)) });
  return points.filter((point) => !covered.points.has(point));
}

/**
 * A CJK family only for what Source Serif 4 does not cover; the language's own family first,
 * Noto Serif SC in its place when that package is not installed.
 */
async function takeCjk(chosen: Chosen[], options: SelectFontsOptions, remaining: number[], missingPackages: string[]): Promise<number[]> {
  const preferred = cjkFamilyForLang(options.lang) ?? (CJK_CHARACTER.test(options.text) ? CJK_SC : undefined);
  if (!preferred || remaining.length === 0) return remaining;
  for (const source of preferred === CJK_SC ? [CJK_SC] : [preferred, CJK_SC]) {
    const rules = await familyRules(source);
    if (!rules) {
      if (CJK_CHARACTER.test(options.text)) missingPackages.push(source.packageName);
      continue;
    }
    return take(chosen, source, rules, remaining);
  }
  return remaining;
}

/** The fallback faces, in their order, for what is still uncovered. */
async function takeFallbacks(chosen: Chosen[], remaining: number[], missingPackages: string[]): Promise<number[]> {
  for (const source of FALLBACKS) {
    if (remaining.length === 0) break;
    if (chosen.some((family) => family.source.packageName === source.packageName)) continue;
    const needed = remaining.some((point) => source.needed.test(String.fromCodePoint(point)));
    const rules = await familyRules(source);
    if (!rules) {
      if (needed) missingPackages.push(source.packageName);
      continue;
    }
    remaining = await take(chosen, source, rules, remaining);
  }
  return remaining;
}

/**
 * Which of `points` a family has glyphs for, and in which subsets. A subset's unicode-range is
 * only where to look: Google's slicing lists code points the face has no glyph for (Noto Serif
 * SC's ranges take in Hangul, Devanagari and Thai), so the regular face's own cmap decides.
 */
async function glyphsFor(rules: FaceRule[], points: readonly number[]): Promise<{ points: Set<number>; subsets: Set<string> }> {
  const covered = new Set<number>();
  const subsets = new Set<string>();
  for (const rule of rules) {
    if (rule.style !== 'normal' || rule.weight !== 400) continue;
    const candidates = points.filter((point) => !covered.has(point) && inRanges(point, rule.ranges));
    if (candidates.length === 0) continue;
    const glyphs = await characterSet(rule.file);
    const found = candidates.filter((point) => glyphs.has(point));
    if (found.length === 0) continue;
    subsets.add(rule.subset);
    for (const point of found) covered.add(point);
  }
  return { points: covered, subsets };
}

/** One @font-face rule, its data inlined or in a file beside the style sheet. */
async function fontFaceRule(rule: FaceRule, source: 'inline' | { folder: string }): Promise<string> {
  const url =
    source === 'inline' ? `data:font/woff2;base64,${await fontData(rule.file)}` : `${source.folder}/${path.basename(rule.file)}`;
  return [
    '@font-face {',
    `  font-family: '${rule.family}';`,
    `  font-style: ${rule.style};`,
    `  font-weight: ${rule.weight};`,
    `  src: url(${url}) format('woff2');`,
    `  unicode-range: ${rule.unicodeRange};`,
    '}',
  ].join('\n');
}
