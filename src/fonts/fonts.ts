/**
 * The fonts a document needs, as @font-face rules with the font data inlined, so the HTML stands
 * alone and the PDF looks the same on every machine, whatever fonts the system has.
 *
 * The faces come from @fontsource packages, which split each family into unicode-range subsets.
 * Their style sheets are read at run time and only the subsets the text touches are inlined: a
 * Chinese document carries a few dozen of Noto Serif SC's hundred-odd subsets per face, a Latin
 * one none at all.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

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

/** The family name of the Latin text face. */
export const TEXT_FAMILY = 'Source Serif 4';

/** The family name of the code face. */
export const CODE_FAMILY = 'Source Code Pro';

/** A family as one @fontsource package ships it. */
interface FamilySource {
  family: string;
  packageName: string;
  /**
   * Whether the package has italic files. Without them only upright faces are declared, and the
   * style sheets' `font-synthesis: none` makes Chromium set italic text upright instead of slanting
   * it into a Type 3 font (declaring the upright files as italic too would double the inlined data).
   */
  hasItalic: boolean;
  /** Whether the package has a bold (700) face; without one, bold text is set in the regular face. */
  hasBold: boolean;
  /**
   * Whether the package's unicode-range describes less than its file holds, so the range is taken
   * from the file's own glyphs: @fontsource ships Noto Sans Math as one file with all its
   * symbols but declares it for Latin only, and Chromium would never use it for an arrow or a ℝ.
   */
  rangeFromGlyphs?: boolean;
}

const LATIN: FamilySource = { family: TEXT_FAMILY, packageName: '@fontsource/source-serif-4', hasItalic: true, hasBold: true };
const CODE: FamilySource = { family: CODE_FAMILY, packageName: '@fontsource/source-code-pro', hasItalic: true, hasBold: true };
const CJK_SC: FamilySource = { family: 'Noto Serif SC', packageName: '@fontsource/noto-serif-sc', hasItalic: false, hasBold: true };
const CJK_TC: FamilySource = { family: 'Noto Serif TC', packageName: '@fontsource/noto-serif-tc', hasItalic: false, hasBold: true };
const CJK_JP: FamilySource = { family: 'Noto Serif JP', packageName: '@fontsource/noto-serif-jp', hasItalic: false, hasBold: true };
const CJK_KR: FamilySource = { family: 'Noto Serif KR', packageName: '@fontsource/noto-serif-kr', hasItalic: false, hasBold: true };

/**
 * Faces for the scripts and symbols the text faces lack, tried in this order for what is still
 * uncovered; a package that is not installed is skipped (and named when the text needs it).
 */
const FALLBACKS: ReadonlyArray<FamilySource & { needed: RegExp }> = [
  { ...CJK_KR, needed: /\p{Script=Hangul}/u },
  { family: 'Noto Serif Devanagari', packageName: '@fontsource/noto-serif-devanagari', hasItalic: false, hasBold: true, needed: /\p{Script=Devanagari}/u },
  { family: 'Noto Serif Bengali', packageName: '@fontsource/noto-serif-bengali', hasItalic: false, hasBold: true, needed: /\p{Script=Bengali}/u },
  { family: 'Noto Serif Thai', packageName: '@fontsource/noto-serif-thai', hasItalic: false, hasBold: true, needed: /\p{Script=Thai}/u },
  { family: 'Noto Serif Hebrew', packageName: '@fontsource/noto-serif-hebrew', hasItalic: false, hasBold: true, needed: /\p{Script=Hebrew}/u },
  { family: 'Noto Serif Tamil', packageName: '@fontsource/noto-serif-tamil', hasItalic: true, hasBold: true, needed: /\p{Script=Tamil}/u },
  { family: 'Noto Serif Georgian', packageName: '@fontsource/noto-serif-georgian', hasItalic: false, hasBold: true, needed: /\p{Script=Georgian}/u },
  { family: 'Noto Serif Armenian', packageName: '@fontsource/noto-serif-armenian', hasItalic: false, hasBold: true, needed: /\p{Script=Armenian}/u },
  { family: 'Noto Sans Ethiopic', packageName: '@fontsource/noto-sans-ethiopic', hasItalic: false, hasBold: true, needed: /\p{Script=Ethiopic}/u },
  { family: 'Noto Naskh Arabic', packageName: '@fontsource/noto-naskh-arabic', hasItalic: false, hasBold: true, needed: /\p{Script=Arabic}/u },
  { family: 'Noto Sans Math', packageName: '@fontsource/noto-sans-math', hasItalic: false, hasBold: false, rangeFromGlyphs: true, needed: /\p{Sm}/u },
  { family: 'Noto Sans Symbols 2', packageName: '@fontsource/noto-sans-symbols-2', hasItalic: false, hasBold: false, needed: /\p{So}/u },
  // Emoji in their text presentation: a colour font does not print as text in a PDF.
  { family: 'Noto Emoji', packageName: '@fontsource/noto-emoji', hasItalic: false, hasBold: true, needed: /\p{Extended_Pictographic}/u },
];

