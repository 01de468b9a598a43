import { bodyKindOf, normalizeHandle, parseDateRanges, parseUsDate } from '../../vocabulary/normalize.ts';
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
import { parseResult, SectionMissingError } from './result.ts';

// "**Karena Angell** (term: 2 years - start date: 3/4/2025 - 3/4/2027) [GB-appointed][TOC Chair]". Older
// READMEs (toc commits named in test/unit/import/toc-history.test.ts) also write:
//   "Jonathan Boulle"                                          2016: a bare name, no term or dates
//   "(term: 3 years - start date: 1/29/2016)"                  2016-2018: no end date
//   "(term: 16 months - start date: 10/2/2017 - 1/29/2019)"    a term in months
//   "(term: TBD years - start date: 1/29/2019 - 1/29/TBD)"     term and end not yet decided
//   "(term: [remainder of previous term] - start date: …)"     also "remainer"; a partial term
//   "(term: 2/4/2022 - 2/4/2024)", "(term: 2 years 3/4/2025 - 3/4/2027)", "start date 2/4/2020" (no
//   colon), "term: term: 2 years", "2-1-2023" with hyphens, "<1 year", and after the tags "(TOC Chair)" or
//   "(Shortened term due to vacated seat)".
const SEAT =
  /^\*\*(?<name>[^*]+)\*\*\s*\((?<details>[^)]*)\)\s*(?<tags>(?:\[[^\]]*\]\s*)*)(?<notes>(?:\([^)]*\)\s*)*)$/;
