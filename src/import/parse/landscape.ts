import { parseIsoDate } from '../../vocabulary/normalize.ts';
import type {
  LandscapeMemberRow,
  LandscapeProjectRow,
  Maturity,
  ParseResult,
  ProjectStep,
  Rejection,
} from '../rows.ts';
import { parseResult } from './result.ts';
import {
  child,
  isMap,
  isScalar,
  isTrue,
  items,
  parseYamlTree,
  scalarText,
  type YamlTree,
} from './yaml-tree.ts';

const MEMBERS_CATEGORY = 'CNCF Members';
const MATURITIES = new Set<string>(['sandbox', 'incubating', 'graduated', 'archived']);
const STEPS: ProjectStep[] = ['accepted', 'incubating', 'graduated', 'archived'];
const MEMBERSHIP_SUFFIX = /^(?<name>.+?)\s*\((?<membership>member|supporter|contributor)\)$/i;

export interface LandscapeParse {
  projects: ParseResult<LandscapeProjectRow>;
  members: ParseResult<LandscapeMemberRow>;
}

interface ItemInContext {
  node: unknown;
  category: string;
  subcategory: string;
  line: number;
}

function itemsOf(tree: YamlTree): { items: ItemInContext[]; rejected: Rejection[] } {
  const categories = items(child(tree.root, 'landscape'));
  if (categories.length === 0) throw new Error("landscape.yml: no top-level 'landscape' list of categories");
  const found: ItemInContext[] = [];
  const rejected: Rejection[] = [];
  for (const categoryNode of categories) {
    const category = scalarText(child(categoryNode, 'name'));
    if (category === null) {
      rejected.push({
        line: tree.lineOf(categoryNode),
        reason: 'category without a name; its items are skipped',
      });
      continue;
    }
    for (const subcategoryNode of items(child(categoryNode, 'subcategories'))) {
      const subcategory = scalarText(child(subcategoryNode, 'name'));
      if (subcategory === null) {
        rejected.push({
          line: tree.lineOf(subcategoryNode),
          reason: `subcategory of ${category} without a name; its items are skipped`,
        });
        continue;
      }
      for (const node of items(child(subcategoryNode, 'items'))) {
        found.push({ node, category, subcategory, line: tree.lineOf(node) });
      }
    }
  }
  return { items: found, rejected };
}

function dateField(node: unknown, key: string, item: ItemInContext, name: string, rejected: Rejection[]) {
  const value = scalarText(child(node, key));
  if (value === null) return null;
  const date = parseIsoDate(value);
  if (date === null) {
    rejected.push({
      line: item.line,
      reason: `${name}: ${key} '${value}' is not a YYYY-MM-DD date; row kept without it`,
    });
  }
  return date;
}

function projectRow(item: ItemInContext, name: string, rejected: Rejection[]): LandscapeProjectRow {
  const { node } = item;
  const projectText = scalarText(child(node, 'project'));
  let maturity: Maturity | null = null;
  if (projectText !== null) {
    if (MATURITIES.has(projectText)) {
      maturity = projectText as Maturity;
    } else {
      rejected.push({
        line: item.line,
        reason: `${name}: project '${projectText}' is not a CNCF maturity; row kept without it`,
      });
    }
  }
  const extra = child(node, 'extra');
  const steps: LandscapeProjectRow['steps'] = [];
  for (const step of STEPS) {
    const date = dateField(extra, step, item, name, rejected);
    if (date !== null) steps.push({ step, date });
  }
  // Array.prototype.sort is stable, so same-day steps keep the accepted → archived order.
  steps.sort((a, b) => a.date.localeCompare(b.date));
  const organizationNode = child(node, 'organization');
  return {
    name,
    category: item.category,
    subcategory: item.subcategory,
    secondPaths: items(child(node, 'second_path'))
      .map(scalarText)
      .filter((path): path is string => path !== null),
    description: scalarText(child(node, 'description')),
    homepage: scalarText(child(node, 'homepage_url')),
    repoUrl: scalarText(child(node, 'repo_url')),
    crunchbase: scalarText(child(node, 'crunchbase')),
    organization: isScalar(organizationNode)
      ? scalarText(organizationNode)
      : scalarText(child(organizationNode, 'name')),
    maturity,
    steps,
    parentProject: scalarText(child(extra, 'parent_project')),
    line: item.line,
  };
}

function memberRow(item: ItemInContext, name: string, rejected: Rejection[]): LandscapeMemberRow {
  const { node } = item;
  const suffix = MEMBERSHIP_SUFFIX.exec(name);
  return {
    name: suffix?.groups?.name ?? name,
    tier: item.subcategory,
    membership: suffix?.groups?.membership?.toLowerCase() ?? null,
    endUser: isTrue(child(node, 'enduser')),
    nonPublic: isTrue(child(node, 'unnamed_organization')),
    joined: dateField(node, 'joined', item, name, rejected),
    homepage: scalarText(child(node, 'homepage_url')),
    crunchbase: scalarText(child(node, 'crunchbase')),
    line: item.line,
  };
}

/**
 * landscape.yml (uncompressed text) in one pass: every item under "CNCF Members" becomes a member row,
 * every other item a project row (a CNCF project when `project:` is set). `line` is the item's first line.
 * Throws when the YAML is invalid or has no `landscape:` list.
 */
export function parseLandscape(text: string): LandscapeParse {
  const tree = parseYamlTree(text, 'landscape.yml');
  const { items: found, rejected: structural } = itemsOf(tree);
  const projects: ParseResult<LandscapeProjectRow> = { rows: [], rejected: [] };
  const members: ParseResult<LandscapeMemberRow> = { rows: [], rejected: [] };
  for (const item of found) {
    const isMember = item.category === MEMBERS_CATEGORY;
    const target = isMember ? members : projects;
    const name = isMap(item.node) ? scalarText(child(item.node, 'name')) : null;
    if (name === null) {
      target.rejected.push({
        line: item.line,
        reason: `item in ${item.category} / ${item.subcategory} without a name`,
      });
    } else if (isMember) {
      members.rows.push(memberRow(item, name, members.rejected));
    } else {
      projects.rows.push(projectRow(item, name, projects.rejected));
    }
  }
  return {
    projects: parseResult(projects.rows, [...structural, ...projects.rejected]),
    members: parseResult(members.rows, members.rejected),
  };
}

/** Items outside "CNCF Members"; see parseLandscape. */
export function parseLandscapeProjects(text: string): ParseResult<LandscapeProjectRow> {
  return parseLandscape(text).projects;
}

/** Items under "CNCF Members", one per organization and tier; see parseLandscape. */
export function parseLandscapeMembers(text: string): ParseResult<LandscapeMemberRow> {
  return parseLandscape(text).members;
}
