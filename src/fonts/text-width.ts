/**
 * Measuring a line in the text face without a browser, for text Chromium will not fit by itself.
 */
import { inRanges } from './code-points.ts';
import { LATIN } from './families.ts';
import { openFont } from './font-files.ts';
import { familyRules, type Face } from './fontsource.ts';

type FaceStyle = Face['style'];

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
