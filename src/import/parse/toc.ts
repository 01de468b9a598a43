import { bodyKindOf, normalizeHandle, parseDateRanges } from '../normalize.ts';
import type {
  BodyRow,
  LiaisonRow,
  ParseResult,
  Rejection,
  TocAppointer,
  TocSeatKind,
  TocSeatRow,
} from '../rows.ts';
import {
  bulletItems,
  findSection,
  markdownSections,
  type SourceLine,
  singleLink,
  splitLines,
} from './markdown.ts';
import { parseResult } from './result.ts';

// "**Karena Angell** (term: 2 years - start date: 3/4/2025 - 3/4/2027) [GB-appointed][TOC Chair]"
// The 2021 README also writes "start date 2/4/2020" without the colon and "term: remainder of 2 years".
const SEAT = /^\*\*(?<name>[^*]+)\*\*\s*\((?<details>[^)]*)\)\s*(?<tags>(?:\[[^\]]*\]\s*)*)$/;
const SEAT_DETAILS = /^term:\s*(?<term>.+?)\s+-\s+start date:?\s*(?<range>.+)$/i;
const TERM = /^(?<remainder>remainder of\s+)?(?<years>\d+)\s+years?$/i;

const APPOINTERS: Record<string, TocAppointer> = {
  gb: 'GB',
  toc: 'TOC',
  enduser: 'EndUser',
  maintainer: 'Maintainer',
};

function seatsFromSection(lines: SourceLine[], seat: TocSeatKind, rejected: Rejection[]): TocSeatRow[] {
  const rows: TocSeatRow[] = [];
  for (const item of bulletItems(lines)) {
    const match = SEAT.exec(item.text);
    const details = match?.groups?.details ? SEAT_DETAILS.exec(match.groups.details.trim()) : null;
    if (!match?.groups || !details?.groups) {
      rejected.push({
        line: item.line,
        reason: `TOC seat not in the form "**Name** (term: N years - start date: M/D/YYYY - M/D/YYYY) [tags]": '${item.text}'`,
      });
      continue;
    }
    const name = (match.groups.name ?? '').trim();
    let ranges: ReturnType<typeof parseDateRanges>;
    try {
      ranges = parseDateRanges(details.groups.range ?? '');
    } catch (error) {
      rejected.push({ line: item.line, reason: `TOC seat of ${name}: ${(error as Error).message}` });
      continue;
    }
    const [range] = ranges;
    if (!range || ranges.length !== 1) {
      rejected.push({
        line: item.line,
        reason: `TOC seat of ${name}: expected one date range, found ${ranges.length}`,
      });
      continue;
    }
    const term = TERM.exec((details.groups.term ?? '').trim());
    if (!term?.groups) {
      rejected.push({
        line: item.line,
        reason: `TOC seat of ${name}: term '${details.groups.term}' not understood; row kept without term length`,
      });
    }
    let appointedBy: TocAppointer | null = null;
    let chair = false;
    let seatKind = seat;
    for (const tag of (match.groups.tags ?? '').matchAll(/\[([^\]]*)\]/g)) {
      const label = (tag[1] ?? '').trim();
      const appointer = /^(.+?)-appointed$/i.exec(label);
      const appointerKey = appointer?.[1]?.replace(/[\s-]/g, '').toLowerCase();
      if (appointerKey && APPOINTERS[appointerKey]) {
        appointedBy = APPOINTERS[appointerKey];
      } else if (/^toc chair$/i.test(label)) {
        chair = true;
      } else if (/^alternate$/i.test(label)) {
        seatKind = 'alternate';
      } else {
        rejected.push({
          line: item.line,
          reason: `TOC seat of ${name}: tag [${label}] not understood; row kept without it`,
        });
      }
    }
    rows.push({
      name,
      handle: null,
      seat: seatKind,
      since: range.since,
      until: range.until,
      untilKind: 'term-end',
      termYears: term?.groups ? Number(term.groups.years) : null,
      partialTerm: Boolean(term?.groups?.remainder),
      appointedBy,
      chair,
      line: item.line,
    });
  }
  return rows;
}

/**
 * toc/README.md, current ("## TOC Members" and "## TOC Alternates") or 2021 ("## Members") layout: one row
 * per listed seat; `until` is the scheduled end of the term. Throws when the file has no members section.
 */
export function parseTocSeats(text: string): ParseResult<TocSeatRow> {
  const sections = markdownSections(text);
  const members = findSection(sections, /^(?:TOC )?Members$/i);
  if (!members) throw new Error('TOC README: no "## TOC Members" or "## Members" section');
  const rejected: Rejection[] = [];
  const rows = seatsFromSection(members.body, 'member', rejected);
  const alternates = findSection(sections, /^TOC Alternates$/i);
  if (alternates) rows.push(...seatsFromSection(alternates.body, 'alternate', rejected));
  if (rows.length === 0 && rejected.length === 0) {
    throw new Error(`TOC README: the members section at line ${members.line} lists nobody`);
  }
  return parseResult(rows, rejected);
}

