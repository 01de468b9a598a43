import { normalizeHandle, parseYearFirstSlashDate } from '../../vocabulary/normalize.ts';
import type { BodyLeaderRow, BodyRow, LeaderRole, ParseResult, Rejection } from '../rows.ts';
import {
  bulletItems,
  findSection,
  firstTable,
  markdownSections,
  type SourceLine,
  singleLink,
} from './markdown.ts';
import { parseResult } from './result.ts';

/** Both README versions describe this one TAG (the 2021 title says "CNCF App Delivery TAG"). */
export const TAG_APP_DELIVERY = 'TAG App Delivery';

// "Lian Li (@lianmakesthings) (Co-Chair, Term: 2024/04/16 - 2026/04/15)", "Dylan Page (@genpage) (TL)",
// "Katie Gamanji (@kgamanji)".
const LEAD = /^(?<name>[^(]+?)\s*\(@(?<handle>[^)\s]+)\)\s*(?:\((?<details>[^)]*)\))?$/;
const TERM = /term:\s*(?<since>\S+)\s*[-–—]\s*(?<until>\S+)/i;

function roleFromDetails(details: string): LeaderRole | null {
  if (/\bco-?chair\b|\bchair\b/i.test(details)) return 'chair';
  if (/\bTL\b|tech(?:nical)? lead/i.test(details)) return 'tech-lead';
  return null;
}

function leadsFromList(
  lines: SourceLine[],
  defaultRole: LeaderRole | null,
  emeritus: boolean,
  rejected: Rejection[],
): BodyLeaderRow[] {
  const rows: BodyLeaderRow[] = [];
  for (const item of bulletItems(lines)) {
    const match = LEAD.exec(item.text);
    if (!match?.groups) {
      rejected.push({
        line: item.line,
        reason: `lead not in the form "Name (@handle) (Role, Term: …)": '${item.text}'`,
      });
      continue;
    }
    const name = (match.groups.name ?? '').trim();
    const details = match.groups.details ?? '';
    const role = roleFromDetails(details) ?? defaultRole;
    if (role === null) {
      rejected.push({ line: item.line, reason: `lead ${name}: role not understood in '(${details})'` });
      continue;
    }
    const term = TERM.exec(details);
    const since = term?.groups ? parseYearFirstSlashDate(term.groups.since ?? '') : null;
    const until = term?.groups ? parseYearFirstSlashDate(term.groups.until ?? '') : null;
    if (term && (since === null || until === null)) {
      rejected.push({
        line: item.line,
        reason: `lead ${name}: term '${term[0]}' has an invalid date; row kept without it`,
      });
    }
    rows.push({
      body: TAG_APP_DELIVERY,
      bodyKind: 'TAG',
      parentBody: null,
      name,
      handle: normalizeHandle(match.groups.handle),
      company: null,
      role,
      emeritus,
      since,
      until,
      line: item.line,
    });
  }
  return rows;
}

/**
 * tag-app-delivery/README.md. The 2025 layout has "## Leads" (chairs with terms, tech leads), "## TOC
 * Liaisons" and "## Emeritus Leads" (role not stated: 'lead'); the 2021 layout has "## Chairs" followed by
 * a sentence, "Alois Reitbauer, Bryan Liles and Lei Zhang." Throws when neither section is present.
 */
export function parseTagAppDeliveryLeaders(text: string): ParseResult<BodyLeaderRow> {
  const sections = markdownSections(text);
  const rejected: Rejection[] = [];
  const leads = findSection(sections, /^Leads$/i);
  if (leads) {
    const liaisons = findSection(sections, /^TOC Liaisons?$/i);
    const emeritus = findSection(sections, /^Emeritus Leads$/i);
    const rows = [
      ...leadsFromList(leads.body, null, false, rejected),
      ...(liaisons ? leadsFromList(liaisons.body, 'toc-liaison', false, rejected) : []),
      ...(emeritus ? leadsFromList(emeritus.body, 'lead', true, rejected) : []),
    ];
    return parseResult(rows, rejected);
  }
  const chairs = findSection(sections, /^Chairs$/i);
  if (!chairs) throw new Error('tag-app-delivery README: no "## Leads" or "## Chairs" section');
  const rows: BodyLeaderRow[] = [];
  for (const sourceLine of chairs.body) {
    const sentence = sourceLine.text.trim().replace(/\.$/, '');
    if (sentence === '') continue;
    for (const nameText of sentence.split(/\s*,\s*|\s+and\s+/)) {
      const name = nameText.trim();
      if (name === '') continue;
      rows.push({
        body: TAG_APP_DELIVERY,
        bodyKind: 'TAG',
        parentBody: null,
        name,
        handle: null,
        company: null,
        role: 'chair',
        emeritus: false,
        since: null,
        until: null,
        line: sourceLine.line,
      });
    }
  }
  return parseResult(rows, rejected);
}

/**
 * tag-app-delivery/README.md "## Working Groups" table. The third column is a meeting link, or a status
 * ("Inactive", "Merged into OpenGitOps meetings") which is kept. Older READMEs have no such table.
 */
export function parseTagAppDeliveryWorkingGroups(text: string): ParseResult<BodyRow> {
  const section = findSection(markdownSections(text), /^Working Groups$/i);
  const table = section ? firstTable(section.body) : null;
  if (!table) return { rows: [], rejected: [] };
  const rows: BodyRow[] = [];
  const rejected: Rejection[] = [];
  for (const { cells, line } of table.rows) {
    const [groupCell = '', , meetingCell = ''] = cells;
    const link = singleLink(groupCell);
    if (!link || link.text === '') {
      rejected.push({ line, reason: `working group cell is not a [name](link): '${groupCell}'` });
      continue;
    }
    const status = singleLink(meetingCell)
      ? null
      : meetingCell.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
    rows.push({
      name: link.text,
      kind: 'WG',
      parentBody: TAG_APP_DELIVERY,
      description: null,
      link: link.target,
      archived: status !== null && /^inactive$/i.test(status),
      status: status === '' ? null : status,
      line,
    });
  }
  return parseResult(rows, rejected);
}
