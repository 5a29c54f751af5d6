/**
 * The bundled text face (Source Serif 4, from @fontsource) as @font-face rules with the font data
 * inlined, so the HTML stands alone and the PDF looks the same on every machine, whatever fonts
 * the system has.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The family name the style sheets ask for. */
export const TEXT_FAMILY = 'Source Serif 4';

// Unicode ranges as @fontsource splits the family; a face is only loaded for text that needs it.
const SUBSETS = {
  latin:
    'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  'latin-ext':
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C4,U+2113,U+2C60-2C7F,U+A720-A7FF',
} as const;

// Every weight and style the style sheets use is declared, so Chromium never synthesizes one
// (a synthesized face ends up as an unnamed Type 3 font in the PDF).
const FACES = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
  { weight: 700, style: 'italic' },
] as const;

let cached: Promise<string> | undefined;

/** The @font-face rules for the text face, read once per process. */
export function fontFaceCss(): Promise<string> {
  cached ??= buildFontFaceCss();
  return cached;
}

async function buildFontFaceCss(): Promise<string> {
  const folder = path.join(path.dirname(require.resolve('@fontsource/source-serif-4/package.json')), 'files');
  const rules = await Promise.all(
    FACES.flatMap(({ weight, style }) =>
      Object.entries(SUBSETS).map(async ([subset, range]) => {
        const data = await readFile(path.join(folder, `source-serif-4-${subset}-${weight}-${style}.woff2`));
        return [
          '@font-face {',
          `  font-family: '${TEXT_FAMILY}';`,
          `  font-style: ${style};`,
          `  font-weight: ${weight};`,
          `  src: url(data:font/woff2;base64,${data.toString('base64')}) format('woff2');`,
          `  unicode-range: ${range};`,
          '}',
        ].join('\n');
      }),
    ),
  );
  return rules.join('\n');
}
