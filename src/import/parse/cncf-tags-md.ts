import { bodyKindOf, looksLikeEmail, normalizeHandle } from '../../vocabulary/normalize.ts';
import type { BodyKind, BodyLeaderRow, BodyRow, LeaderRole, ParseResult, Rejection } from '../rows.ts';
import {
  bulletItems,
  findSection,
  firstTable,
  type MarkdownSection,
  markdownSections,
  type SourceLine,
  singleLink,
} from './markdown.ts';
import { parseResult, SectionMissingError } from './result.ts';

/*
 * toc/tags/cncf-tags.md. Its versions, oldest first:
 *
 *  - eed4357 (2021-05-12), 33c1e48 (2023-06-21): the TAG process document ("Overall Purpose", "TAG Member
 *    Roles", …). Its "#### Chair" / "#### Tech Lead" / "### TOC Liaisons" headings describe roles and
 *    name nobody; there is no "## Current TAGS" nor "## TAG Leadership" section: both parsers throw
 *    SectionMissingError.
 *  - 39b08aa (2024-01-04) … 72eb48e (2024-06-06): "## Current TAGS" table (`| [TAG X](repo) | liaison,
 *    liaison |`) and "## TAG Leadership" with "### TAG X" / "#### Chairs" / "#### Tech Leads" and bullets
 *    `* [Name](https://github.com/login)`. A role heading may have no bullets (TAG Network's tech leads).
 *  - 778e76b (2024-07-30): the same, except TAG Security: its chairs are a `| Name | Organization | Term |`
 *    table, and its tech leads a `| Name | Organization |` table under a "### Tech Leads" heading (one
 *    level too high; it still belongs to TAG Security).
 *  - 7e81a9d (2024-08-27) … fe5c48b (2025-02-07): every role is a table: `| Name |` alone, or with
 *    Organization (and Term) columns; rows may have fewer cells than the header (no organization) or an
 *    extra trailing cell ("| @ |").
 *  - 0cf7f98 (2025-04-09): the file moved to tags/archive/cncf-tags.md (deleted at this path).
 *
 * The "## Emeritus Leaders" section only links to emeritus_leaders.md and names nobody. Terms in the Term
 * column ("June, 2023 - June, 2025") give months without days and are not read into since/until.
 */

const FILE = 'cncf-tags.md';

interface RoleHeading {
  role: LeaderRole;
  emeritus: boolean;
}

/** "Chairs", "Tech Leads", "TOC Liaisons", each maybe prefixed by "Emeritus"; null for anything else. */
function roleHeading(title: string): RoleHeading | null {
  const match = /^(emeritus\s+)?(.*)$/i.exec(title.trim());
  const emeritus = Boolean(match?.[1]);
  const rest = match?.[2] ?? '';
  if (/^(?:co-?)?chairs?$/i.test(rest)) return { role: 'chair', emeritus };
  if (/^tech(?:nical)?\s+leads?$/i.test(rest)) return { role: 'tech-lead', emeritus };
  if (/^toc\s+liaisons?$/i.test(rest)) return { role: 'toc-liaison', emeritus };
  return null;
}

interface Person {
  name: string;
  handle: string | null;
  company: string | null;
  line: number;
}

/**
 * `[Name](https://github.com/Login)` → name and lower-cased login. A link to anything but a GitHub profile
 * keeps the name and drops the link, with a rejection saying so (toc 8fbce98 … fe5c48b:
 * `[Matt Flannery](https://github.commatthewflannery)`).
 */
function personFromCell(cell: string, line: number, where: string, rejected: Rejection[]): Person | null {
  const link = singleLink(cell);
  const name = (link ? link.text : cell.trim()).trim();
  if (name === '' || looksLikeEmail(name) || (!link && /[[\]()]/.test(name))) {
    rejected.push({ line, reason: `${where}: entry not in the form [Name](GitHub URL): '${cell.trim()}'` });
    return null;
  }
  const handle = link ? normalizeHandle(link.target) : null;
  if (link && handle === null) {
    rejected.push({
      line,
      reason: `${where}: ${name}'s link '${link.target}' is not a GitHub profile; row kept without a handle`,
    });
  }
  return { name, handle, company: null, line };
}

