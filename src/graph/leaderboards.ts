import type { GraphExecutor } from '../neo4j/executor.ts';
import { maintainedForEmployer } from './analytics.ts';
import { type EntityRecord, entityMap } from './records.ts';
import { sameRow } from './rows.ts';
import { holdsAt } from './time.ts';

/**
 * Leaderboards of maintainership on a day: projects by their maintainers or maintainer
 * organizations, people by the projects they maintain, organizations by the projects their people
 * maintain for them. Each counts by the rules the per-entity fields use (the "as of" rule of
 * time.ts; an employer is the organization the same line of a maintainer list names), so a
 * leaderboard's figure for one entity is what that entity's own field says.
 *
 * Each query visits every MAINTAINS claim once (and, for employers, the affiliations on the same
 * lines): bounded by the graph, not by the request; `$first` only cuts what is returned. The
 * measured cost is in bench/results.md.
 */

export interface LeaderboardRow {
  /** 1 for the highest count; equal counts share a rank (1, 2, 2, 4). */
  rank: number;
  entity: EntityRecord;
  counts: Record<string, number>;
  /** How many entities the leaderboard holds in all (those with a count of at least one). */
  total: number;
}

/**
 * The tail every leaderboard shares: given rows of `entity` and `counts` (a map) with `score`, the
 * first $first by score (highest first, then by name and id), each with its rank and the total.
 */
const RANKED_TOP = `
  WITH entity, counts, score ORDER BY score DESC, toLower(entity.name), entity.id
  WITH collect({entity: entity, counts: counts, score: score}) AS rows
  UNWIND range(0, size(rows) - 1) AS index
  WITH rows, index WHERE index < $first
  WITH rows, rows[index] AS row
  WITH size(rows) AS total, row, size([other IN rows WHERE other.score > row.score]) + 1 AS rank
  WITH total, rank, row.counts AS counts, row.entity AS entity
  RETURN rank, ${entityMap('entity')} AS entity, counts, total
  ORDER BY rank, toLower(entity.name), entity.id`;

// Each project's maintainers holding on $asOf and the organizations their lines name as employers
// (as Project.maintainerHistory and governance count them).
const PROJECTS_BY_MAINTAINERS = `
  MATCH (project:Project)<-[c:MAINTAINS]-(maintainer:Person)
  WHERE ${holdsAt('c')}
  WITH project, maintainer, collect(c {.source, .line, .addedIn}) AS current
  WITH project, maintainer, [(maintainer)-[a:AFFILIATED_WITH]->(o:Organization)
      WHERE a.forProject = project.id AND any(m IN current WHERE ${sameRow('m', 'a')}) | o.id] AS employers
  UNWIND CASE WHEN size(employers) = 0 THEN [null] ELSE employers END AS employer
  WITH project AS entity, count(DISTINCT maintainer) AS maintainers, count(DISTINCT employer) AS organizations
  WITH entity, {maintainers: maintainers, organizations: organizations} AS counts,
       CASE $by WHEN 'organizations' THEN organizations ELSE maintainers END AS score
  ${RANKED_TOP}`;

// Each person's projects on $asOf (as Person.projects(asOf:) lists them).
const PEOPLE_BY_PROJECTS = `
  MATCH (maintainer:Person)-[c:MAINTAINS]->(project:Project)
  WHERE ${holdsAt('c')}
  WITH DISTINCT maintainer, project
  WITH maintainer AS entity, count(project) AS projects
  WITH entity, {projects: projects} AS counts, projects AS score
  ${RANKED_TOP}`;

// Each organization's maintained projects on $asOf (as Organization.maintainedProjects and
// footprint count them, analytics.ts), only those at $maturity on that day when given.
const ORGANIZATIONS_BY_PROJECTS = `
  MATCH (employer:Organization)
  WITH employer, employer AS organization${maintainedForEmployer('organization')}
  WHERE $maturity IS NULL OR level = $maturity
  UNWIND maintainers AS maintainer
  WITH organization AS entity, count(DISTINCT project) AS projects, count(DISTINCT maintainer) AS maintainers
  WITH entity, {projects: projects, maintainers: maintainers} AS counts, projects AS score
  ${RANKED_TOP}`;

type Parameters = { asOf: string | null; first: number };

async function leaderboard(
  graph: GraphExecutor,
  cypher: string,
  parameters: Record<string, unknown>,
  purpose: string,
): Promise<LeaderboardRow[]> {
  return graph.read<LeaderboardRow & Record<string, unknown>>(cypher, parameters, purpose);
}

/** Projects by how many maintainers (or maintainer organizations) they have on $asOf. */
export function projectsByMaintainers(
  graph: GraphExecutor,
  { by, ...parameters }: Parameters & { by: 'maintainers' | 'organizations' },
): Promise<LeaderboardRow[]> {
  return leaderboard(graph, PROJECTS_BY_MAINTAINERS, { ...parameters, by }, 'leaderboard:projects');
}

/** People by how many projects they maintain on $asOf. */
export function peopleByMaintainedProjects(
  graph: GraphExecutor,
  parameters: Parameters,
): Promise<LeaderboardRow[]> {
  return leaderboard(graph, PEOPLE_BY_PROJECTS, parameters, 'leaderboard:people');
}

/** Organizations by how many projects their people maintain for them on $asOf (at $maturity). */
export function organizationsByMaintainedProjects(
  graph: GraphExecutor,
  parameters: Parameters & { maturity: string | null },
): Promise<LeaderboardRow[]> {
  return leaderboard(graph, ORGANIZATIONS_BY_PROJECTS, parameters, 'leaderboard:organizations');
}
