import { looksLikeEmail, normalizeHandle, parseIsoDate } from '../../vocabulary/normalize.ts';
import type { BodyKind, BodyLeaderRow, BodyRow, LeaderRole, ParseResult, Rejection } from '../rows.ts';
import { parseResult } from './result.ts';
import { child, children, isMap, items, parseYamlTree, scalarText, type YamlTree } from './yaml-tree.ts';

const LEADERSHIP_ROLES: Record<string, LeaderRole> = {
  chairs: 'chair',
  tech_leads: 'tech-lead',
  subproject_leads: 'subproject-lead',
};

/** "SubProject Leads" and "Subpproject Leads" (2025-2026 versions) are `subproject_leads`. */
const roleKey = (key: string) =>
  key
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_')
    .replace(/^subp+roject/, 'subproject');

// From 2025-03-26 the file was generated from a template, and until 2026-06 it kept template entries:
// subprojects "Developer Experience-sub-foo" and people "Foo Baz Bar" / "Foo Bar" (github foo, foobar).
const PLACEHOLDER_BODY = /-sub-foo$/i;
const PLACEHOLDER_PERSON = /^foo(?:[\s_-]+(?:baz|bar))+$/i;

interface BodyNode {
  node: unknown;
  name: string;
  kind: BodyKind;
  parentBody: string | null;
  line: number;
  /** The body's `leadership` mappings: usually one; see bodiesOf for a second one. */
  leadership: unknown[];
}

/**
 * Versions of 2025-03-26 … 2026-03-11 (toc e42b6d7 … 4513f1e) give some TAGs a second `leadership` key,
 * written after `tag_subprojects` at the TAG's indentation and holding only "SubProject Leads": the
 * leadership of the subproject just above it, mis-indented (toc 8271a4b moved it under the subproject
 * as `subproject_leads`). Returns those mappings, taken out of the TAG's own list.
 */
function misplacedSubprojectLeadership(tag: unknown, leadership: unknown[]): unknown[] {
  if (!isMap(tag)) return [];
  const subprojectsAt = tag.items.findIndex((pair) => scalarText(pair.key) === 'tag_subprojects');
  if (subprojectsAt < 0) return [];
  return tag.items
    .slice(subprojectsAt + 1)
    .filter((pair) => scalarText(pair.key) === 'leadership')
    .map((pair) => pair.value)
    .filter(
      (value) =>
        leadership.includes(value) &&
        isMap(value) &&
        value.items.length > 0 &&
        value.items.every((pair) => roleKey(scalarText(pair.key) ?? '') === 'subproject_leads'),
    );
}

/**
 * Walks the TAGs (`tags`), their `tag_subprojects` and the `toc_subprojects`. Entries without a name are
 * rejected here so that both exported parsers report them the same way.
 */
function bodiesOf(tree: YamlTree, rejected: Rejection[]): BodyNode[] {
  if (!isMap(tree.root)) throw new Error('tags.yaml: the top level is not a mapping');
  const tags = child(tree.root, 'tags');
  if (items(tags).length === 0) throw new Error("tags.yaml: no top-level 'tags' list");
  const bodies: BodyNode[] = [];
  const add = (node: unknown, kind: BodyKind, parentBody: string | null) => {
    const line = tree.lineOf(node);
    const name = scalarText(child(node, 'name'));
    if (name === null) {
      rejected.push({ line, reason: `${kind} entry without a name` });
      return null;
    }
    if (PLACEHOLDER_BODY.test(name)) {
      rejected.push({ line, reason: `${kind} '${name}' is a template placeholder, not a body` });
      return null;
    }
    const body: BodyNode = { node, name, kind, parentBody, line, leadership: children(node, 'leadership') };
    bodies.push(body);
    return body;
  };
  for (const tag of items(tags)) {
    const tagBody = add(tag, 'TAG', null);
    if (tagBody === null) continue;
    const misplaced = misplacedSubprojectLeadership(tag, tagBody.leadership);
    tagBody.leadership = tagBody.leadership.filter((value) => !misplaced.includes(value));
    let lastSubproject: BodyNode | null = null;
    let lastSubprojectName: string | null = null;
    for (const subproject of items(child(tag, 'tag_subprojects'))) {
      lastSubprojectName = scalarText(child(subproject, 'name'));
      lastSubproject = add(subproject, 'Subproject', tagBody.name);
    }
    if (misplaced.length === 0) continue;
    if (lastSubproject && lastSubproject.leadership.length === 0) {
      lastSubproject.leadership = misplaced;
      continue;
    }
    const reason =
      lastSubprojectName !== null && PLACEHOLDER_BODY.test(lastSubprojectName)
        ? `leads of the template placeholder subproject '${lastSubprojectName}'`
        : 'subproject leads written after the subprojects at the TAG level, and the subproject above them already has leaders';
    for (const value of misplaced) {
      rejected.push({ line: tree.lineOf(value), reason: `${tagBody.name}: ${reason}; not loaded` });
    }
  }
  for (const subproject of items(child(tree.root, 'toc_subprojects'))) add(subproject, 'Subproject', null);
  return bodies;
}

