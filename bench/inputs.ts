/**
 * The benchmark's inputs, generated into a scratch folder from the default manuscript: the
 * article itself, books of any number of chapters (each chapter is the article's text under its
 * own headings), and a batch of distinct articles.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

const ROOT = new URL('../', import.meta.url);

/** The default manuscript split into its front matter and its paragraphs. */
export async function readSeed(): Promise<{ source: string; frontMatter: string; paragraphs: string[] }> {
  const source = await readFile(new URL('manuscript/micro-corruption.md', ROOT), 'utf8');
  const [, frontMatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
  return { source, frontMatter, paragraphs: body.split(/\n{2,}/).map((paragraph) => paragraph.trim()).filter(Boolean) };
}

/** Copies the default manuscript into its own folder; returns the file. */
export async function writeArticle(folder: string): Promise<string> {
  const { source } = await readSeed();
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'micro-corruption.md');
  await writeFile(file, source);
  return file;
}

/** A book of `chapters` chapters, each about two and a half A4 pages; returns its folder. */
export async function writeBook(folder: string, chapters: number, options: { footnotes?: boolean } = {}): Promise<string> {
  const { paragraphs } = await readSeed();
  await mkdir(folder, { recursive: true });
  const names = Array.from({ length: chapters }, (_, index) => `chapter-${String(index + 1).padStart(4, '0')}.md`);
  const book = {
    title: `A benchmark book of ${chapters} chapters`,
    author: 'Imprint Benchmarks',
    lang: 'en',
    slug: `book-${chapters}`,
    original: true,
    date: '2024-05-06T16:40:15+08:00',
    chapters: names,
  };
  await writeFile(path.join(folder, 'book.yaml'), stringify(book));
  await Promise.all(
    names.map((name, index) => {
      // Each chapter starts at another paragraph, so chapters are not identical.
      const turn = index % paragraphs.length;
      const text = [...paragraphs.slice(turn), ...paragraphs.slice(0, turn)].map((paragraph, at) =>
        options.footnotes && at % 2 === 0 ? withFootnote(paragraph, `${index + 1}-${at}`, at === 4 && index % 5 === 0) : paragraph,
      );
      const chapter = [
        `# Chapter ${index + 1}: on grassroots work`,
        ...text.slice(0, 2),
        `## What it asks of members, part ${index + 1}`,
        ...text.slice(2),
      ].join('\n\n');
      return writeFile(path.join(folder, name), `${chapter}\n`);
    }),
  );
  return folder;
}

/**
 * A paragraph with a note cited after its first sentence (about one a page in the bench book);
 * a long note runs to several lines, so some cannot fit under their reference's page.
 */
function withFootnote(paragraph: string, label: string, long: boolean): string {
  const stop = /[.!?]["”’)]*(?=\s|$)/.exec(paragraph);
  const at = stop ? stop.index + stop[0].length : paragraph.length;
  const note = long
    ? `A long note, ${label}: ${paragraph.slice(0, 900)}`
    : `Note ${label}: the reference is cited here, and the note says where it comes from.`;
  return `${paragraph.slice(0, at)}[^${label}]${paragraph.slice(at)}\n\n[^${label}]: ${note}`;
}

/** `count` articles, each the default manuscript under its own title and slug; returns the files. */
export async function writeArticles(folder: string, count: number): Promise<string[]> {
  const { frontMatter, paragraphs } = await readSeed();
  await mkdir(folder, { recursive: true });
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const number = String(index + 1).padStart(3, '0');
      const matter = frontMatter
        .replace(/^title: (.*)$/m, (_line, title: string) => `title: ${title} (No. ${number})`)
        .replace(/^slug: .*$/m, `slug: article-${number}`);
      const file = path.join(folder, `article-${number}.md`);
      await writeFile(file, `---\n${matter}\n---\n\n${paragraphs.join('\n\n')}\n`);
      return file;
    }),
  );
}

/** One Markdown file holding a book's chapters in order, for tools that take a single file. */
export async function concatenateBook(folder: string, chapters: number, target: string): Promise<string> {
  const parts = await Promise.all(
    Array.from({ length: chapters }, (_, index) => readFile(path.join(folder, `chapter-${String(index + 1).padStart(4, '0')}.md`), 'utf8')),
  );
  await writeFile(target, `---\ntitle: A benchmark book of ${chapters} chapters\nauthor: Imprint Benchmarks\nlang: en\n---\n\n${parts.join('\n')}`);
  return target;
}

const LISTING = `use std::collections::HashMap;

/// Counts the words of a text, as chapter 8 of the Rust book does.
fn word_counts(text: &str) -> HashMap<&str, usize> {
    let mut map = HashMap::new();
    for word in text.split_whitespace() {
        let count = map.entry(word).or_insert(0);
        *count += 1;
    }
    map
}`;

/**
 * A long book of `chapters` chapters, each about two and a half A4 pages, with what real books
 * hold beside prose: a highlighted listing, a table, a diagram (a Graphviz SVG from the Rust book)
 * and a raster picture. Returns its folder. Made at bench time, never committed.
 */
export async function writeLargeBook(folder: string, chapters: number): Promise<string> {
  const { paragraphs } = await readSeed();
  await mkdir(path.join(folder, 'images'), { recursive: true });
  const fixtures = new URL('tests/fixtures/images/', ROOT);
  await writeFile(path.join(folder, 'images', 'diagram.svg'), await readFile(new URL('real/graphviz-trpl04-01.svg', fixtures)));
  await writeFile(path.join(folder, 'images', 'gradient.png'), await readFile(new URL('gradient.png', fixtures)));
  const names = Array.from({ length: chapters }, (_, index) => `chapter-${String(index + 1).padStart(4, '0')}.md`);
  const book = { title: `A long book of ${chapters} chapters`, author: 'Imprint Benchmarks', lang: 'en', slug: `long-book-${chapters}`, original: true, date: '2024-05-06T16:40:15+08:00', chapters: names };
  await writeFile(path.join(folder, 'book.yaml'), stringify(book));
  await Promise.all(
    names.map((name, index) => {
      const turn = index % paragraphs.length;
      const text = [...paragraphs.slice(turn), ...paragraphs.slice(0, turn)].slice(0, 4);
      const picture = index % 2 === 0 ? `![A string's parts in memory (figure ${index + 1})](images/diagram.svg)` : `![A gradient (figure ${index + 1})](images/gradient.png)`;
      const table = [
        '| Year | Cases | Share |',
        '| --- | ---: | ---: |',
        ...Array.from({ length: 5 }, (_, row) => `| ${2019 + row} | ${(index * 37 + row * 11) % 900} | ${((index + row) % 97) + 1} % |`),
      ].join('\n');
      const chapter = [
        `# Chapter ${index + 1}: on grassroots work`,
        text[0],
        `## Counting, part ${index + 1}`,
        `\`\`\`rust\n${LISTING}\n\`\`\``,
        text[1],
        table,
        text[2],
        picture,
        text[3],
      ].join('\n\n');
      return writeFile(path.join(folder, name), `${chapter}\n`);
    }),
  );
  return folder;
}
