/**
 * Telling where the text has characters no bundled face can print. The fonts are chosen for the
 * whole edition (fonts/select.ts); this finds the first place of each script among the characters left
 * over, so the warning names the file, line and column, as every other warning does.
 */
import path from 'node:path';
import type { Element, ElementContent, Text } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fromXml } from 'xast-util-from-xml';
import { uncoveredInPictures } from '../fonts/picture-faces.ts';
import type { Manuscript } from '../model.ts';

/** Scripts by name, as Unicode's Script property spells them; anything else is named by category. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan',
  'Myanmar', 'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Ogham', 'Runic', 'Khmer', 'Mongolian',
  'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Yi', 'Javanese', 'Balinese', 'Tifinagh', 'Vai', 'Adlam',
].map((name) => ({ name: name.replace(/_/g, ' '), pattern: new RegExp(`^\\p{Script=${name}}$`, 'u') }));

/** The script of a character, or what it is when it belongs to none ("emoji", "symbol"). */
export function scriptOf(character: string): string {
  const script = SCRIPTS.find(({ pattern }) => pattern.test(character));
  if (script) return script.name;
  if (/^\p{Extended_Pictographic}$/u.test(character)) return 'emoji';
  if (/^\p{Sm}$/u.test(character)) return 'mathematical symbol';
  if (/^[\p{S}\p{L}\p{N}]$/u.test(character)) return 'symbol';
  if (/^\p{P}$/u.test(character)) return 'punctuation';
  return 'other';
}

/** Where a script's first uncovered character is. */
interface Finding {
  file: VFile;
  place?: { line: number; column: number };
}

/**
 * Warns, once per script, about the characters in `uncovered` (code points no bundled face has a
 * glyph for), at the first text that holds one of them.
 */
export function warnUncoveredGlyphs(manuscript: Manuscript, uncovered: readonly number[]): void {
  if (uncovered.length === 0) return;
  const byScript = new Map<string, string[]>();
  for (const point of uncovered) {
    const character = String.fromCodePoint(point);
    const script = scriptOf(character);
    byScript.set(script, [...(byScript.get(script) ?? []), character]);
  }
  const wanted = new Set(uncovered.map((point) => String.fromCodePoint(point)));
  const findings = new Map<string, Finding>();
  for (const { file, content } of documentsOf(manuscript)) {
    for (const node of content) {
      visit(node, 'text', (text: Text) => {
        let offset = 0;
        for (const character of text.value) {
          const script = wanted.has(character) ? scriptOf(character) : undefined;
          if (script !== undefined && !findings.has(script)) findings.set(script, { file, ...placeOf(text, offset) });
          offset += character.length;
        }
      });
    }
  }
  for (const [script, characters] of byScript) {
    // Not in the text: in the front matter (the title block, the colophon).
    const { file, place } = findings.get(script) ?? { file: manuscript.primary };
    file.message(`No bundled font has a glyph for ${characterList(script, characters)}: the PDF prints ${characters.length === 1 ? 'it as a box' : 'them as boxes'}`, {
      ruleId: 'missing-glyph',
      source: 'imprint',
      ...(place ? { place } : {}),
    });
  }
}

/**
 * Warns, at each SVG picture, about characters of its text that no face Chromium draws pictures
 * with has (see fonts/picture-faces.ts): a picture is printed as an image, and its text falls
 * to the last-resort box.
 */
export async function warnUncoveredPictureGlyphs(manuscript: Manuscript): Promise<void> {
  const warned = new Set<string>();
  for (const { file, content } of documentsOf(manuscript)) {
    const pictures: Element[] = [];
    for (const node of content) visit(node, 'element', (element: Element) => void (element.tagName === 'img' && pictures.push(element)));
    for (const picture of pictures) {
      const src = String(picture.properties.src ?? '');
      const image = manuscript.images[src];
      if (!image || image.mediaType !== 'image/svg+xml' || warned.has(src)) continue;
      warned.add(src);
      const uncovered = await uncoveredInPictures(svgText(image.data));
      if (uncovered.length === 0) continue;
      const byScript = new Map<string, string[]>();
      for (const point of uncovered) {
        const character = String.fromCodePoint(point);
        byScript.set(scriptOf(character), [...(byScript.get(scriptOf(character)) ?? []), character]);
      }
      const lists = [...byScript].map(([script, characters]) => characterList(script, characters));
      // Named as the manuscript names it, not by its name inside the editions.
      const name = image.sourcePath && file.path ? path.relative(path.dirname(file.path), image.sourcePath) : src;
      file.message(`No bundled font has a glyph for ${lists.join('; ')} in the picture ${name}: the PDF prints ${uncovered.length === 1 ? 'it as a box' : 'them as boxes'}`, {
        ruleId: 'missing-glyph',
        source: 'imprint',
        ...(picture.position ? { place: picture.position } : {}),
      });
    }
  }
}

/** The text an SVG draws (its `text` elements), or nothing when it does not parse as XML. */
function svgText(data: Uint8Array): string {
  try {
    const tree = fromXml(new TextDecoder().decode(data));
    const texts: string[] = [];
    visit(tree, 'text', (text, _index, parent) => {
      if (parent?.type === 'element' && ['text', 'tspan', 'textPath'].includes(parent.name)) texts.push(text.value);
    });
    return texts.join(' ');
  } catch {
    return '';
  }
}

/** “the Han character “字” (U+5B57)”, or a list of up to eight. */
function characterList(script: string, characters: readonly string[]): string {
  const one = characters.length === 1;
  const listed = characters.slice(0, 8).map((character) => `“${character}” (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
  const more = characters.length > 8 ? ` and ${characters.length - 8} more` : '';
  return `${one ? 'the' : 'these'} ${script} character${one ? '' : 's'} ${listed.join(', ')}${more}`;
}

/** The files of a manuscript with their content. */
function documentsOf(manuscript: Manuscript): Array<{ file: VFile; content: ElementContent[] }> {
  return manuscript.kind === 'book'
    ? manuscript.chapters.map((chapter) => ({ file: chapter.file, content: chapter.content }))
    : [{ file: manuscript.primary, content: manuscript.body }];
}

/** The place of the character at `offset` in a text node, when the node has a position. */
function placeOf(text: Text, offset: number): { place?: { line: number; column: number } } {
  const start = text.position?.start;
  if (!start) return {};
  const before = text.value.slice(0, offset).split('\n');
  return before.length === 1
    ? { place: { line: start.line, column: start.column + offset } }
    : { place: { line: start.line + before.length - 1, column: before.at(-1)!.length + 1 } };
}
