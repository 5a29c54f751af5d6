/**
 * The attribution library and journal pages give in `<meta>` tags: Dublin Core (`DC.*`, and the
 * `dcterms.*` spellings) and the Highwire Press tags Google Scholar reads (`citation_*`). Names
 * match case-insensitively (Open Journal Systems writes `DC.Title`); each list says which name is
 * preferred when a page has several for one field.
 */
import { absoluteUrl, isWebAddress, put, splitKeywords } from './candidate.ts';
import { preferredTag, putDate, putTag, putTagList, putUrlTag, tagsNamed, type MetaTag } from './meta-tags.ts';
import type { AttributionCandidates } from './model.ts';

const DC = 'Dublin Core';
const HIGHWIRE = 'Highwire';

/** What the Dublin Core tags say. `DC.source` names the source, or gives its address when it is one. */
export function dublinCoreAttribution(tags: readonly MetaTag[], base: string | undefined): AttributionCandidates {
  const found: AttributionCandidates = {};
  putTag(found, 'title', preferredTag(tags, ['dc.title', 'dcterms.title']), DC);
  // Open Journal Systems refines the creator to `DC.Creator.PersonalName`.
  putTagList(found, 'author', tagsNamed(tags, ['dc.creator', 'dc.creator.personalname', 'dcterms.creator']), DC);
  // The date of issue is the publication date; a bare `date` may be any date of the resource.
  putDate(found, preferredTag(tags, ['dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.date']), DC);
  putTag(found, 'publisher', preferredTag(tags, ['dc.publisher', 'dcterms.publisher']), DC);
  putTag(found, 'lang', preferredTag(tags, ['dc.language', 'dcterms.language']), DC);
  const source = preferredTag(tags, ['dc.source', 'dcterms.source']);
  if (source && isWebAddress(source.content)) put(found, 'url', absoluteUrl(source.content, base), `${DC} ${source.name}`);
  else putTag(found, 'sourceName', source, DC);
  return found;
}

/** What the Highwire Press `citation_*` tags say; every `citation_author` in order, `Last, First` as written. */
export function highwireAttribution(tags: readonly MetaTag[], base: string | undefined): AttributionCandidates {
  const found: AttributionCandidates = {};
  putTag(found, 'title', preferredTag(tags, ['citation_title']), HIGHWIRE);
  putTagList(found, 'author', tagsNamed(tags, ['citation_author']), HIGHWIRE);
  putDate(found, preferredTag(tags, ['citation_publication_date', 'citation_date', 'citation_online_date']), HIGHWIRE);
  putTag(found, 'sourceName', preferredTag(tags, ['citation_journal_title']), HIGHWIRE);
  putTag(found, 'publisher', preferredTag(tags, ['citation_publisher']), HIGHWIRE);
  putUrlTag(found, preferredTag(tags, ['citation_public_url', 'citation_abstract_html_url']), HIGHWIRE, base);
  putTag(found, 'lang', preferredTag(tags, ['citation_language']), HIGHWIRE);
  putTagList(found, 'keywords', tagsNamed(tags, ['citation_keywords']), HIGHWIRE, splitKeywords);
  return found;
}
