import type { GraphExecutor } from '../neo4j/executor.ts';
import { type ClaimProperty, claimMap, type EntityLabel } from './records.ts';
import { inKeyOrder, sameRow } from './rows.ts';
import { holdsAt, holdsDuring, overlapFields } from './time.ts';

/**
 * A relation the API pages through from a set of parents. `match` binds `key` (the parent id),
 * `c` (a claim) and `other` (the entity at the other end); `claimExtra` adds fields to each claim.
 * All are constant Cypher text; values arrive only as parameters.
 */
export interface RelationSpec {
  name: string;
  match: string;
  claimExtra?: string;
  /** Expression over `key`, `other` and `current` (the holding claims) giving `organizations`. */
  organizations?: string;
  /** The kind of `other` where `match` fixes it (every relation but a project's contributors). */
  otherLabel?: EntityLabel;
}

/**
 * The employer a maintainer list gives on the same line as a maintainer, as `projection` of the
 * organization `o` and the affiliation claim `a`.
 */
const sameLineEmployer = (projection: string) => `[(other)-[a:AFFILIATED_WITH]->(o:Organization)
    WHERE a.forProject = key AND any(m IN current WHERE ${sameRow('m', 'a')}) | ${projection}]`;
// Counted by organization, however each line spells the company.
const SAME_LINE_EMPLOYER = sameLineEmployer('o {.id, .name}');
// An edge's employer, and the company exactly as the line writes it ("Google LLC", "Red Hat, Inc.").
const EMPLOYER_AS_LISTED = 'o {.id, .name, asWritten: a.companyAsWritten}';
const EMPLOYER_FOR_PROJECT = `[(parent)-[a:AFFILIATED_WITH]->(o:Organization)
    WHERE a.forProject = other.id AND any(m IN current WHERE ${sameRow('m', 'a')}) | ${EMPLOYER_AS_LISTED}]`;

