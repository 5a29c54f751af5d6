import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TEXT_FAMILY } from '../../src/fonts/families.ts';
import { selectFonts } from '../../src/fonts/select.ts';

const require = createRequire(import.meta.url);

interface Rule {
  family: string;
  style: string;
  weight: number;
  src: string;
  unicodeRange: string;
}

/** The @font-face rules of selectFonts' CSS, descriptor by descriptor. */
function rulesOf(css: string): Rule[] {
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].map(([, body = '']) => {
    const get = (name: string) => new RegExp(`${name}:\\s*([^;]+);`).exec(body)?.[1]?.trim() ?? '';
    return {
      family: get('font-family').replace(/'/g, ''),
      style: get('font-style'),
      weight: Number(get('font-weight')),
      src: /src:\s*(url\([^)]*\)[^;]*);/.exec(body)?.[1] ?? '',
      unicodeRange: get('unicode-range'),
    };
  });
}

function face(rules: Rule[], family: string, weight: number, style: string): Rule[] {
  return rules.filter((rule) => rule.family === family && rule.weight === weight && rule.style === style);
}

const FACES = [
  [400, 'normal'],
  [400, 'italic'],
  [700, 'normal'],
  [700, 'italic'],
] as const;

const LATIN_RANGE_START = 'U+0000-00FF,';

function installed(packageName: string): boolean {
  try {
    require.resolve(`${packageName}/package.json`);
    return true;
  } catch {
    return false;
  }
}

const CHINESE =
  '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。这首诗由孟浩然所作，描写了春天早晨的景色。' +
  'The poem is often quoted in English as “Spring Morning”.';

