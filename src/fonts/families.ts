/**
 * Which @fontsource packages serve which text: the Latin text face, the code face, a CJK family
 * per language, and the faces for the scripts and symbols the text face lacks.
 */
import type { FamilySource } from './fontsource.ts';

/** The family name of the Latin text face. */
export const TEXT_FAMILY = 'Source Serif 4';

/** The family name of the code face. */
export const CODE_FAMILY = 'Source Code Pro';

/** The Latin text face. */
export const LATIN: FamilySource = { family: TEXT_FAMILY, packageName: '@fontsource/source-serif-4' };

/** The monospace face for code. */
export const CODE: FamilySource = { family: CODE_FAMILY, packageName: '@fontsource/source-code-pro' };

/** Simplified Chinese: also the CJK family for Han and kana in a document of any other language. */
export const CJK_SC: FamilySource = { family: 'Noto Serif SC', packageName: '@fontsource/noto-serif-sc' };
const CJK_TC: FamilySource = { family: 'Noto Serif TC', packageName: '@fontsource/noto-serif-tc' };
const CJK_JP: FamilySource = { family: 'Noto Serif JP', packageName: '@fontsource/noto-serif-jp' };
const CJK_KR: FamilySource = { family: 'Noto Serif KR', packageName: '@fontsource/noto-serif-kr' };

/** Mathematical symbols, for the text and for the pictures alike. */
export const MATH: FamilySource = { family: 'Noto Sans Math', packageName: '@fontsource/noto-sans-math', rangeFromGlyphs: true };

/** A face for what the text face lacks, and the characters that show the text needs it. */
export interface Fallback extends FamilySource {
  needed: RegExp;
}

/**
 * Faces for the scripts and symbols the text faces lack, tried in this order for what is still
 * uncovered; a package that is not installed is skipped (and named when the text needs it).
 */
export const FALLBACKS: readonly Fallback[] = [
  { ...CJK_KR, needed: /\p{Script=Hangul}/u },
  { family: 'Noto Serif Devanagari', packageName: '@fontsource/noto-serif-devanagari', needed: /\p{Script=Devanagari}/u },
  { family: 'Noto Serif Bengali', packageName: '@fontsource/noto-serif-bengali', needed: /\p{Script=Bengali}/u },
  { family: 'Noto Serif Thai', packageName: '@fontsource/noto-serif-thai', needed: /\p{Script=Thai}/u },
  { family: 'Noto Serif Hebrew', packageName: '@fontsource/noto-serif-hebrew', needed: /\p{Script=Hebrew}/u },
  { family: 'Noto Serif Tamil', packageName: '@fontsource/noto-serif-tamil', needed: /\p{Script=Tamil}/u },
  { family: 'Noto Serif Georgian', packageName: '@fontsource/noto-serif-georgian', needed: /\p{Script=Georgian}/u },
  { family: 'Noto Serif Armenian', packageName: '@fontsource/noto-serif-armenian', needed: /\p{Script=Armenian}/u },
  { family: 'Noto Sans Ethiopic', packageName: '@fontsource/noto-sans-ethiopic', needed: /\p{Script=Ethiopic}/u },
  { family: 'Noto Naskh Arabic', packageName: '@fontsource/noto-naskh-arabic', needed: /\p{Script=Arabic}/u },
  { ...MATH, needed: /\p{Sm}/u },
  { family: 'Noto Sans Symbols 2', packageName: '@fontsource/noto-sans-symbols-2', needed: /\p{So}/u },
  // Emoji in their text presentation: a colour font does not print as text in a PDF.
  { family: 'Noto Emoji', packageName: '@fontsource/noto-emoji', needed: /\p{Extended_Pictographic}/u },
];

/** Han, kana and CJK punctuation / fullwidth forms: text that needs a CJK face whatever its language. */
export const CJK_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;

/** The CJK family a BCP 47 language tag asks for, if any. */
export function cjkFamilyForLang(lang: string): FamilySource | undefined {
  const [language, ...rest] = lang.toLowerCase().split(/[-_]/);
  if (language === 'ja') return CJK_JP;
  if (language === 'ko') return CJK_KR;
  if (language !== 'zh') return undefined;
  if (rest.includes('hant')) return CJK_TC;
  if (rest.includes('hans')) return CJK_SC;
  return rest.some((subtag) => ['tw', 'hk', 'mo'].includes(subtag)) ? CJK_TC : CJK_SC;
}
