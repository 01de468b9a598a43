import neo4j from 'neo4j-driver';
import {
  type Footprint,
  type GovernanceSummary,
  type MaintainedProject,
  type MaintainerEmployers,
  type NamedRef,
  summarizeFootprint,
  summarizeGovernance,
} from '../analytics/governance.ts';
import { RANKING_PROPERTIES, type RankedKind, type RankingMetric } from '../analytics/metrics.ts';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { type EntityRecord, entityMap } from './records.ts';
import { inKeyOrder, sameRow } from './rows.ts';
import { holdsAt } from './time.ts';

/**
 * Graph analytics as the API reads them. Rankings were computed at import and are only read here;
 * governance figures depend on the day asked about, so they are computed per request, batched by
 * keys (one round trip for every project or organization a request asks about).
 */

// ---------------------------------------------------------------------------------------------
// Rankings

export interface RankingRecord {
  /** The statement matches these labels only, so the kind is one of the ranked kinds. */
  entity: EntityRecord & { label: RankedKind };
  score: number;
  rank: number;
}

// One statement per metric: property names cannot be parameters. Ordered by the stored rank (among
// the kind asked for, or among all three kinds), ties by id.
// Bounded: scans the people, projects and organizations (about 5,500) and keeps the top $first.
const LIST_RANKINGS = Object.fromEntries(
  Object.entries(RANKING_PROPERTIES).map(([metric, properties]) => [
    metric,
    `MATCH (n:Person|Project|Organization)
     WHERE ($kind IS NULL OR $kind IN labels(n)) AND n.${properties.rank} IS NOT NULL
     WITH n, CASE WHEN $kind IS NULL THEN n.${properties.rank} ELSE n.${properties.kindRank} END AS rank
     RETURN ${entityMap('n')} AS entity,
            n.${properties.score} AS score, rank
     ORDER BY rank, n.id
     LIMIT $first`,
  ]),
) as Record<RankingMetric, string>;

/** The `first` highest-ranked entities by `metric`, of `kind` or of any ranked kind. */
export async function listRankings(
  graph: GraphExecutor,
  metric: RankingMetric,
  kind: RankedKind | null,
  first: number,
): Promise<RankingRecord[]> {
  return graph.read<RankingRecord>(
    LIST_RANKINGS[metric],
    { kind, first: neo4j.int(first) },
    `rankings:${metric}`,
  );
}

/** How the stored PageRank scores were computed: whether the iteration reached its tolerance. */
export interface PageRankComputationRecord {
  converged: boolean;
  iterations: number;
  /** The L1 change of the last iteration. */
  change: number;
  tolerance: number;
}

/** How the stored betweenness was computed: the last four are null when it is exact. */
export interface BetweennessComputationRecord {
  exact: boolean;
  pivots: number | null;
  seed: number | null;
  confidence: number | null;
  errorBound: number | null;
}

export interface RankingComputationRecord {
  pagerank: PageRankComputationRecord;
  betweenness: BetweennessComputationRecord;
}

// The one :RankingState node that cypher/920-rankings-write-digest.cypher writes with the scores.
const READ_RANKING_COMPUTATION = `
  MATCH (state:RankingState) WHERE state.pagerankConverged IS NOT NULL AND state.betweennessExact IS NOT NULL
  RETURN {converged: state.pagerankConverged, iterations: state.pagerankIterations,
          change: state.pagerankChange, tolerance: state.pagerankTolerance} AS pagerank,
         {exact: state.betweennessExact, pivots: state.betweennessPivots, seed: state.betweennessSeed,
          confidence: state.betweennessConfidence, errorBound: state.betweennessErrorBound} AS betweenness
  LIMIT 1`;

