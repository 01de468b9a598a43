/**
 * The floor: the same answers with neo4j-driver and hand-written Cypher, one function per question.
 * Each returns plain rows; questions.ts normalises them like the GraphQL answers.
 */
import neo4j, { type Driver } from 'neo4j-driver';

export type Row = Record<string, unknown>;

export interface Raw {
  driver: Driver;
  database?: string | undefined;
}

// An auto-commit read, the fastest way the driver has to run one statement (one network round
// trip; executeQuery's managed transaction takes three). The service reads the same way, so the
// ratio between the two is what the GraphQL layer costs.
async function read(raw: Raw, cypher: string, parameters: Record<string, unknown> = {}): Promise<Row[]> {
  const session = raw.driver.session({ database: raw.database, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(cypher, parameters);
    return result.records.map((record) => record.toObject());
  } finally {
    await session.close();
  }
}

/** A project by (exact) name. */
export const projectByName = (raw: Raw, name: string) =>
  read(
    raw,
    `MATCH (p:Entity:Project {name: $name})
     RETURN p.name AS name, coalesce(p.cncf, false) AS cncf, p.maturity AS maturity`,
    { name },
  );

/** The first 50 projects of a maturity, by name (case-insensitive, then id: the service's order). */
export const projectsByMaturity = (raw: Raw, maturity: string, limit: number) =>
  read(
    raw,
    `MATCH (p:Project {maturity: $maturity})
     RETURN p.name AS name ORDER BY toLower(p.name), p.id LIMIT $limit`,
    { maturity, limit: neo4j.int(limit) },
  );

/** Projects → every person with any MAINTAINS claim on them. */
export const projectMaintainers = (raw: Raw, names: string[]) =>
  read(
    raw,
    `MATCH (p:Entity:Project) WHERE p.name IN $names
     OPTIONAL MATCH (p)<-[:MAINTAINS]-(m:Person)
     RETURN DISTINCT p.name AS project, m.id AS person`,
    { names },
  );

/**
 * Projects → maintainers → every organization they are affiliated with → the projects that
 * organization's people maintain while listed with it for that project (same source and line).
 */
export const projectMaintainerOrgProjects = (raw: Raw, names: string[]) =>
  read(
    raw,
    // Each organization's maintained projects once, however many maintainers lead to it.
    `MATCH (p:Entity:Project) WHERE p.name IN $names
     OPTIONAL MATCH (p)<-[:MAINTAINS]-(m:Person)
     WITH DISTINCT p, m
     OPTIONAL MATCH (m)-[:AFFILIATED_WITH]->(o:Organization)
     WITH DISTINCT p, m, o
     WITH collect([p.name, m.id, o]) AS rows, collect(DISTINCT o) AS organizations
     CALL (organizations) {
       UNWIND organizations AS o
       OPTIONAL MATCH (o)<-[a:AFFILIATED_WITH]-(:Person)-[c:MAINTAINS]->(q:Project)
       WHERE a.forProject = q.id AND a.source = c.source AND a.line = c.line
       WITH o, collect(DISTINCT q.name) AS maintained
       RETURN collect([o, maintained]) AS maintainedBy
     }
     UNWIND rows AS row
     WITH row, [x IN maintainedBy WHERE x[0] = row[2] | x[1]][0] AS maintained
     UNWIND CASE WHEN size(coalesce(maintained, [])) = 0 THEN [null] ELSE maintained END AS q
     RETURN DISTINCT row[0] AS project, row[1] AS person, row[2].name AS organization, q AS maintained`,
    { names },
  );

/**
 * SERVES_ON claims on a body dated to hold on `day`: since <= day < until (no until: open), and
 * still listed by the file on that day (a claim read from history ends at `listedUntil`).
 */
export const datedMembersOn = (raw: Raw, body: string, day: string) =>
  read(
    raw,
    `MATCH (b:Entity:Body {name: $body})<-[s:SERVES_ON]-(p:Person)
     WHERE s.since IS NOT NULL AND s.since <= $day AND (s.until IS NULL OR $day < s.until)
       AND (s.listedUntil IS NULL OR $day < s.listedUntil)
     RETURN DISTINCT p.id AS person`,
    { body, day },
  );

/** How many projects have a maturity. */
export const countByMaturity = (raw: Raw, maturity: string) =>
  read(raw, 'MATCH (p:Project {maturity: $maturity}) RETURN count(p) AS total', { maturity });

/** Everything one hop from an entity over MAINTAINS, AFFILIATED_WITH and SERVES_ON, either way. */
export const neighbours = (raw: Raw, id: string) =>
  read(
    raw,
    `MATCH (:Entity {id: $id})-[:MAINTAINS|AFFILIATED_WITH|SERVES_ON]-(n:Entity)
     RETURN DISTINCT n.id AS id`,
    { id },
  );

/** The length of a shortest path between two entities (≤ 4 hops) over the same relationships. */
export const shortestPathLength = (raw: Raw, from: string, to: string) =>
  read(
    raw,
    `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
     OPTIONAL MATCH path = shortestPath((a)-[:MAINTAINS|AFFILIATED_WITH|SERVES_ON*..4]-(b))
     RETURN length(path) AS length`,
    { from, to },
  );