describe('selectFonts', () => {
  it('gives a Latin document the four Source Serif 4 faces and no CJK face', async () => {
    const fonts = await selectFonts({ text: 'A plain English sentence, with “quotes” — and a dash.', lang: 'en' });
    const rules = rulesOf(fonts.css);
    for (const [weight, style] of FACES) {
      const latin = face(rules, TEXT_FAMILY, weight, style).filter((rule) => rule.unicodeRange.startsWith(LATIN_RANGE_START));
      assert.equal(latin.length, 1, `${TEXT_FAMILY} ${weight} ${style}, latin subset`);
    }
    assert.equal(rules.length, 4, 'only the latin subset of each face');
    assert.ok(rules.every((rule) => rule.src.startsWith('url(data:font/woff2;base64,')));
    assert.doesNotMatch(fonts.css, /Noto Serif/);
    assert.equal(fonts.fontFamily, `'${TEXT_FAMILY}', serif`);
    assert.deepEqual(fonts.missingPackages, []);
  });

  it('always includes the latin subset, and adds latin-ext only for text that needs it', async () => {
    const empty = rulesOf((await selectFonts({ text: '', lang: 'en' })).css);
    assert.equal(empty.length, 4);
    assert.ok(empty.every((rule) => rule.unicodeRange.startsWith(LATIN_RANGE_START)));

    const czech = rulesOf((await selectFonts({ text: 'Antonín Dvořák', lang: 'cs' })).css);
    for (const [weight, style] of FACES) {
      assert.equal(face(czech, TEXT_FAMILY, weight, style).length, 2, `${weight} ${style}: latin and latin-ext`);
    }
    assert.ok(czech.some((rule) => rule.unicodeRange.startsWith('U+0100-02BA,')));
  });

  it('gives Chinese text (zh-CN) the Noto Serif SC subsets it uses, and only those', async () => {
    const folder = path.dirname(require.resolve('@fontsource/noto-serif-sc/package.json'));
    const packageSubsets = (await readFile(path.join(folder, '400.css'), 'utf8')).match(/@font-face/g)?.length ?? 0;
    assert.ok(packageSubsets > 90, `the package has ${packageSubsets} subsets per face`);

    const fonts = await selectFonts({ text: CHINESE, lang: 'zh-CN' });
    const rules = rulesOf(fonts.css);
    for (const [weight, style] of FACES.filter(([, style]) => style === 'normal')) {
      const sc = face(rules, 'Noto Serif SC', weight, style);
      assert.ok(sc.length > 0, `Noto Serif SC ${weight} ${style} is declared`);
      assert.ok(sc.length < 30, `Noto Serif SC ${weight} ${style}: ${sc.length} of ${packageSubsets} subsets`);
      assert.ok(!sc.some((rule) => rule.unicodeRange.startsWith(LATIN_RANGE_START)), 'no SC latin subset');
    }
    // No italic files exist: italic Chinese is set upright (font-synthesis: none), not declared twice.
    assert.equal(face(rules, 'Noto Serif SC', 400, 'italic').length, 0);
    assert.equal(face(rules, 'Noto Serif SC', 700, 'italic').length, 0);
    assert.ok(rules.every((rule) => rule.src.startsWith('url(data:font/woff2;base64,')));
    assert.equal(fonts.fontFamily, `'${TEXT_FAMILY}', 'Noto Serif SC', serif`);
    assert.deepEqual(fonts.missingPackages, []);
  });

  it('covers every Han character of the text with a declared SC subset', async () => {
    const rules = face(rulesOf((await selectFonts({ text: CHINESE, lang: 'zh' })).css), 'Noto Serif SC', 400, 'normal');
    const ranges = rules.flatMap((rule) =>
      rule.unicodeRange.split(',').map((item) => {
        const [first = '', last = first] = item.replace('U+', '').split('-');
        return [parseInt(first, 16), parseInt(last, 16)] as const;
      }),
    );
    for (const character of CHINESE.match(/\p{Script=Han}|[，。]/gu) ?? []) {
      const point = character.codePointAt(0) ?? 0;
      assert.ok(
        ranges.some(([first, last]) => point >= first && point <= last),
        `${character} U+${point.toString(16)}`,
      );
    }
  });

  it('uses Noto Serif SC for Chinese text in a document whose language is not CJK', async () => {
    const fonts = await selectFonts({ text: 'The word for spring is 春天.', lang: 'en' });
    assert.match(fonts.css, /font-family: 'Noto Serif SC'/);
    assert.equal(fonts.fontFamily, `'${TEXT_FAMILY}', 'Noto Serif SC', serif`);
    assert.deepEqual(fonts.missingPackages, []);
  });

  it('gives a CJK-language document without CJK text no CJK face', async () => {
    const fonts = await selectFonts({ text: 'Only Latin letters here.', lang: 'zh-Hans' });
    assert.doesNotMatch(fonts.css, /Noto Serif/);
    assert.equal(fonts.fontFamily, `'${TEXT_FAMILY}', serif`);
    assert.deepEqual(fonts.missingPackages, []);
  });

  it('reports a missing Noto Serif JP for Japanese and falls back to SC', async () => {
    const fonts = await selectFonts({ text: '日本語の文章です。漢字とかなが混じっています。', lang: 'ja-JP' });
    if (installed('@fontsource/noto-serif-jp')) {
      assert.match(fonts.css, /font-family: 'Noto Serif JP'/);
      assert.deepEqual(fonts.missingPackages, []);
      return;
    }
    assert.deepEqual(fonts.missingPackages, ['@fontsource/noto-serif-jp']);
    assert.match(fonts.css, /font-family: 'Noto Serif SC'/);
    assert.doesNotMatch(fonts.css, /Noto Serif JP/);
    assert.equal(fonts.fontFamily, `'${TEXT_FAMILY}', 'Noto Serif SC', serif`);
  });

  it('asks for Noto Serif TC for Traditional Chinese', async () => {
    for (const lang of ['zh-TW', 'ZH-hk', 'zh-Hant', 'zh-Hant-CN']) {
      const fonts = await selectFonts({ text: '繁體中文的段落。', lang });
      if (installed('@fontsource/noto-serif-tc')) {
        assert.match(fonts.css, /font-family: 'Noto Serif TC'/, lang);
      } else {
        assert.deepEqual(fonts.missingPackages, ['@fontsource/noto-serif-tc'], lang);
        assert.match(fonts.css, /font-family: 'Noto Serif SC'/, lang);
      }
    }
    // A simplified script subtag wins over a traditional region.
    const hans = await selectFonts({ text: '简体中文的段落。', lang: 'zh-Hans-TW' });
    assert.deepEqual(hans.missingPackages, []);
    assert.match(hans.css, /font-family: 'Noto Serif SC'/);
  });

  it('is deterministic', async () => {
    const [first, second] = await Promise.all([
      selectFonts({ text: CHINESE, lang: 'zh-CN' }),
      selectFonts({ text: CHINESE, lang: 'zh-CN' }),
    ]);
    const third = await selectFonts({ text: CHINESE, lang: 'zh-CN' });
    assert.ok(first.css === second.css && second.css === third.css, 'identical css');
    assert.deepEqual(first, third);
  });
});