// The TOC subprojects still carry the generator template's mission statement.
const PLACEHOLDER = /^foo[-_ ]baz[-_ ]bar$/i;

/** toc/tags.yaml: TAGs and subprojects as bodies. The YAML `dir` is given as the link. */
export function parseTagsYamlBodies(text: string): ParseResult<BodyRow> {
  const rejected: Rejection[] = [];
  const tree = parseYamlTree(text, 'tags.yaml', { duplicateKeys: true });
  const rows = bodiesOf(tree, rejected).map((body): BodyRow => {
    const mission = scalarText(child(body.node, 'mission_statement'));
    return {
      name: body.name,
      kind: body.kind,
      parentBody: body.parentBody,
      description: mission === null || PLACEHOLDER.test(mission) ? null : mission,
      link: scalarText(child(body.node, 'dir')),
      archived: false,
      status: null,
      line: body.line,
    };
  });
  return parseResult(rows, rejected);
}

// A leader "name" that is a sentence, such as "The Contributor Strategy and Advocacy Subproject are lead
// by CNCF staff …", is a note in a leader slot, not a person.
const MAX_WORDS_IN_A_NAME = 6;

/**
 * toc/tags.yaml: chairs, tech leads and subproject leads (with their term dates where given) and the TOC
 * liaisons under `contact.toc_liaison`. Only github, name, company and term are read: the file also holds
 * e-mail addresses, which must never reach a row.
 */
export function parseTagsYamlLeadership(text: string): ParseResult<BodyLeaderRow> {
  const rejected: Rejection[] = [];
  const tree = parseYamlTree(text, 'tags.yaml', { duplicateKeys: true });
  const rows: BodyLeaderRow[] = [];

  const addLeader = (body: BodyNode, entry: unknown, role: LeaderRole) => {
    const line = tree.lineOf(entry);
    const name = scalarText(child(entry, 'name'));
    const githubText = scalarText(child(entry, 'github'));
    const handle = normalizeHandle(githubText);
    if (name === null && handle === null) {
      rejected.push({ line, reason: `${body.name}: empty ${role} entry (no name, no GitHub handle)` });
      return;
    }
    if (name !== null && handle === null && name.split(/\s+/).length > MAX_WORDS_IN_A_NAME) {
      rejected.push({
        line,
        reason: `${body.name}: ${role} entry holds a sentence, not a person: '${name}'`,
      });
      return;
    }
    if (name === null) {
      rejected.push({ line, reason: `${body.name}: ${role} entry has a handle but no name` });
      return;
    }
    if (PLACEHOLDER_PERSON.test(name)) {
      rejected.push({ line, reason: `${body.name}: ${role} entry is a template placeholder: '${name}'` });
      return;
    }
    if (githubText !== null && handle === null) {
      rejected.push({
        line,
        reason: `${body.name}: github '${githubText}' is not a GitHub login; row kept without it`,
      });
    }
    const term = child(entry, 'term');
    const dateOf = (key: 'start' | 'end') => {
      const value = scalarText(child(term, key));
      if (value === null) return null;
      const date = parseIsoDate(value);
      if (date === null) {
        rejected.push({
          line,
          reason: `${body.name}: term ${key} '${value}' of ${name} is not a date; row kept without it`,
        });
      }
      return date;
    };
    let company = scalarText(child(entry, 'company'));
    if (company !== null && looksLikeEmail(company)) {
      rejected.push({
        line,
        reason: `${body.name}: company of ${name} holds an e-mail address; row kept without it`,
      });
      company = null;
    }
    rows.push({
      body: body.name,
      bodyKind: body.kind,
      parentBody: body.parentBody,
      name,
      handle,
      // "company: Mona Borham" names the person herself: no employer is given.
      company: company !== null && company.toLowerCase() === name.toLowerCase() ? null : company,
      role,
      emeritus: false,
      since: dateOf('start'),
      until: dateOf('end'),
      line,
    });
  };

  for (const body of bodiesOf(tree, rejected)) {
    for (const leadership of body.leadership) {
      if (!isMap(leadership)) continue;
      for (const pair of leadership.items) {
        const key = scalarText(pair.key) ?? '';
        const role = LEADERSHIP_ROLES[roleKey(key)];
        if (!role) {
          rejected.push({
            line: tree.lineOf(pair.key),
            reason: `${body.name}: unknown leadership list '${key}'`,
          });
          continue;
        }
        for (const entry of items(pair.value)) addLeader(body, entry, role);
      }
    }
    // Early versions (2025-03-26 … 2025-05-20) give a single liaison as a mapping rather than a list.
    const liaisons = child(child(body.node, 'contact'), 'toc_liaison');
    for (const entry of isMap(liaisons) ? [liaisons] : items(liaisons)) {
      addLeader(body, entry, 'toc-liaison');
    }
  }
  return parseResult(rows, rejected);
}
