/**
 * Reading one @fontsource package: the faces it ships for the weights and styles Imprint declares,
 * one rule per unicode-range subset, from the package's own data. `metadata.json` names the
 * family and its weights and styles, `unicode.json` lists the subsets with their unicode-range in
 * the order of the package's style sheets, and the files are `files/{id}-{subset}-{weight}-{style}.woff2`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { formatUnicodeRange, parseUnicodeRange, rangesOf, type CodePointRange } from './code-points.ts';
import { characterSet } from './font-files.ts';

const require = createRequire(import.meta.url);

/** A family as one @fontsource package ships it. */
export interface FamilySource {
  family: string;
  packageName: string;
  /**
   * Whether the package's unicode-range describes less than its file holds, so the range is taken
   * from the file's own glyphs: @fontsource ships Noto Sans Math as one file with all its
   * symbols but declares it for Latin only, and Chromium would never use it for an arrow or a ℝ.
   */
  rangeFromGlyphs?: boolean;
}

// Every weight and style the style sheets use is declared, so Chromium never synthesizes one
// (a synthesized face ends up as an unnamed Type 3 font in the PDF). Order is the order of the CSS.
const FACES = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
  { weight: 700, style: 'italic' },
] as const;

/** A face of the text: its weight and style. */
export type Face = (typeof FACES)[number];

/** One @font-face rule: one subset file of one face of a family. */
export interface FaceRule {
  family: string;
  style: Face['style'];
  weight: Face['weight'];
  /** The subset's name as the file names spell it: `latin`, `latin-ext`, `119`, … */
  subset: string;
  /** Absolute path of the woff2 file. */
  file: string;
  /** The unicode-range descriptor as the package writes it. */
  unicodeRange: string;
  ranges: CodePointRange[];
}

/** The fields of a @fontsource package's `metadata.json` that Imprint reads. */
interface FontsourceMetadata {
  /** The prefix of the package's file names, e.g. `source-serif-4`. */
  id: string;
  family: string;
  weights: number[];
  styles: string[];
}

const declaredCache = new Map<string, Promise<FaceRule[] | undefined>>();
const rulesCache = new Map<string, Promise<FaceRule[] | undefined>>();

/** A promise kept per package, dropped again when it fails. */
function cached(cache: Map<string, Promise<FaceRule[] | undefined>>, source: FamilySource, read: () => Promise<FaceRule[] | undefined>): Promise<FaceRule[] | undefined> {
  let rules = cache.get(source.packageName);
  if (!rules) {
    rules = read();
    cache.set(source.packageName, rules);
    rules.catch(() => cache.delete(source.packageName));
  }
  return rules;
}

/**
 * All rules of a family's package for the weights and styles Imprint declares, in the order its
 * style sheets give them (face by face, then subset by subset), or undefined when it is not installed.
 */
export function familyRules(source: FamilySource): Promise<FaceRule[] | undefined> {
  return cached(rulesCache, source, async () => {
    const rules = await declaredRules(source);
    if (!rules || !source.rangeFromGlyphs) return rules;
    return Promise.all(
      rules.map(async (rule) => {
        const ranges = rangesOf(await characterSet(rule.file));
        return { ...rule, ranges, unicodeRange: formatUnicodeRange(ranges) };
      }),
    );
  });
}

/**
 * The rules as the package declares them, unicode-ranges and all, without opening a font file: what
 * is enough to name the files (fontconfig's faces are listed before Chromium starts, fontkit later).
 */
export function declaredRules(source: FamilySource): Promise<FaceRule[] | undefined> {
  return cached(declaredCache, source, async () => {
    const folder = packageFolder(source.packageName);
    if (!folder) return undefined;
    const [metadata, subsets] = await Promise.all([
      readJson<FontsourceMetadata>(path.join(folder, 'metadata.json')),
      readJson<Record<string, string>>(path.join(folder, 'unicode.json')),
    ]);
    return packageFaces(metadata).flatMap(({ weight, style }) =>
      Object.entries(subsets).map(([key, unicodeRange]): FaceRule => {
        const subset = subsetName(key);
        const file = path.join(folder, 'files', `${metadata.id}-${subset}-${weight}-${style}.woff2`);
        return { family: metadata.family, style, weight, subset, file, unicodeRange, ranges: parseUnicodeRange(unicodeRange) };
      }),
    );
  });
}

/**
 * The faces a package declares. Without italic files only upright faces are declared, and the
 * style sheets' `font-synthesis: none` makes Chromium set italic text upright instead of slanting
 * it into a Type 3 font (declaring the upright files as italic too would double the inlined data).
 * Without a bold (700) face, bold text is set in the regular face.
 */
function packageFaces(metadata: FontsourceMetadata): Face[] {
  return FACES.filter(({ weight, style }) => metadata.weights.includes(weight) && metadata.styles.includes(style));
}

/**
 * The subset as the file names spell it: `unicode.json` writes the numbered slices of a CJK
 * family as `[119]`, their files as `noto-serif-sc-119-400-normal.woff2`.
 */
function subsetName(key: string): string {
  return /^\[(\d+)\]$/.exec(key)?.[1] ?? key;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
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