const EMERITUS_ENTRY = /^(?<name>[^()]+?)\s*\((?<ranges>[^()]*)\)\s*$/;

/**
 * toc/EMERITUS.md: "* Katie Gamanji (2/4/2020 - 11/2/2020, 3/18/2022 - 2/4/2026)". One row per range;
 * `until` is the actual end. The file names no alternates, so every row is a member seat.
 */
export function parseTocEmeritus(text: string): ParseResult<TocSeatRow> {
  const items = bulletItems(splitLines(text));
  if (items.length === 0) throw new Error('TOC EMERITUS.md: no bullet list of former TOC members');
  const rows: TocSeatRow[] = [];
  const rejected: Rejection[] = [];
  for (const item of items) {
    const match = EMERITUS_ENTRY.exec(item.text);
    if (!match?.groups) {
      rejected.push({
        line: item.line,
        reason: `former TOC member not in the form "Name (M/D/YYYY - M/D/YYYY)": '${item.text}'`,
      });
      continue;
    }
    const name = (match.groups.name ?? '').trim();
    try {
      for (const range of parseDateRanges(match.groups.ranges ?? '')) {
        rows.push({
          name,
          handle: null,
          seat: 'member',
          since: range.since,
          until: range.until,
          untilKind: 'actual',
          termYears: null,
          partialTerm: false,
          appointedBy: null,
          chair: false,
          line: item.line,
        });
      }
    } catch (error) {
      rejected.push({ line: item.line, reason: `former TOC member ${name}: ${(error as Error).message}` });
    }
  }
  return parseResult(rows, rejected);
}

// "**Karena Angell** ([@angellk](https://github.com/angellk)) — TAG Security and Compliance, TOC Project …"
const LIAISON = /^\*\*(?<name>[^*]+)\*\*\s*\((?<handle>[^)]*\)?)\)\s*[—–-]+\s*(?<bodies>.+)$/;

/**
 * toc/README.md "## TAG / TCG Liaisons": one row per (TOC member, body). Older READMEs have no such
 * section; they give no rows rather than an error.
 */
export function parseTocLiaisons(text: string): ParseResult<LiaisonRow> {
  const section = findSection(markdownSections(text), /liaisons?$/i);
  if (!section) return { rows: [], rejected: [] };
  const rows: LiaisonRow[] = [];
  const rejected: Rejection[] = [];
  for (const item of bulletItems(section.body)) {
    const match = LIAISON.exec(item.text);
    if (!match?.groups) {
      rejected.push({
        line: item.line,
        reason: `liaison not in the form "**Name** ([@handle](url)) — bodies": '${item.text}'`,
      });
      continue;
    }
    const name = (match.groups.name ?? '').trim();
    const handleText = match.groups.handle ?? '';
    const link = singleLink(handleText);
    const handle = normalizeHandle(link ? link.target : handleText);
    if (handle === null) {
      rejected.push({
        line: item.line,
        reason: `liaison ${name}: no GitHub handle in '${handleText}'; rows kept without it`,
      });
    }
    for (const bodyText of (match.groups.bodies ?? '').split(',')) {
      const body = bodyText.trim();
      if (body === '') continue;
      const bodyKind = bodyKindOf(body);
      if (bodyKind === null) {
        rejected.push({
          line: item.line,
          reason: `liaison ${name}: '${body}' is not a TAG, TCG, subproject or WG name`,
        });
        continue;
      }
      rows.push({ name, handle, body, bodyKind, line: item.line });
    }
  }
  return parseResult(rows, rejected);
}

/**
 * toc/README.md lists of TAGs, TOC subprojects and archived TAGs, as link bullets. Kinds come from the
 * section, not the name: "Mentoring SubProject" is a subproject, "TAG-Security" under "Archived" a TAG.
 */
export function parseTocBodies(text: string): ParseResult<BodyRow> {
  const sections = markdownSections(text);
  const lists: { title: RegExp; kind: BodyRow['kind']; archived: boolean }[] = [
    { title: /^Technical Advisory Groups$/i, kind: 'TAG', archived: false },
    { title: /^TOC Sub-?Projects$/i, kind: 'Subproject', archived: false },
    { title: /^Technical Advisory Groups\s*-\s*Archived$/i, kind: 'TAG', archived: true },
  ];
  const rows: BodyRow[] = [];
  const rejected: Rejection[] = [];
  for (const list of lists) {
    const section = findSection(sections, list.title);
    if (!section) continue;
    for (const item of bulletItems(section.body)) {
      const link = singleLink(item.text);
      if (!link || link.text === '') {
        rejected.push({
          line: item.line,
          reason: `body list item is not a single [name](link): '${item.text}'`,
        });
        continue;
      }
      rows.push({
        name: link.text.replace(/\s+/g, ' '),
        kind: list.kind,
        parentBody: null,
        description: null,
        link: link.target,
        archived: list.archived,
        status: null,
        line: item.line,
      });
    }
  }
  return parseResult(rows, rejected);
}
