import { bodyKindOf, normalizeHandle } from '../../vocabulary/normalize.ts';
import type { BodyLeaderRow, BodyRow, LiaisonRow, ParseResult, Rejection } from '../rows.ts';
import {
  bulletItems,
  findSection,
  firstTable,
  markdownSections,
  type SourceLine,
  singleLink,
  splitLines,
} from './markdown.ts';
import { parseResult, SectionMissingError } from './result.ts';

/** `[Lei Zhang](https://github.com/resouer)` → name and handle; a bare name gives no handle. */
function personFromLink(cell: string): { name: string; handle: string | null } | null {
  const link = singleLink(cell);
  if (link) return link.text === '' ? null : { name: link.text, handle: normalizeHandle(link.target) };
  const name = cell.trim();
  return name === '' || /[[\]()]/.test(name) ? null : { name, handle: null };
}

/**
 * A "| TAG | Emeritus Chair |" table, used by toc/tags/emeritus_leaders.md and the "Emeritus Chairs"
 * section of the 2022 toc/tags/README.md. Throws when `lines` hold no table with that header.
 */
function emeritusChairTable(lines: SourceLine[], fileLabel: string, rejected: Rejection[]): BodyLeaderRow[] {
  const table = firstTable(lines);
  const [bodyHeader, chairHeader] = table?.header.map((cell) => cell.toLowerCase()) ?? [];
  if (!table || bodyHeader !== 'tag' || chairHeader !== 'emeritus chair') {
    throw new Error(`${fileLabel}: no "| TAG | Emeritus Chair |" table`);
  }
  const rows: BodyLeaderRow[] = [];
  for (const { cells, line } of table.rows) {
    const [body = '', chairCell = ''] = cells;
    const person = personFromLink(chairCell);
    const bodyKind = bodyKindOf(body);
    if (!person || bodyKind === null) {
      rejected.push({ line, reason: `emeritus chair row not understood: '${cells.join(' | ')}'` });
      continue;
    }
    if (person.handle === null) {
      rejected.push({
        line,
        reason: `emeritus chair ${person.name}: no GitHub handle in '${chairCell}'; row kept without it`,
      });
    }
    rows.push(chairRow(body, bodyKind, person, true, line));
  }
  return rows;
}

/** A TAG chair as these files list them: a name and a handle, no company, no dates. */
function chairRow(
  body: string,
  bodyKind: BodyLeaderRow['bodyKind'],
  person: { name: string; handle: string | null },
  emeritus: boolean,
  line: number,
): BodyLeaderRow {
  const { name, handle } = person;
  return {
    body,
    bodyKind,
    parentBody: null,
    name,
    handle,
    company: null,
    role: 'chair',
    emeritus,
    since: null,
    until: null,
    line,
  };
}

/** toc/tags/emeritus_leaders.md: past TAG chairs, undated. */
export function parseTagEmeritusLeaders(text: string): ParseResult<BodyLeaderRow> {
  const rejected: Rejection[] = [];
  const rows = emeritusChairTable(splitLines(text), 'emeritus_leaders.md', rejected);
  return parseResult(rows, rejected);
}

/**
 * toc/tags/README.md as of 2022-03-22: the "TAG Chairs as of March 2022" lists (one "### TAG …" heading
 * per TAG, link bullets below) and the "Emeritus Chairs" table. Throws SectionMissingError when the
 * chairs section is missing: the versions of 2024 (toc 39b08aa … 58e96d0) are the TAG process document
 * and list no chairs (the lists had moved to toc/tags/cncf-tags.md).
 */
export function parseTagsReadmeLeaders(text: string): ParseResult<BodyLeaderRow> {
  const sections = markdownSections(text);
  const chairsIndex = sections.findIndex((section) => /^TAG Chairs\b/i.test(section.title));
  const chairsSection = sections[chairsIndex];
  if (!chairsSection) {
    throw new SectionMissingError(
      'tags README: no "## TAG Chairs …" section; this version lists no TAG chairs',
    );
  }
  const rejected: Rejection[] = [];
  const rows: BodyLeaderRow[] = [];
  for (const section of sections.slice(chairsIndex + 1)) {
    if (section.level <= chairsSection.level) break;
    const bodyKind = bodyKindOf(section.title);
    if (bodyKind === null) {
      rejected.push({ line: section.line, reason: `'${section.title}' under TAG Chairs is not a TAG name` });
      continue;
    }
    for (const item of bulletItems(section.body)) {
      const person = personFromLink(item.text);
      if (!person) {
        rejected.push({
          line: item.line,
          reason: `chair of ${section.title} not in the form [Name](github URL): '${item.text}'`,
        });
        continue;
      }
      rows.push(chairRow(section.title, bodyKind, person, false, item.line));
    }
  }
  const emeritus = findSection(sections, /^Emeritus Chairs$/i);
  if (emeritus) rows.push(...emeritusChairTable(emeritus.body, 'tags README', rejected));
  return parseResult(rows, rejected);
}

function currentTagsTable(text: string) {
  const section = findSection(markdownSections(text), /^Current TAGs$/i);
  const table = section ? firstTable(section.body) : null;
  if (!section)
    throw new SectionMissingError('tags README: no "## Current TAGS" section; this version lists no TAGs');
  if (!table) throw new Error('tags README: the "## Current TAGS" section holds no table');
  return table;
}

/**
 * toc/tags/README.md (2022) "Current TAGS" table: "| [TAG Security](url) | Emily Fox, Justin Cormack |".
 * Liaisons are names only; "Richardo Rocha" is kept as written (the loader matches names).
 */
export function parseTagsReadmeLiaisons(text: string): ParseResult<LiaisonRow> {
  const rows: LiaisonRow[] = [];
  const rejected: Rejection[] = [];
  for (const { cells, line } of currentTagsTable(text).rows) {
    const [tagCell = '', liaisonsCell = ''] = cells;
    const body = singleLink(tagCell)?.text ?? tagCell;
    const bodyKind = bodyKindOf(body);
    if (bodyKind === null) {
      rejected.push({ line, reason: `'${tagCell}' is not a TAG name` });
      continue;
    }
    for (const nameText of liaisonsCell.split(',')) {
      const name = nameText.trim();
      if (name !== '') rows.push({ name, handle: null, body, bodyKind, line });
    }
  }
  return parseResult(rows, rejected);
}

/** toc/tags/README.md (2022) "Current TAGS" table, as bodies with their repository links. */
export function parseTagsReadmeBodies(text: string): ParseResult<BodyRow> {
  const rows: BodyRow[] = [];
  const rejected: Rejection[] = [];
  for (const { cells, line } of currentTagsTable(text).rows) {
    const link = singleLink(cells[0] ?? '');
    const kind = link ? bodyKindOf(link.text) : null;
    if (!link || kind === null) {
      rejected.push({ line, reason: `'${cells[0] ?? ''}' is not a [TAG name](link)` });
      continue;
    }
    rows.push({
      name: link.text,
      kind,
      parentBody: null,
      description: null,
      link: link.target,
      archived: false,
      status: null,
      line,
    });
  }
  return parseResult(rows, rejected);
}
