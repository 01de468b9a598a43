import { looksLikeEmail, normalizeHandle } from '../../vocabulary/normalize.ts';
import type { ParseResult, PersonRow, Rejection } from '../rows.ts';
import { parseResult } from './result.ts';

/**
 * Start line of each element of the top-level JSON array, found by scanning for objects opening at depth
 * one: JSON.parse keeps no positions. Returns null if the scan and the parsed array disagree in length.
 */
function elementLines(text: string, expectedCount: number): number[] | null {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') line++;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (depth === 1) lines.push(line);
      depth++;
    } else if (char === ']' || char === '}') depth--;
  }
  return lines.length === expectedCount ? lines : null;
}

// Job-title words, matched as whole words so that "College of Engineering" is not taken for a title.
const TITLE_WORD =
  /\b(?:Manager|Director|Engineer|Founder|CTO|CEO|VP|Head of|Coordinator|Planner|Developer|Advocate|Evangelist|Representative|Administrator|Lead)\b/;

/**
 * Splits the `company` field, which for staff holds a job title ("CTO") and for a few others mixes title
 * and employer ("Platform Engineer at Spotify", "Project Manager, ii.nz").
 */
export function splitCompanyField(
  value: string,
  categories: string[],
): { company: string | null; title: string | null } {
  const text = value.trim();
  if (text === '') return { company: null, title: null };
  if (categories.includes('Staff')) return { company: null, title: text };
  const titleAtCompany = /^(.+?)\s+at\s+(.+)$/.exec(text);
  if (titleAtCompany?.[1] && titleAtCompany[2] && TITLE_WORD.test(titleAtCompany[1])) {
    return { title: titleAtCompany[1].trim(), company: titleAtCompany[2].trim() };
  }
  const titleCommaCompany = /^([^,]+),\s*(.+)$/.exec(text);
  if (titleCommaCompany?.[1] && titleCommaCompany[2] && TITLE_WORD.test(titleCommaCompany[1])) {
    return { title: titleCommaCompany[1].trim(), company: titleCommaCompany[2].trim() };
  }
  if (TITLE_WORD.test(text)) return { company: null, title: text };
  return { company: text, title: null };
}

function stringField(entry: Record<string, unknown>, key: string): string | null {
  const value = entry[key];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * people/people.json: the array of people. Reads only name, category, company, github and the *_role
 * fields; bios, locations, chat ids and e-mail addresses in the file never reach a row.
 * Throws when the text is not JSON or not an array.
 */
export function parsePeopleJson(text: string): ParseResult<PersonRow> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`people.json: invalid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Error('people.json: the top level is not an array');
  const lines = elementLines(text, data.length);
  const rows: PersonRow[] = [];
  const rejected: Rejection[] = [];
  data.forEach((element: unknown, index) => {
    const line = lines?.[index] ?? null;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      rejected.push({ line, reason: `element ${index} is not an object` });
      return;
    }
    const entry = element as Record<string, unknown>;
    const name = stringField(entry, 'name');
    if (name === null) {
      rejected.push({ line, reason: `element ${index} has no name` });
      return;
    }
    const rawCategories = entry.category;
    let categories: string[] = [];
    if (Array.isArray(rawCategories) && rawCategories.every((category) => typeof category === 'string')) {
      categories = rawCategories
        .map((category: string) => category.trim())
        .filter((category) => category !== '');
    } else if (rawCategories !== undefined) {
      rejected.push({
        line,
        reason: `${name}: category is not a list of strings; row kept without categories`,
      });
    }
    const githubText = stringField(entry, 'github');
    const handle = normalizeHandle(githubText);
    if (githubText !== null && handle === null) {
      rejected.push({
        line,
        reason: `${name}: github '${githubText}' is not a GitHub profile; row kept without a handle`,
      });
    }
    let companyText = stringField(entry, 'company') ?? '';
    if (looksLikeEmail(companyText)) {
      rejected.push({ line, reason: `${name}: company holds an e-mail address; row kept without it` });
      companyText = '';
    }
    rows.push({
      name: name.replace(/\s+/g, ' '),
      handle,
      ...splitCompanyField(companyText, categories),
      categories,
      gbRole: stringField(entry, 'gb_role'),
      tabRole: stringField(entry, 'tab_role'),
      tocRole: stringField(entry, 'toc_role'),
      line,
    });
  });
  return parseResult(rows, rejected);
}