export const RELATIONS = {
  projectMaintainers: {
    name: 'projectMaintainers',
    otherLabel: 'Person',
    match: '(parent:Project {id: key})<-[c:MAINTAINS]-(other:Person)',
    organizations: sameLineEmployer(EMPLOYER_AS_LISTED),
  },
  personProjects: {
    name: 'personProjects',
    otherLabel: 'Project',
    match: '(parent:Person {id: key})-[c:MAINTAINS]->(other:Project)',
    organizations: EMPLOYER_FOR_PROJECT,
  },
  personContributions: {
    name: 'personContributions',
    otherLabel: 'Project',
    match: '(parent:Person {id: key})-[c:CONTRIBUTES_TO]->(other:Project)',
  },
  personAffiliations: {
    name: 'personAffiliations',
    otherLabel: 'Organization',
    match: '(parent:Person {id: key})-[c:AFFILIATED_WITH]->(other:Organization)',
  },
  personRoles: {
    name: 'personRoles',
    otherLabel: 'Body',
    match: '(parent:Person {id: key})-[c:SERVES_ON|LEADS|LIAISON_FOR|MEMBER_OF]->(other:Body)',
  },
  organizationPeople: {
    name: 'organizationPeople',
    otherLabel: 'Person',
    match: '(parent:Organization {id: key})<-[c:AFFILIATED_WITH]-(other:Person)',
  },
  organizationMaintainedProjects: {
    name: 'organizationMaintainedProjects',
    otherLabel: 'Project',
    // A maintainer counts for the organization where the same line lists both: employers differ
    // by project for the same person. From the affiliation's `forProject` straight to the project
    // (an index seek), rather than through everything each affiliated person maintains.
    match: `(parent:Organization {id: key})<-[a:AFFILIATED_WITH]-(maintainer:Person)
            WHERE a.forProject IS NOT NULL
            MATCH (maintainer)-[c:MAINTAINS]->(other:Project {id: a.forProject})
            WHERE ${sameRow('c', 'a')}`,
    claimExtra: ', maintainerId: maintainer.id',
  },
  organizationMemberships: {
    name: 'organizationMemberships',
    otherLabel: 'Body',
    match: '(parent:Organization {id: key})-[c:MEMBER_OF]->(other:Body)',
  },
  organizationOriginatedProjects: {
    name: 'organizationOriginatedProjects',
    otherLabel: 'Project',
    match: '(parent:Organization {id: key})<-[c:ORIGINATED_AT]-(other:Project)',
  },
  organizationContributions: {
    name: 'organizationContributions',
    otherLabel: 'Project',
    match: '(parent:Organization {id: key})-[c:CONTRIBUTES_TO]->(other:Project)',
  },
  projectOrigins: {
    name: 'projectOrigins',
    otherLabel: 'Organization',
    match: '(parent:Project {id: key})-[c:ORIGINATED_AT]->(other:Organization)',
  },
  projectContributors: {
    name: 'projectContributors',
    match: '(parent:Project {id: key})<-[c:CONTRIBUTES_TO]-(other)',
  },
  bodyMembers: {
    name: 'bodyMembers',
    otherLabel: 'Person',
    match: '(parent:Body {id: key})<-[c:SERVES_ON|LEADS|LIAISON_FOR|MEMBER_OF]-(other:Person)',
  },
  bodyMemberOrganizations: {
    name: 'bodyMemberOrganizations',
    otherLabel: 'Organization',
    match: '(parent:Body {id: key})<-[c:MEMBER_OF]-(other:Organization)',
  },
  bodyParts: {
    name: 'bodyParts',
    otherLabel: 'Body',
    match: '(parent:Body {id: key})<-[c:PART_OF]-(other:Body)',
  },
  bodyParents: {
    name: 'bodyParents',
    otherLabel: 'Body',
    match: '(parent:Body {id: key})-[c:PART_OF]->(other:Body)',
  },
  categoryProjects: {
    name: 'categoryProjects',
    // A top-level category holds its subcategories' projects.
    otherLabel: 'Project',
    match: '(parent:Category {id: key})<-[:SUBCATEGORY_OF*0..1]-(:Category)<-[c:IN_CATEGORY]-(other:Project)',
  },
  maturityLevelProjects: {
    name: 'maturityLevelProjects',
    otherLabel: 'Project',
    match: '(parent:MaturityLevel {id: key})<-[c:HAS_MATURITY]-(other:Project)',
  },
  projectCategories: {
    name: 'projectCategories',
    otherLabel: 'Category',
    match: '(parent:Project {id: key})-[c:IN_CATEGORY]->(other:Category)',
  },
} as const satisfies Record<string, RelationSpec>;

export type RelationName = keyof typeof RELATIONS;

/** Parameters naming a range of days, both included (`during`). */
export interface DuringParameters {
  from: string;
  to: string;
}

/** Which claims of a relation count: on a day or during a range, and perhaps in one sub-group. */
export interface ClaimSelection {
  /** The day (a parameter): `$asOf` unless a statement holds several pages, each with its own. */
  asOf?: string;
  /** Instead of the day, a range of days (parameters), both included. */
  during?: DuringParameters | null;
  /** A parameter holding lower-case text: only claims whose `group` contains it (or null: any). */
  group?: string | null;
  /** The claim properties to return (null: all); records.ts claimMap. */
  properties?: readonly ClaimProperty[] | null;
}

/**
 * The claims that hold on the day `asOf` per (parent, other), for the parent whose id is bound to
 * `key`: binds `key`, `parent`, `other` and `current` (the holding claims, never empty). With
 * `during`, the claims that hold on some day of that range instead, each with the part of the range
 * it holds in (time.ts overlapFields). With `group`, only claims listed under a matching sub-group.
 * Each claim is filtered before it is collected: when it holds is stored on it (time.ts).
 */
export function holdingClaims(spec: RelationSpec, selection: ClaimSelection = {}): string {
  const { asOf = '$asOf', during = null, group = null, properties = null } = selection;
  const inGroup = group ? ` AND (${group} IS NULL OR toLower(coalesce(c.group, '')) CONTAINS ${group})` : '';
  const holds = during ? holdsDuring('c', during.from, during.to) : holdsAt('c', asOf);
  const overlap = during ? `, ${overlapFields('c', during.from, during.to)}` : '';
  return `
  MATCH ${spec.match}
  WITH * WHERE ${holds}${inGroup}
  WITH key, parent, other, collect(${claimMap('c', properties, `${spec.claimExtra ?? ''}${overlap}`)}) AS current`;
}