// Every weight and style the style sheets use is declared, so Chromium never synthesizes one
// (a synthesized face ends up as an unnamed Type 3 font in the PDF). Order is the order of the CSS.
const FACES = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
  { weight: 700, style: 'italic' },
] as const;

type FaceStyle = (typeof FACES)[number]['style'];

/** The Latin subset is always inlined: page furniture and generated text are not in the manuscript. */
const ALWAYS_LATIN_SUBSET = 'latin';

/** Han, kana and CJK punctuation / fullwidth forms: text that needs a CJK face whatever its language. */
const CJK_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;

/**
 * Characters that need no glyph of their own: controls, spaces, format characters (joiners,
 * soft hyphens, bidi marks) and variation selectors.
 */
const NEEDS_NO_GLYPH = /^[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;

/** An inclusive range of code points. */
interface CodePointRange {
  first: number;
  last: number;
}

/** One @font-face rule of a @fontsource style sheet. */
interface FaceRule {
  family: string;
  style: string;
  weight: number;
  /** The subset's name as the file names spell it: `latin`, `latin-ext`, `119`, … */
  subset: string;
  /** Absolute path of the woff2 file. */
  file: string;
  /** The unicode-range descriptor as written. */
  unicodeRange: string;
  ranges: CodePointRange[];
}

/**
 * Faces for text no style sheet reaches, such as the text of an SVG picture printed as an image
 * (`font-family="Times,serif"`, `Helvetica`, `Courier`): the Croscore families, drawn to the
 * metrics of Times New Roman, Arial and Courier New, so that a label measured by the tool that drew
 * the picture still fits its box.
 */
const PICTURE_FACES = {
  serif: { family: 'Tinos', packageName: '@fontsource/tinos', hasItalic: true, hasBold: true },
  sansSerif: { family: 'Arimo', packageName: '@fontsource/arimo', hasItalic: true, hasBold: true },
  monospace: { family: 'Cousine', packageName: '@fontsource/cousine', hasItalic: true, hasBold: true },
} as const satisfies Record<string, FamilySource>;

/** The picture faces, and what fontconfig falls back to for the symbols they lack (∞, arrows, ∀). */
const PICTURE_SOURCES: readonly FamilySource[] = [...Object.values(PICTURE_FACES), FALLBACKS.find((source) => source.family === 'Noto Sans Math')!];

/** The families and files (every subset, weight and style) of the faces Chromium finds through fontconfig. */
export async function pictureFaces(): Promise<{ families: Record<keyof typeof PICTURE_FACES, string>; files: string[] }> {
  const files: string[] = [];
  for (const source of PICTURE_SOURCES) {
    const rules = await familyRules(source);
    if (!rules) throw new Error(`The font package ${source.packageName} is not installed.`);
    files.push(...rules.map((rule) => rule.file));
  }
  const families = { serif: PICTURE_FACES.serif.family, sansSerif: PICTURE_FACES.sansSerif.family, monospace: PICTURE_FACES.monospace.family };
  return { families, files: [...new Set(files)].sort() };
}

/** Of the characters of `text`, the code points no picture face has a glyph for (they print as boxes). */
export async function uncoveredInPictures(text: string): Promise<number[]> {
  const points = codePointsOf(text).filter(needsGlyph);
  if (points.length === 0) return [];
  const covered = new Set<number>();
  for (const source of PICTURE_SOURCES) {
    const rules = await familyRules(source);
    for (const rule of rules ?? []) {
      if (rule.style !== 'normal' || rule.weight !== 400) continue;
      for (const point of await characterSet(rule.file)) covered.add(point);
    }
  }
  return points.filter((point) => !covered.has(point));
}

/** The faces for one document. */
export async function selectFonts(options: SelectFontsOptions): Promise<FontSelection> {
  const textPoints = codePointsOf(options.text).filter(needsGlyph);
  const codePoints = codePointsOf(options.codeText ?? '').filter(needsGlyph);
  const missingPackages: string[] = [];

  const latinRules = await familyRules(LATIN);
  if (!latinRules) throw new Error(`The text face package ${LATIN.packageName} is not installed.`);
  const chosen: { source: FamilySource; rules: FaceRule[] }[] = [];
  let remaining: number[] = [];
  /** Takes the subsets of a family that have glyphs for what is still uncovered. */
  const take = async (source: FamilySource, rules: FaceRule[], always?: string) => {
    const covered = await glyphsFor(rules, remaining);
    const subsets = new Set([...covered.subsets, ...(always ? [always] : [])]);
    if (subsets.size > 0) chosen.push({ source, rules: rules.filter((rule) => subsets.has(rule.subset)) });
    remaining = remaining.filter((point) => !covered.points.has(point));
  };
  remaining = textPoints;
  await take(LATIN, latinRules, ALWAYS_LATIN_SUBSET);
  const textRemaining = remaining;
  // What the code face lacks falls back to the text's families, like the text.
  const codeRules = codePoints.length > 0 ? await familyRules(CODE) : undefined;
  remaining = codePoints;
  if (codeRules) await take(CODE, codeRules, ALWAYS_LATIN_SUBSET);
  const latinCoverage = await glyphsFor(latinRules, remaining);
  remaining = [...new Set([...textRemaining, ...remaining.filter((point) => !latinCoverage.points.has(point))])].sort((a, b) => a - b);

  // A CJK family only for what Source Serif 4 does not cover; the language's own family first,
  // Noto Serif SC in its place when that package is not installed.
  const preferred = cjkFamilyForLang(options.lang) ?? (CJK_CHARACTER.test(options.text) ? CJK_SC : undefined);
  if (preferred && remaining.length > 0) {
    for (const source of preferred === CJK_SC ? [CJK_SC] : [preferred, CJK_SC]) {
      const rules = await familyRules(source);
      if (!rules) {
        if (CJK_CHARACTER.test(options.text)) missingPackages.push(source.packageName);
        continue;
      }
      await take(source, rules);
      break;
    }
  }
  for (const source of FALLBACKS) {
    if (remaining.length === 0) break;
    if (chosen.some((family) => family.source.packageName === source.packageName)) continue;
    const needed = remaining.some((point) => source.needed.test(String.fromCodePoint(point)));
    const rules = await familyRules(source);
    if (!rules) {
      if (needed) missingPackages.push(source.packageName);
      continue;
    }
    await take(source, rules);
  }

  const rules = chosen.flatMap(({ source, rules }) =>
    FACES.filter(({ weight, style }) => (source.hasItalic || style === 'normal') && (source.hasBold || weight === 400)).flatMap(({ weight, style }) =>
      rules.filter((rule) => rule.weight === weight && rule.style === style),
    ),
  );
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

function needsGlyph(point: number): boolean {
  return !NEEDS_NO_GLYPH.test(String.fromCodePoint(point));
}

/**
 * The width of one line of `text` in the text face, in points: the advances of its glyphs (no
 * kerning), an em for a character the face lacks. Used to fit running heads, which Chromium
 * neither wraps nor cuts inside a page margin box.
 */
export async function textWidth(text: string, face: { weight: 400 | 700; style: FaceStyle }, sizePt: number): Promise<number> {
  const rules = ((await familyRules(LATIN)) ?? []).filter((rule) => rule.weight === face.weight && rule.style === face.style);
  let units = 0;
  for (const character of text) {
    const point = character.codePointAt(0)!;
    const rule = rules.find((candidate) => inRanges(point, candidate.ranges));
    const font = rule ? await openFont(rule.file) : undefined;
    units += font?.hasGlyphForCodePoint(point) ? font.glyphForCodePoint(point).advanceWidth / font.unitsPerEm : 1;
  }
  return units * sizePt;
}

/** The CJK family a BCP 47 language tag asks for, if any. */
function cjkFamilyForLang(lang: string): FamilySource | undefined {
  const [language, ...rest] = lang.toLowerCase().split(/[-_]/);
  if (language === 'ja') return CJK_JP;
  if (language === 'ko') return CJK_KR;
  if (language !== 'zh') return undefined;
  if (rest.includes('hant')) return CJK_TC;
  if (rest.includes('hans')) return CJK_SC;
  return rest.some((subtag) => ['tw', 'hk', 'mo'].includes(subtag)) ? CJK_TC : CJK_SC;
}

/** The style of the package's files that serve a face of the given style. */
function sourceStyle(source: FamilySource, style: FaceStyle): FaceStyle {
  return source.hasItalic ? style : 'normal';
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

// ---------------------------------------------------------------------------------------------
// Reading the packages (cached per process)

const rulesCache = new Map<string, Promise<FaceRule[] | undefined>>();
const dataCache = new Map<string, Promise<string>>();

/** All rules of a family's package for the weights and styles in FACES, or undefined when it is not installed. */
function familyRules(source: FamilySource): Promise<FaceRule[] | undefined> {
  let rules = rulesCache.get(source.packageName);
  if (!rules) {
    rules = readFamilyRules(source);
    rulesCache.set(source.packageName, rules);
    rules.catch(() => rulesCache.delete(source.packageName));
  }
  return rules;
}

async function readFamilyRules(source: FamilySource): Promise<FaceRule[] | undefined> {
  const folder = packageFolder(source.packageName);
  if (!folder) return undefined;
  const faces = FACES.filter(({ weight }) => source.hasBold || weight === 400);
  const sheets = new Set(faces.map(({ weight, style }) => styleSheetName(weight, sourceStyle(source, style))));
  const rules = (
    await Promise.all(
      [...sheets].map(async (sheet) => parseFontFaceRules(await readFile(path.join(folder, sheet), 'utf8'), folder, packageSlug(source))),
    )
  ).flat();
  if (!source.rangeFromGlyphs) return rules;
  return Promise.all(
    rules.map(async (rule) => {
      const ranges = rangesOf(await characterSet(rule.file));
      return { ...rule, ranges, unicodeRange: formatUnicodeRange(ranges) };
    }),
  );
}

/** Code points gathered into runs of consecutive ones. */
function rangesOf(points: ReadonlySet<number>): CodePointRange[] {
  const ranges: CodePointRange[] = [];
  for (const point of [...points].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && point === last.last + 1) last.last = point;
    else ranges.push({ first: point, last: point });
  }
  return ranges;
}

/** Code point ranges → `U+0020-007E,U+00A0`. */
function formatUnicodeRange(ranges: readonly CodePointRange[]): string {
  const hex = (point: number) => point.toString(16).toUpperCase().padStart(4, '0');
  return ranges.map(({ first, last }) => (first === last ? `U+${hex(first)}` : `U+${hex(first)}-${hex(last)}`)).join(',');
}

/** The package's folder, or undefined when it is not installed. */
function packageFolder(packageName: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${packageName}/package.json`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** `400.css`, `700-italic.css`: the style sheet @fontsource ships for one face. */
function styleSheetName(weight: number, style: FaceStyle): string {
  return style === 'italic' ? `${weight}-italic.css` : `${weight}.css`;
}

const fontCache = new Map<string, Promise<fontkit.Font>>();
const characterSetCache = new Map<string, Promise<Set<number>>>();

/** A woff2 file, read once per process. */
function openFont(file: string): Promise<fontkit.Font> {
  let font = fontCache.get(file);
  if (!font) {
    font = readFile(file).then((bytes) => {
      const read = fontkit.create(bytes);
      if (!('characterSet' in read)) throw new Error(`${file} is a font collection, not a font`);
      return read;
    });
    fontCache.set(file, font);
    font.catch(() => fontCache.delete(file));
  }
  return font;
}

/** The code points a woff2 file has glyphs for. */
function characterSet(file: string): Promise<Set<number>> {
  let set = characterSetCache.get(file);
  if (!set) {
    set = openFont(file).then((font) => new Set(font.characterSet));
    characterSetCache.set(file, set);
  }
  return set;
}

/** The base64 of a woff2 file, read once per process. */
function fontData(file: string): Promise<string> {
  let data = dataCache.get(file);
  if (!data) {
    data = readFile(file).then((bytes) => bytes.toString('base64'));
    dataCache.set(file, data);
    data.catch(() => dataCache.delete(file));
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Reading @fontsource's generated CSS (a fixed format, so regular expressions suffice)

/** `source-serif-4` for `@fontsource/source-serif-4`: the prefix of the package's file names. */
function packageSlug(source: FamilySource): string {
  return source.packageName.replace(/^@fontsource\//, '');
}

/** The @font-face rules of one @fontsource style sheet; `folder` is the package's folder. */
function parseFontFaceRules(css: string, folder: string, slug: string): FaceRule[] {
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].map((match) => parseFontFaceBody(match[1] ?? '', folder, slug));
}

/** One rule's descriptors; the woff2 file is taken from `src`, the other formats are left out. */
function parseFontFaceBody(body: string, folder: string, slug: string): FaceRule {
  const family = descriptor(body, 'font-family').replace(/^['"]|['"]$/g, '');
  const style = descriptor(body, 'font-style');
  const weight = Number(descriptor(body, 'font-weight'));
  const unicodeRange = descriptor(body, 'unicode-range');
  const woff2 = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/.exec(descriptor(body, 'src'))?.[1];
  if (!woff2) throw new Error(`No woff2 file in @font-face rule for ${family}: ${body.trim()}`);
  return {
    family,
    style,
    weight,
    subset: subsetName(path.basename(woff2), slug, weight, style),
    file: path.join(folder, woff2),
    unicodeRange,
    ranges: parseUnicodeRange(unicodeRange),
  };
}

/** The value of one descriptor in a @font-face body. */
function descriptor(body: string, name: string): string {
  const value = new RegExp(`(?:^|[;{\\s])${name}\\s*:\\s*([^;]+);`).exec(body)?.[1];
  if (value === undefined) throw new Error(`No ${name} in @font-face rule: ${body.trim()}`);
  return value.trim();
}

/**
 * The subset a file holds, from its name and the package's folder name:
 * `noto-serif-sc-119-400-normal.woff2` → `119`; `source-serif-4-latin-ext-700-italic.woff2` → `latin-ext`.
 */
function subsetName(fileName: string, packageSlug: string, weight: number, style: string): string {
  const suffix = `-${weight}-${style}.woff2`;
  const prefix = `${packageSlug}-`;
  if (!fileName.startsWith(prefix) || !fileName.endsWith(suffix)) return fileName;
  return fileName.slice(prefix.length, -suffix.length);
}

/** `U+0000-00FF,U+0131,U+4??` → code point ranges. */
function parseUnicodeRange(value: string): CodePointRange[] {
  return value.split(',').map((item) => {
    const match = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(item);
    if (!match?.[1]) throw new Error(`Unreadable unicode-range item: ${item}`);
    const start = match[1];
    const end = match[2];
    if (start.includes('?')) {
      return { first: parseInt(start.replaceAll('?', '0'), 16), last: parseInt(start.replaceAll('?', 'F'), 16) };
    }
    const first = parseInt(start, 16);
    return { first, last: end ? parseInt(end, 16) : first };
  });
}

// ---------------------------------------------------------------------------------------------
// Code points

/** The distinct code points of a text, ascending. */
function codePointsOf(text: string): number[] {
  const points = new Set<number>();
  for (const character of text) points.add(character.codePointAt(0) ?? 0);
  return [...points].sort((a, b) => a - b);
}

function inRanges(point: number, ranges: readonly CodePointRange[]): boolean {
  return ranges.some(({ first, last }) => point >= first && point <= last);
}

