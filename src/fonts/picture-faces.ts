/**
 * The faces for text no style sheet reaches: the text of an SVG picture, which Chromium prints as
 * an image and draws with the fonts fontconfig finds (see browser/fontconfig.ts).
 */
import { codePointsOf, needsGlyph } from './code-points.ts';
import { MATH } from './families.ts';
import { characterSet } from './font-files.ts';
import { declaredRules, familyRules, type FamilySource } from './fontsource.ts';

/**
 * Faces for text no style sheet reaches, such as the text of an SVG picture printed as an image
 * (`font-family="Times,serif"`, `Helvetica`, `Courier`): the Croscore families, drawn to the
 * metrics of Times New Roman, Arial and Courier New, so that a label measured by the tool that drew
 * the picture still fits its box.
 */
const PICTURE_FACES = {
  serif: { family: 'Tinos', packageName: '@fontsource/tinos' },
  sansSerif: { family: 'Arimo', packageName: '@fontsource/arimo' },
  monospace: { family: 'Cousine', packageName: '@fontsource/cousine' },
} as const satisfies Record<string, FamilySource>;

/** The picture faces, and what fontconfig falls back to for the symbols they lack (∞, arrows, ∀). */
const PICTURE_SOURCES: readonly FamilySource[] = [...Object.values(PICTURE_FACES), MATH];

/** The families and files (every subset, weight and style) of the faces Chromium finds through fontconfig. */
export async function pictureFaces(): Promise<{ families: Record<keyof typeof PICTURE_FACES, string>; files: string[] }> {
  const files: string[] = [];
  for (const source of PICTURE_SOURCES) {
    const rules = await declaredRules(source);
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
