/**
 * remarkFrontMatterCheck: parses the YAML front matter that remark-frontmatter left in the tree,
 * validates it, and hands it on: an article's (required) as `file.data.matter`, a book chapter's
 * (optional) as `file.data.chapter`.
 *
 * The YAML node stays in the tree so that every position, in the front matter and in the body,
 * is the author's own line and column.
 */
import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { ChapterMatterSchema, FrontMatterSchema, type ChapterMatter, type FrontMatter } from '../options/front-matter.ts';
import { reportFatal } from '../options/errors.ts';
import { checkYamlFields } from '../options/yaml-fields.ts';

declare module 'vfile' {
  interface DataMap {
    /** The validated front matter of an article (or a book's first chapter); absent when missing or invalid. */
    matter: FrontMatter;
    /** The validated front matter of a book chapter, when it has one. */
    chapter: ChapterMatter;
  }
}

/** Options of {@link remarkFrontMatterCheck}. */
export interface Options {
  /** `article` (default): front matter required, the full contract. `chapter`: optional, chapter fields. */
  role?: 'article' | 'chapter';
}

/** Reports front matter problems at their place and stores the valid front matter on the file. */
export default function remarkFrontMatterCheck(options: Options = {}) {
  const role = options.role ?? 'article';
  return (tree: Root, file: VFile): void => {
    const yamlNode = tree.children.find((node): node is Yaml => node.type === 'yaml');
    if (!yamlNode?.position) {
      if (role === 'article') {
        reportFatal(
          file,
          'The manuscript has no front matter: start it with a `---` line, the fields (at least `title`, `author` and `source`), and another `---` line',
          { place: { line: 1, column: 1 }, ruleId: 'front-matter' },
        );
      }
      return;
    }
    // Line 1 of the YAML is the line after the opening `---`.
    const place = { firstLine: yamlNode.position.start.line + 1, block: yamlNode.position };
    if (role === 'article') {
      const matter = checkYamlFields(yamlNode.value, file, place, FrontMatterSchema);
      if (matter) file.data.matter = matter;
    } else {
      const chapter = checkYamlFields(yamlNode.value, file, place, ChapterMatterSchema);
      if (chapter) file.data.chapter = chapter;
    }
  };
}
