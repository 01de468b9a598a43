import { looksLikeEmail, normalizeHandle } from '../../vocabulary/normalize.ts';
import type { MaintainerRow, ParseResult, Rejection } from '../rows.ts';
import { readCsvRecords } from './csv.ts';
import { parseResult } from './result.ts';

// Compared trimmed and case-folded: the 2021 version writes "Maintainer Name " with a trailing space.
const EXPECTED_HEADER = ['', 'project', 'maintainer name', 'company', 'github name', 'owners/maintainers'];
// Nine versions of 2022-07-18 (571d8cf … c682767) lost the header's leading empty cell, while every
// body row kept the maturity column: the body is read as six columns all the same.
const HEADER_WITHOUT_MATURITY = EXPECTED_HEADER.slice(1);

const sameCells = (cells: string[], expected: string[]) =>
  cells.length === expected.length && cells.every((cell, i) => cell === expected[i]);

/**
 * Fits a record to the six columns where the intent is unambiguous: trailing empty fields beyond the
 * sixth (a stray trailing comma, "…,https://git.k8s.io/steering#members,") are dropped, and a five-field
 * row whose last field is filled (",,Kir Kolyshkin,Red Hat,kolyshkin") lacks only the empty
 * OWNERS/MAINTAINERS cell. A five-field row ending in an empty field (",,René Dudfield,illume,") has lost
 * a column in the middle and is left as it is, to be rejected.
 */
function fitToColumns(fields: string[]): string[] {
  const width = EXPECTED_HEADER.length;
  if (fields.length > width && fields.slice(width).every((field) => field.trim() === '')) {
    return fields.slice(0, width);
  }
  if (fields.length === width - 1 && (fields[width - 2] ?? '').trim() !== '') return [...fields, ''];
  return fields;
}

const MATURITIES: Record<string, MaintainerRow['maturity']> = {
  sandbox: 'sandbox',
  incubating: 'incubating',
  graduated: 'graduated',
};

/**
 * A project header may name a group of the project rather than the project alone. Recognised forms, all
 * seen in the file: "Istio: Steering Committee", "Operator Framework: SDK", "Tekton (Governance
 * Committee)", "OpenTelemetry (Governance Committee)", "Kubernetes steering". Parenthesised full names
 * such as "TUF (The Update Framework)" are not groups and stay whole.
 */
export function splitProjectHeader(header: string): { project: string; subgroup: string | null } {
  const patterns = [
    /^(.+?)\s*:\s+.+$/,
    /^(.+?)\s+\([^)]*\b(?:committee|council|board|maintainers)\b[^)]*\)$/i,
    /^(.+?)\s+(?:steering|maintainers)$/i,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(header);
    if (match?.[1]) return { project: match[1].trim(), subgroup: header };
  }
  return { project: header, subgroup: null };
}

interface Group {
  project: string;
  maturity: MaintainerRow['maturity'];
  subgroup: string | null;
  ownersUrl: string | null;
}

/**
 * foundation/project-maintainers.csv, any version. Resolves the fill-down (maturity and project on a
 * project's first row only; a row with only column 2 starts a sub-group of the current project) and keeps
 * duplicate (project, handle) pairs: the loader merges them.
 * Throws when the header is not the expected six columns (or the same without its leading empty cell) or
 * a quoted field never closes.
 */
export function parseProjectMaintainersCsv(text: string): ParseResult<MaintainerRow> {
  const records = readCsvRecords(text).filter((record) => record.fields.some((field) => field.trim() !== ''));
  const [header, ...body] = records;
  if (!header) throw new Error('project-maintainers.csv: the file is empty');
  const headerCells = header.fields.map((field) => field.trim().toLowerCase());
  if (!sameCells(headerCells, EXPECTED_HEADER) && !sameCells(headerCells, HEADER_WITHOUT_MATURITY)) {
    throw new Error(
      `project-maintainers.csv: unexpected header on line ${header.line}: ${JSON.stringify(header.fields)}; ` +
        `expected ${JSON.stringify(EXPECTED_HEADER)} (case and spaces ignored)`,
    );
  }

  const rows: MaintainerRow[] = [];
  const rejected: Rejection[] = [];
  let group: Group | null = null;

  // trim() also removes the CR/LF padding inside a quoted URL in the 2021 version (line 508).
  const fitted = body.map((record) => ({
    line: record.line,
    fields: fitToColumns(record.fields).map((field) => field.trim()),
  }));
  for (const [index, { line, fields }] of fitted.entries()) {
    if (fields.length !== EXPECTED_HEADER.length) {
      rejected.push({ line, reason: `expected ${EXPECTED_HEADER.length} fields, found ${fields.length}` });
      continue;
    }
    let [maturityText, projectText, nameText, companyText, handleText, ownersText] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    // From 2022-05-09 (c723d7c) the maturity of Prometheus sat one row below its name: ",Prometheus,…"
    // then "Graduated,,…". A project name without maturity directly followed by a maturity without a
    // project name is read as one project header, the second row being its first maintainer after it.
    const next = fitted[index + 1]?.fields;
    if (maturityText === '' && projectText !== '' && next?.length === EXPECTED_HEADER.length) {
      if (next[0] !== '' && next[1] === '') {
        maturityText = next[0] ?? '';
        next[0] = '';
      }
    }

    let ownersUrl: string | null = null;
    if (ownersText !== '') {
      if (/^https?:\/\/\S+$/.test(ownersText)) {
        ownersUrl = ownersText;
      } else {
        rejected.push({
          line,
          reason: `OWNERS/MAINTAINERS value '${ownersText}' is not a URL; row kept without it`,
        });
      }
    }

    if (maturityText !== '') {
      if (projectText === '') {
        rejected.push({ line, reason: `maturity '${maturityText}' given without a project name` });
        group = null;
        continue;
      }
      const maturity = MATURITIES[maturityText.toLowerCase()] ?? null;
      if (maturity === null) {
        rejected.push({
          line,
          reason: `maturity '${maturityText}' is not Sandbox, Incubating or Graduated; row kept without it`,
        });
      }
      group = { ...splitProjectHeader(projectText), maturity, ownersUrl };
    } else if (projectText !== '') {
      if (!group) {
        rejected.push({ line, reason: `sub-group '${projectText}' appears before any project` });
        continue;
      }
      group = { project: group.project, maturity: group.maturity, subgroup: projectText, ownersUrl };
    } else if (!group) {
      rejected.push({ line, reason: 'maintainer row appears before any project' });
      continue;
    }

    const handle = normalizeHandle(handleText);
    if (handleText !== '' && handle === null) {
      rejected.push({
        line,
        reason: `Github Name '${handleText}' is not a GitHub login; row kept without a handle`,
      });
    }
    const name = nameText === '' ? null : nameText.replace(/\s+/g, ' ');
    if (name === null && handle === null) {
      rejected.push({ line, reason: 'neither a maintainer name nor a GitHub handle' });
      continue;
    }
    let company: string | null = companyText === '' ? null : companyText;
    if (company !== null && looksLikeEmail(company)) {
      rejected.push({ line, reason: 'Company holds an e-mail address; row kept without it' });
      company = null;
    }
    rows.push({
      project: group.project,
      maturity: group.maturity,
      subgroup: group.subgroup,
      name,
      company,
      handle,
      ownersUrl: ownersUrl ?? group.ownersUrl,
      line,
    });
  }
  return parseResult(rows, rejected);
}