/** The same for every parent id in `$keys`. */
function currentClaims(spec: RelationSpec): string {
  return `
  UNWIND $keys AS key${holdingClaims(spec)}`;
}

// ---------------------------------------------------------------------------------------------

export interface OrganizationCount {
  organization: { id: string; name: string } | null;
  maintainers: number;
}

const MAINTAINER_ORGANIZATIONS = `
  ${currentClaims(RELATIONS.projectMaintainers)}
  WITH key, other, ${SAME_LINE_EMPLOYER} AS employers
  UNWIND CASE WHEN size(employers) = 0 THEN [null] ELSE employers END AS employer
  WITH key, employer, count(DISTINCT other) AS maintainers
  ORDER BY maintainers DESC, employer.name
  RETURN key, collect({organization: employer, maintainers: maintainers}) AS counts`;

/**
 * Per project, how many of its maintainers (as of $asOf) each organization employs, largest first;
 * `organization: null` counts maintainers listed as independent or with no company.
 */
export async function countMaintainersByOrganization(
  graph: GraphExecutor,
  projectIds: readonly string[],
  asOf: string | null,
): Promise<OrganizationCount[][]> {
  const rows = await graph.read<{ key: string; counts: OrganizationCount[] }>(
    MAINTAINER_ORGANIZATIONS,
    { keys: projectIds, asOf },
    'countMaintainersByOrganization',
  );
  return inKeyOrder(projectIds, rows, 'key', 'counts', () => []);
}

export interface MaturityPeriodRecord {
  level: string;
  since: string | null;
  until: string | null;
  source: string;
  line: number | null;
}

const MATURITY_HISTORY = `
  UNWIND $keys AS key
  MATCH (:Project {id: key})-[c:HAS_MATURITY]->(:MaturityLevel)
  WITH key, c ORDER BY coalesce(c.since, ''), c.source
  RETURN key, collect({level: c.level, since: c.since, until: c.until, source: c.source, line: c.line}) AS periods`;

export async function listMaturityHistoryByProjectIds(
  graph: GraphExecutor,
  projectIds: readonly string[],
): Promise<MaturityPeriodRecord[][]> {
  const rows = await graph.read<{ key: string; periods: MaturityPeriodRecord[] }>(
    MATURITY_HISTORY,
    { keys: projectIds },
    'listMaturityHistoryByProjectIds',
  );
  return inKeyOrder(projectIds, rows, 'key', 'periods', () => []);
}

export interface SourceRecord {
  id: string;
  kind: string;
  repository?: string;
  path?: string;
  commit?: string;
  url?: string;
  snapshotDate?: string;
  approximateAsOf?: string;
  license?: string;
  title?: string;
  publisher?: string;
  notBefore?: string;
  sha256: string;
  /** A file read through its history: the span its versions speak for, and how they parsed. */
  coveredFrom?: string;
  coveredUntil?: string;
  stillListed?: boolean;
  claimTypes?: string[];
  headCommit?: string;
  versions?: number;
  versionsParsed?: number;
  versionsFailed?: string[];
}

const FIND_SOURCES_BY_IDS = `
  UNWIND $ids AS id
  MATCH (s:Source {id: id})
  RETURN id, s {.*, fingerprint: null, nodeIds: null} AS source`;

export async function findSourcesByIds(
  graph: GraphExecutor,
  ids: readonly string[],
): Promise<(SourceRecord | null)[]> {
  const rows = await graph.read<{ id: string; source: SourceRecord }>(
    FIND_SOURCES_BY_IDS,
    { ids },
    'findSourcesByIds',
  );
  return inKeyOrder(ids, rows, 'id', 'source', () => null);
}

const LIST_SOURCES =
  'MATCH (s:Source) RETURN s {.*, fingerprint: null, nodeIds: null} AS source ORDER BY s.id';

export async function listSources(graph: GraphExecutor): Promise<SourceRecord[]> {
  const rows = await graph.read<{ source: SourceRecord }>(LIST_SOURCES, {}, 'listSources');
  return rows.map((row) => row.source);
}
