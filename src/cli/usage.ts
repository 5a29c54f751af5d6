/**
 * What the command says when it is used wrongly, and the exit codes it ends with (as the README
 * documents them).
 */
import { IMPRINT_VERSION } from '../version.ts';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, buildError: 1, usageError: 2, interrupted: 130 } as const;

/** Raised for a wrong command line: printed with a pointer to the help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Writes the problem and the pointer to the help; returns the usage exit code. */
export function usage(problem: string): number {
  process.stderr.write(`imprint: ${problem}\nRun \`imprint --help\` for usage.\n`);
  return EXIT.usageError;
}

/** The whole help, printed by `imprint --help` and `imprint COMMAND --help`. */
export const HELP = `imprint ${IMPRINT_VERSION} — Markdown manuscript to HTML, PDF and EPUB, with its source attribution

Usage:
  imprint build [INPUT...] [options]  build the editions of one or more manuscripts
  imprint verify [DIR|FILE...] [--json]
                                      check files against their manifest (default: output)
  imprint watch [INPUT] [--port N] [build options]
                                      live preview at http://127.0.0.1:N/ (default 4321);
                                      PDF and EPUB rebuilt in the background
  imprint init [DIR]                  write a starter book into DIR (default: .)
  imprint import SOURCE... [--out DIR] [--timezone ZONE] [--allow-remote] [--dry-run] [--json]
                                      make manuscripts of web captures (.html, .txt, folders,
                                      http(s) addresses), with their attribution and its origin
  imprint browser [install]           print the browser a build would use, or download
                                      Chrome for Testing into Puppeteer's cache
  imprint manifest merge [-o DIR] SOURCE...
                                      join the manifests of several output folders (the
                                      shards of one archive) into DIR/manifest.json
  imprint --help | --version

INPUT is a Markdown file, a folder holding one, or a book's folder: its book.yaml
lists the chapters, or else its .md files are the chapters in name order (default: manuscript).

Build options:
  -o, --out DIR        write the editions into DIR (default: output)
  -f, --format LIST    comma-separated formats: html, pdf, epub (default: html,pdf,epub)
  -p, --paper SIZE     PDF paper: a4, letter or a5 (default: a4)
  -l, --layout NAME    PDF layout: handout (title block, text at once) or book
                       (title page, contents, chapters on new pages)
                       (default: book for a book, handout for an article)
      --footnotes WHERE  PDF footnotes: page (at the foot of the page citing them) or
                       chapter (after each chapter) (default: the front matter's
                       footnotes, else page in the book layout, chapter in a handout)
  -b, --booklet        also write SLUG-booklet.pdf: pages imposed two per sheet side
                       for saddle-stitch printing (A5 on A4, half-letter on letter)
      --pdfa           write the PDF for PDF/A-2b archiving (sRGB output intent, pdfaid XMP)
  -s, --style FILE     add this CSS after the built-in style sheets, in every edition
  -c, --cover FILE     use this PNG or JPEG as the EPUB cover instead of a generated one
      --embed-fonts    pack the bundled fonts into the EPUB (default: readers choose)
      --allow-remote   fetch remote (http/https) images while building (default: never)
      --no-highlight   set code in plain monospace (default: coloured by its fence's language)
  -t, --timeout SECS   how long Chromium may take over one page (default: 60)
  -j, --jobs N         with several INPUTs: how many build at once, sharing one browser
                       (default: the number of cores plus two)
      --shard K/N      build only the K-th of N slices of the INPUTs (sorted by path, dealt
                       in turn), to split one archive across machines; join their
                       manifests afterwards with \`imprint manifest merge\`
      --config FILE    read the build settings from FILE (default: imprint.config.*
                       or package.json's "imprint" key, from INPUT's folder upwards;
                       a flag wins over the file)
  -q, --quiet          print only problems, no progress lines

Import options:
  -o, --out DIR        write DIR/SLUG.md, images in DIR/SLUG/ (default: manuscripts)
      --timezone ZONE  the IANA zone of dates the capture gives without one (Asia/Shanghai)
      --allow-remote   fetch a page's remote images (default: they become their alt text)
      --dry-run        report, write nothing; --json: the reports as JSON on stdout

Verify options:
      --json           print the verdicts as JSON

Manifest merge options:
  -o, --out DIR        write the merged manifest.json into DIR (default: output);
                       SOURCE is an output folder or a manifest.json

Watch options:
      --port N         the preview's port on 127.0.0.1 (default: 4321; 0 picks a free one)

  -h, --help           show this help
  -v, --version        print the version

Exit codes: build: 0 built, 1 build error (the manuscript or the machine), 2 wrong usage;
            verify: 0 all files as recorded, 1 anything changed, tampered or missing, 2 wrong usage.
Environment: PUPPETEER_EXECUTABLE_PATH picks the browser; SOURCE_DATE_EPOCH fixes the build date.
`;