function isTableLine(text: string): boolean {
  return /^\s*\|/.test(text);
}

/** The people listed under one role heading: bullets, or the rows of a table with a Name column. */
function peopleUnder(section: MarkdownSection, where: string, rejected: Rejection[]): Person[] {
  const people: Person[] = [];
  for (const item of bulletItems(section.body)) {
    const person = personFromCell(item.text, item.line, where, rejected);
    if (person) people.push(person);
  }
  const table = firstTable(section.body);
  if (table) {
    const header = table.header.map((cell) => cell.toLowerCase());
    const nameColumn = header.indexOf('name');
    const companyColumn = header.findIndex((cell) => cell === 'organization' || cell === 'company');
    if (nameColumn < 0) {
      rejected.push({
        line: table.rows[0]?.line ?? null,
        reason: `${where}: table without a Name column ('${table.header.join(' | ')}') not read`,
      });
    } else {
      for (const { cells, line } of table.rows) {
        const person = personFromCell(cells[nameColumn] ?? '', line, where, rejected);
        if (!person) continue;
        const company = companyColumn < 0 ? '' : (cells[companyColumn] ?? '').trim();
        if (company !== '' && !looksLikeEmail(company)) person.company = company;
        people.push(person);
      }
    }
  }
  // Anything else written under a role heading is reported rather than silently ignored, including the
  // lines of a second table (firstTable reads only the first).
  let tableState: 'before' | 'in' | 'after' = 'before';
  for (const sourceLine of section.body) {
    const text = sourceLine.text.trim();
    if (isTableLine(text) && tableState !== 'after') {
      tableState = 'in';
      continue;
    }
    if (tableState === 'in') tableState = 'after';
    if (text === '' || /^[*+-]\s/.test(text) || /^<!--.*-->$/.test(text)) continue;
    rejected.push({ line: sourceLine.line, reason: `${where}: line not read: '${text}'` });
  }
  return people;
}

/** "## Current TAGS" table; null when the version has no such section. */
function currentTagsTable(sections: MarkdownSection[]) {
  const section = findSection(sections, /^Current TAGs$/i);
  if (!section) return null;
  const table = firstTable(section.body);
  if (!table) throw new Error(`${FILE}: the "## Current TAGS" section holds no table`);
  return table;
}

function tagOfCell(cell: string): { name: string; kind: BodyKind; link: string | null } | null {
  const link = singleLink(cell);
  const name = link ? link.text : cell.trim();
  const kind = bodyKindOf(name);
  return kind === null || name === '' ? null : { name, kind, link: link?.target ?? null };
}

/**
 * TOC liaisons from the "Current TAGS" table's second column ("TOC Liaisons - updated as of 3/31/2024"):
 * names only, comma-separated.
 */
function liaisonRows(sections: MarkdownSection[], rejected: Rejection[]): BodyLeaderRow[] {
  const table = currentTagsTable(sections);
  if (!table || !/^TOC Liaisons?\b/i.test(table.header[1] ?? '')) return [];
  const rows: BodyLeaderRow[] = [];
  for (const { cells, line } of table.rows) {
    const tag = tagOfCell(cells[0] ?? '');
    if (!tag) continue; // parseCncfTagsBodies rejects it
    for (const nameText of (cells[1] ?? '').split(',')) {
      const name = nameText.trim();
      if (name === '') continue;
      if (looksLikeEmail(name) || /[[\]()]/.test(name)) {
        rejected.push({ line, reason: `TOC liaison of ${tag.name} is not a plain name: '${name}'` });
        continue;
      }
      rows.push(
        leaderRow(tag.name, tag.kind, { name, handle: null, company: null, line }, 'toc-liaison', false),
      );
    }
  }
  return rows;
}

