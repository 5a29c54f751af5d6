/**
 * `imprint init`: a starter book that builds as it is and shows every front matter field, so a
 * new user edits text instead of reading the documentation first.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OptionsError } from '../options/errors.ts';

const BOOK_YAML = `# The book's front matter. Every field a manuscript's front matter has works here too.
title: My First Book
subtitle: Written with Imprint
author: Your Name                 # a name, or a list: [First Author, Second Author]
# author_note: A line about the author, shown in the colophon.
# editor: An Editor               # a name or a list
lang: en                          # BCP 47: en, en-GB, zh-CN, ja, ...
slug: my-first-book               # the output file names
# keywords: [first, example]
# description: One sentence on what the book is about.
# series: My Series               # EPUB belongs-to-collection
# edition: First edition
# isbn: 978-3-16-148410-0
# cover: images/cover.png         # a PNG or JPEG; otherwise a cover is generated
# rights: Text under CC BY 4.0.
original: true                    # written here; a reprint instead names its source:
date: 2026-01-01T09:00:00+00:00   # ISO 8601 with a UTC offset
# source:
#   name: The Original Publication
#   publisher: Its Publisher
#   url: https://example.org/original
#   published: 2024-05-06T16:40:15+08:00
#   statement: The reprint statement, verbatim.

# The chapters, in reading order.
chapters:
  - 01-first-chapter.md
  - 02-second-chapter.md
`;

const FIRST_CHAPTER = `---
# A chapter's front matter is optional; every field is.
title: The First Chapter
# subtitle: A line under the chapter title
# author: Someone Else            # an anthology chapter may have its own author...
# editor: An Editor
# author_note: A line about this chapter's author.
# source:                         # ...and its own source, shown under its title and in the colophon
#   name: The Original Publication
#   published: 2024-05-06T16:40:15+08:00
#   statement: The reprint statement, verbatim.
# lang: en
# keywords: [chapter]
# description: What this chapter is about.
# date: 2026-01-01T09:00:00+00:00
---

# The First Chapter

Write in Markdown: *emphasis*, **strong**, [links](https://example.org), lists, tables and
footnotes.[^note] "Straight quotes" become curly ones -- and dashes are set properly.

![A simple diagram](images/figure.svg "An image with a title becomes a captioned figure")

## A section

Headings up to three levels appear in the table of contents.

[^note]: Footnotes go to the end of the chapter in print and pop up on e-readers.
`;

const SECOND_CHAPTER = `# The Second Chapter

| Column | Another |
| --- | --- |
| a table | with two rows |
| it stays | in one piece |

- [x] Build with \`imprint build\`
- [ ] Preview while writing with \`imprint watch\`
`;

const FIGURE = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="60" viewBox="0 0 160 60">
  <title>Two boxes joined by an arrow</title>
  <rect x="2" y="15" width="50" height="30" fill="none" stroke="black"/>
  <rect x="108" y="15" width="50" height="30" fill="none" stroke="black"/>
  <path d="M52 30 H106" stroke="black"/>
</svg>
`;

const CUSTOM_CSS = `/* Your own styles, added after Imprint's: build with
     imprint build . --style styles/custom.css
   Examples: */

/* Fonts: any family the machine has, or one you load with @font-face. */
/* :root { --text-font: 'DejaVu Serif', serif; } */

/* Colours. */
h1, h2, h3 { color: #1d2b3a; }

/* Page size and margins of the PDF (the --paper option sets the usual ones). */
/* @page { size: 170mm 240mm; margin: 18mm 16mm 22mm; } */
`;

const FILES: Record<string, string> = {
  'book.yaml': BOOK_YAML,
  '01-first-chapter.md': FIRST_CHAPTER,
  '02-second-chapter.md': SECOND_CHAPTER,
  'images/figure.svg': FIGURE,
  'styles/custom.css': CUSTOM_CSS,
};

/** Writes the starter book into `folder`; refuses, writing nothing, if any of its files exists. */
export async function init(folder: string): Promise<string[]> {
  const targets = Object.keys(FILES).map((name) => path.join(folder, name));
  const existing = targets.filter((target) => existsSync(target));
  if (existing.length > 0) {
    throw new OptionsError(`init does not overwrite files; these exist already: ${existing.join(', ')}`);
  }
  for (const [name, content] of Object.entries(FILES)) {
    const target = path.join(folder, name);
    await mkdir(path.dirname(target), { recursive: true });
    // 'wx': never replace a file that appeared since the check.
    await writeFile(target, content, { flag: 'wx' });
  }
  return targets;
}