const BARE_NAME = /^(?:\*\*)?(?<name>[^*()[\]:]+?)(?:\*\*)?$/;
const DATE = String.raw`\d{1,2}[/-]\d{1,2}[/-]\d{4}`;
const SEAT_DETAILS = new RegExp(
  String.raw`^(?:term:\s*)*(?<term>.*?)\s*(?:-?\s*start date:?\s*)?(?<range>${DATE}.*)?$`,
  'i',
);
const SEAT_RANGE = new RegExp(
  String.raw`^(?<since>${DATE})\s*(?:[-–—]\s*(?<until>${DATE}|\d{1,2}/\d{1,2}/TBD|TBD|present)?)?$`,
  'i',
);
const TERM = /^(?<remainder>remainder of\s+)?(?<count>\d+)\s+(?<unit>years?|months?)$/i;
const REMAINDER_OF_PREVIOUS = /^\[?remaind?er of (?:the )?previous term\]?$/i;
const UNDECIDED_TERM = /^(?:TBD\s+years?|<\s*\d+\s+years?)$/i;
// "**TBD**" and "**[TO BE FILLED SINCE KATIE STEPPED DOWN]**" hold a seat open: nobody to load.
const VACANT = /^(?:TBD|\[?to be filled\b.*)$/i;

const APPOINTERS: Record<string, TocAppointer> = {
  gb: 'GB',
  toc: 'TOC',
  enduser: 'EndUser',
  maintainer: 'Maintainer',
};

/** "2-1-2023" (a typo in 2023 READMEs) is read as 2/1/2023. */
const usDate = (text: string) => parseUsDate(text.replace(/-/g, '/'));

interface Term {
  years: number | null;
  partial: boolean;
  /** Set when the term was written but cannot be given as whole years. */
  problem: string | null;
}

function readTerm(text: string): Term {
  const term = text.trim().replace(/\s*-$/, '');
  if (term === '') return { years: null, partial: false, problem: null };
  if (REMAINDER_OF_PREVIOUS.test(term)) return { years: null, partial: true, problem: null };
  if (UNDECIDED_TERM.test(term)) return { years: null, partial: false, problem: null };
  const match = TERM.exec(term);
  if (!match?.groups) {
    return {
      years: null,
      partial: false,
      problem: `term '${term}' not understood; row kept without term length`,
    };
  }
  const count = Number(match.groups.count);
  const partial = Boolean(match.groups.remainder);
  if (/^years?$/i.test(match.groups.unit ?? '')) return { years: count, partial, problem: null };
  if (count % 12 === 0) return { years: count / 12, partial, problem: null };
  return {
    years: null,
    partial,
    problem: `term '${term}' is not a whole number of years; row kept without term length`,
  };
}

function seatsFromSection(lines: SourceLine[], seat: TocSeatKind, rejected: Rejection[]): TocSeatRow[] {
  const rows: TocSeatRow[] = [];
  for (const item of bulletItems(lines)) {
    const bare = BARE_NAME.exec(item.text);
    const match = bare ? null : SEAT.exec(item.text);
    const details = match?.groups ? SEAT_DETAILS.exec((match.groups.details ?? '').trim()) : null;
    if (!bare?.groups && (!match?.groups || !details?.groups)) {
      rejected.push({
        line: item.line,
        reason: `TOC seat not in the form "**Name** (term: N years - start date: M/D/YYYY - M/D/YYYY) [tags]": '${item.text}'`,
      });
      continue;
    }
    const name = (bare?.groups?.name ?? match?.groups?.name ?? '').trim();
    if (VACANT.test(name)) {
      rejected.push({ line: item.line, reason: `vacant TOC seat, nobody named: '${item.text}'` });
      continue;
    }
    let since: string | null = null;
    let until: string | null = null;
    const rangeText = details?.groups?.range?.trim();
    if (rangeText) {
      const range = SEAT_RANGE.exec(rangeText);
      if (!range?.groups) {
        rejected.push({
          line: item.line,
          reason: `TOC seat of ${name}: '${rangeText}' is not a date range like 2/4/2020 - 2/4/2022`,
        });
        continue;
      }
      since = usDate(range.groups.since ?? '');
      if (since === null) {
        rejected.push({
          line: item.line,
          reason: `TOC seat of ${name}: '${range.groups.since}' in '${rangeText}' is not a valid M/D/YYYY date`,
        });
        continue;
      }
      const untilText = range.groups.until ?? '';
      if (/^\d{1,2}[/-]\d{1,2}[/-]\d{4}$/.test(untilText)) {
        until = usDate(untilText);
        if (until === null) {
          rejected.push({
            line: item.line,
            reason: `TOC seat of ${name}: '${untilText}' is not a valid M/D/YYYY date; row kept without an end`,
          });
        } else if (until < since) {
          rejected.push({
            line: item.line,
            reason: `TOC seat of ${name}: end ${untilText} is before start ${range.groups.since}; row kept without an end`,
          });
          until = null;
        }
      }
    } else if (
      details?.groups &&
      /\d/.test(details.groups.term ?? '') &&
      /\//.test(details.groups.term ?? '')
    ) {
      rejected.push({
        line: item.line,
        reason: `TOC seat of ${name}: no date range like 2/4/2020 - 2/4/2022 in '${match?.groups?.details}'`,
      });
      continue;
    }
    const term = readTerm(details?.groups?.term ?? '');
    if (term.problem) rejected.push({ line: item.line, reason: `TOC seat of ${name}: ${term.problem}` });
    let appointedBy: TocAppointer | null = null;
    let chair = false;
    let partialTerm = term.partial;
    let seatKind = seat;
    const labels = [
      ...(match?.groups?.tags ?? '').matchAll(/\[([^\]]*)\]/g),
      ...(match?.groups?.notes ?? '').matchAll(/\(([^)]*)\)/g),
    ];
    for (const tag of labels) {
      const label = (tag[1] ?? '').trim();
      const appointer = /^(.+?)-appointed$/i.exec(label);
      const appointerKey = appointer?.[1]?.replace(/[\s-]/g, '').toLowerCase();
      if (appointerKey && APPOINTERS[appointerKey]) {
        appointedBy = APPOINTERS[appointerKey];
      } else if (/^toc chair$/i.test(label)) {
        chair = true;
      } else if (/^alternate$/i.test(label)) {
        seatKind = 'alternate';
      } else if (/^shortened term due to vacated seat$/i.test(label)) {
        partialTerm = true;
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
      since,
      until,
      untilKind: 'term-end',
      termYears: term.years,
      partialTerm,
      appointedBy,
      chair,
      line: item.line,
    });
  }
  return rows;
}

/**
 * toc/README.md, current ("## TOC Members" and "## TOC Alternates") or 2021 ("## Members") layout: one row
 * per listed seat; `until` is the scheduled end of the term. Throws SectionMissingError when the file has
 * no members section (the two versions of 2015-12-07), and an Error when the section lists nobody.
 */
export function parseTocSeats(text: string): ParseResult<TocSeatRow> {
  const sections = markdownSections(text);
  const members = findSection(sections, /^(?:TOC )?Members$/i);
  if (!members) {
    throw new SectionMissingError(
      'TOC README: no "## TOC Members" or "## Members" section; this version lists no members',
    );
  }
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