function leaderRow(
  body: string,
  bodyKind: BodyKind,
  person: Person,
  role: LeaderRole,
  emeritus: boolean,
): BodyLeaderRow {
  return {
    body,
    bodyKind,
    parentBody: null,
    name: person.name,
    handle: person.handle,
    company: person.company,
    role,
    emeritus,
    since: null,
    until: null,
    line: person.line,
  };
}

/**
 * toc/tags/cncf-tags.md (2024-01-04 … 2025-02-07): the chairs and tech leads of every TAG under
 * "## TAG Leadership", and the TOC liaisons of the "## Current TAGS" table (role 'toc-liaison', names
 * only). Throws SectionMissingError for the versions without a "TAG Leadership" section (the 2021 and
 * 2023 process document, which names nobody).
 */
export function parseCncfTagsLeaders(text: string): ParseResult<BodyLeaderRow> {
  const sections = markdownSections(text);
  const leadershipIndex = sections.findIndex((section) => /^TAG Leadership$/i.test(section.title));
  const leadership = sections[leadershipIndex];
  if (!leadership) {
    throw new SectionMissingError(
      `${FILE}: no "## TAG Leadership" section; this version (the TAG process document) names no TAG leaders`,
    );
  }
  const rejected: Rejection[] = [];
  const rows: BodyLeaderRow[] = liaisonRows(sections, rejected);
  let tag: { name: string; kind: BodyKind } | null = null;
  for (const section of sections.slice(leadershipIndex + 1)) {
    if (section.level <= leadership.level) break;
    const role = roleHeading(section.title);
    if (role) {
      // Matched before TAG names and whatever its level: 778e76b has "### Tech Leads" under "### TAG Security".
      const where = `${section.title} of ${tag?.name ?? '(no TAG)'}`;
      const people = peopleUnder(section, where, rejected);
      if (!tag) {
        if (people.length > 0) {
          rejected.push({
            line: section.line,
            reason: `'${section.title}' is not under a "### TAG …" heading`,
          });
        }
        continue;
      }
      for (const person of people) rows.push(leaderRow(tag.name, tag.kind, person, role.role, role.emeritus));
      continue;
    }
    const kind = bodyKindOf(section.title);
    if (kind === null) {
      tag = null;
      rejected.push({
        line: section.line,
        reason: `'${section.title}' under TAG Leadership is neither a TAG nor Chairs/Tech Leads; not read`,
      });
      continue;
    }
    tag = { name: section.title, kind };
    const stray = section.body.filter(
      (sourceLine: SourceLine) => /^\s*[*+-]\s/.test(sourceLine.text) || isTableLine(sourceLine.text),
    );
    for (const sourceLine of stray) {
      rejected.push({
        line: sourceLine.line,
        reason: `${tag.name}: entry before any Chairs/Tech Leads heading not read: '${sourceLine.text.trim()}'`,
      });
    }
  }
  return parseResult(rows, rejected);
}

/**
 * toc/tags/cncf-tags.md "## Current TAGS" table (2024-01-04 … 2025-02-07): `| [TAG App Delivery](repo
 * URL) | liaisons |`, as TAG bodies with their repository links. Throws SectionMissingError for the
 * versions without that section (the 2021 and 2023 process document).
 */
export function parseCncfTagsBodies(text: string): ParseResult<BodyRow> {
  const table = currentTagsTable(markdownSections(text));
  if (!table) {
    throw new SectionMissingError(`${FILE}: no "## Current TAGS" section; this version lists no TAGs`);
  }
  const rows: BodyRow[] = [];
  const rejected: Rejection[] = [];
  for (const { cells, line } of table.rows) {
    const tag = tagOfCell(cells[0] ?? '');
    if (!tag) {
      rejected.push({ line, reason: `'${cells[0] ?? ''}' is not a TAG name` });
      continue;
    }
    rows.push({
      name: tag.name,
      kind: tag.kind,
      parentBody: null,
      description: null,
      link: tag.link,
      archived: false,
      status: null,
      line,
    });
  }
  return parseResult(rows, rejected);
}