/** How the stored rankings were computed; null before the first ranking. */
export async function readRankingComputation(graph: GraphExecutor): Promise<RankingComputationRecord | null> {
  const [row] = await graph.read<RankingComputationRecord>(
    READ_RANKING_COMPUTATION,
    {},
    'rankings:computation',
  );
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Governance of projects

export interface ProjectMaintainersRecord {
  key: string;
  maintainers: MaintainerEmployers[];
}

// Per project, each maintainer holding on $asOf with the employers listed with them for that project
// on the lines that hold (as RELATIONS.projectMaintainers and countMaintainersByOrganization do).
// Bounded: a project's maintainers (about 120 for Kubernetes, the largest) per key.
const PROJECT_MAINTAINER_EMPLOYERS = `
  UNWIND $keys AS key
  MATCH (:Project {id: key})<-[c:MAINTAINS]-(maintainer:Person)
  WHERE ${holdsAt('c')}
  WITH key, maintainer, collect(c {.source, .line, .addedIn}) AS current
  WITH key, maintainer, [(maintainer)-[a:AFFILIATED_WITH]->(o:Organization)
      WHERE a.forProject = key AND any(m IN current WHERE ${sameRow('m', 'a')})
      | o {.id, .name}] AS organizations
  ORDER BY maintainer.id
  RETURN key, collect({id: maintainer.id, organizations: organizations}) AS maintainers`;

/** Per project (in key order): its maintainers on $asOf with their employers for it. */
export async function listProjectMaintainerEmployers(
  graph: GraphExecutor,
  projectIds: readonly string[],
  asOf: string | null,
): Promise<MaintainerEmployers[][]> {
  const rows = await graph.read<{ key: string; maintainers: MaintainerEmployers[] }>(
    PROJECT_MAINTAINER_EMPLOYERS,
    { keys: projectIds, asOf },
    'analytics:projectMaintainerEmployers',
  );
  return inKeyOrder(projectIds, rows, 'key', 'maintainers', () => []);
}

/** Per project (in key order): who holds its maintainership on $asOf. */
export async function governanceByProjectIds(
  graph: GraphExecutor,
  projectIds: readonly string[],
  asOf: string | null,
): Promise<GovernanceSummary[]> {
  const maintainers = await listProjectMaintainerEmployers(graph, projectIds, asOf);
  return maintainers.map(summarizeGovernance);
}

// ---------------------------------------------------------------------------------------------
// A project's maintainers over time

export interface MaintainerCountPoint {
  day: string;
  maintainers: number;
  organizations: number;
}

// For each day of $days: how many people maintain the project then, and how many organizations the
// lines that hold name as their employers (by the same rule as governance on one day). Bounded: a
// project's maintainers (about 120 for Kubernetes) times the days asked (at most MAX_SERIES_POINTS).
const MAINTAINER_SERIES = `
  MATCH (:Project {id: $key})<-[c:MAINTAINS]-(maintainer:Person)
  WITH maintainer, collect(c {.source, .line, .addedIn, .heldFrom, .heldUntil}) AS claims
  UNWIND $days AS day
  WITH day, maintainer, [c IN claims WHERE ${holdsAt('c', 'day')}] AS current
  WHERE size(current) > 0
  WITH day, maintainer, [(maintainer)-[a:AFFILIATED_WITH]->(o:Organization)
      WHERE a.forProject = $key AND any(m IN current WHERE ${sameRow('m', 'a')}) | o.id] AS employers
  UNWIND CASE WHEN size(employers) = 0 THEN [null] ELSE employers END AS employer
  WITH day, count(DISTINCT maintainer) AS maintainers, count(DISTINCT employer) AS organizations
  RETURN day, maintainers, organizations`;

export const MAX_SERIES_POINTS = 240;

/** The counts on each of `days` (in that order; zero where nobody maintained the project). */
export async function maintainerSeries(
  graph: GraphExecutor,
  projectId: string,
  days: readonly string[],
): Promise<MaintainerCountPoint[]> {
  const rows = await graph.read<MaintainerCountPoint & Record<string, unknown>>(
    MAINTAINER_SERIES,
    { key: projectId, days },
    'analytics:maintainerSeries',
  );
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return days.map((day) => byDay.get(day) ?? { day, maintainers: 0, organizations: 0 });
}

// ---------------------------------------------------------------------------------------------
// Footprint of organizations

/**
 * Each project people maintain on $asOf with the organization `employer` listed as their employer
 * for that project on the same line (RELATIONS.organizationMaintainedProjects), as `project`,
 * `maintainers` (those people) and `level`, the project's maturity on that day: the HAS_MATURITY
 * period holding then, or its current maturity when $asOf is null ("whenever" has no one level).
 * Expects `employer` bound to an Organization and `key` to what the rows are grouped by; keeps `key`.
 * Bounded: the organization's affiliations (a few hundred lines for the largest employers).
 */
export function maintainedForEmployer(key: string): string {
  return `
  MATCH (employer)<-[a:AFFILIATED_WITH]-(maintainer:Person)
  WHERE a.forProject IS NOT NULL
  WITH ${key}, maintainer, collect(a {.source, .line, .forProject, .addedIn}) AS lines
  MATCH (maintainer)-[c:MAINTAINS]->(project:Project)
  WHERE ${holdsAt('c')} AND any(l IN lines WHERE l.forProject = project.id AND ${sameRow('c', 'l')})
  WITH ${key}, project, collect(DISTINCT maintainer) AS maintainers
  WITH ${key}, project, maintainers,
       CASE WHEN $asOf IS NULL THEN project.maturity
            ELSE head([(project)-[m:HAS_MATURITY]->(:MaturityLevel) WHERE ${holdsAt('m')} | m.level]) END AS level`;
}

// Per organization of $keys, the projects its people maintain for it on $asOf, with their maturity.
const ORGANIZATION_MAINTAINED_PROJECTS = `
  UNWIND $keys AS key
  MATCH (employer:Organization {id: key})${maintainedForEmployer('key')}
  ORDER BY project.id
  RETURN key, collect({project: project {.id, .name}, level: level,
                       maintainerIds: [m IN maintainers | m.id]}) AS projects`;

/** Per organization (in key order): the projects its people maintain on $asOf, with maturity. */
export async function listOrganizationMaintainedProjects(
  graph: GraphExecutor,
  organizationIds: readonly string[],
  asOf: string | null,
): Promise<MaintainedProject[][]> {
  const rows = await graph.read<{ key: string; projects: MaintainedProject[] }>(
    ORGANIZATION_MAINTAINED_PROJECTS,
    { keys: organizationIds, asOf },
    'analytics:organizationMaintainedProjects',
  );
  return inKeyOrder(organizationIds, rows, 'key', 'projects', () => []);
}

/** Per organization (in key order): how many projects of each maturity its people maintain. */
export async function footprintByOrganizationIds(
  graph: GraphExecutor,
  organizationIds: readonly string[],
  asOf: string | null,
): Promise<Footprint[]> {
  const projects = await listOrganizationMaintainedProjects(graph, organizationIds, asOf);
  return projects.map(summarizeFootprint);
}

// ---------------------------------------------------------------------------------------------
// People in governance who also maintain

export interface GovernanceRoleRecord {
  body: NamedRef;
  /** SERVES_ON (a TOC seat), LEADS (a TAG's chair or tech lead) or LEADS_SUBGROUP (a subproject's or WG's lead). */
  type: 'SERVES_ON' | 'LEADS' | 'LEADS_SUBGROUP';
  /** What the holding claims name: seat (member, alternate), chair, tech-lead … */
  roles: string[];
}

export interface GovernanceOverlapRecord {
  person: EntityRecord;
  roles: GovernanceRoleRecord[];
  projects: NamedRef[];
}

// People with a TOC seat or a lead role in a body of the kinds $leadKinds (TAG; subprojects and
// working groups on request) holding on $asOf, who maintain at least one project on that day.
// Bounded: starts from the TOC and lead claims (a few hundred in all, past ones included).
const GOVERNANCE_OVERLAP = `
  MATCH (person:Person)-[r:SERVES_ON|LEADS]->(body:Body)
  WHERE (type(r) = 'SERVES_ON' AND body.kind = 'TOC') OR (type(r) = 'LEADS' AND body.kind IN $leadKinds)
  WITH person, body,
       CASE WHEN type(r) = 'LEADS' AND body.kind <> 'TAG' THEN 'LEADS_SUBGROUP' ELSE type(r) END AS type,
       collect(CASE WHEN ${holdsAt('r')} THEN r {.role, .seat, .chair} END) AS current
  WHERE size(current) > 0
  WITH person, body, type,
       reduce(named = [], c IN current | named
         + [x IN [c.role, c.seat, CASE WHEN c.chair THEN 'chair' END] WHERE x IS NOT NULL AND NOT x IN named]) AS roles
  ORDER BY body.name, type
  WITH person, collect({body: body {.id, .name}, type: type, roles: roles}) AS roles
  MATCH (person)-[m:MAINTAINS]->(project:Project)
  WHERE ${holdsAt('m')}
  WITH DISTINCT person, roles, project ORDER BY toLower(project.name), project.id
  WITH person, roles, collect(project {.id, .name}) AS projects
  RETURN ${entityMap('person')} AS person, roles, projects
  ORDER BY toLower(person.name), person.id`;

/** The kinds of body whose leads count: TAGs, and on request their subprojects and working groups. */
export const LEAD_KINDS = ['TAG'] as const;
export const SUBGROUP_LEAD_KINDS = ['TAG', 'Subproject', 'WG'] as const;

/**
 * Who sits on the TOC, or leads a body of `leadKinds`, on $asOf while maintaining projects then,
 * by name.
 */
export async function listGovernanceOverlap(
  graph: GraphExecutor,
  asOf: string | null,
  leadKinds: readonly string[] = LEAD_KINDS,
): Promise<GovernanceOverlapRecord[]> {
  return graph.read<{ person: EntityRecord; roles: GovernanceRoleRecord[]; projects: NamedRef[] }>(
    GOVERNANCE_OVERLAP,
    { asOf, leadKinds },
    'analytics:governanceOverlap',
  );
}
