import { readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import type { Log } from '../logger.ts';
import { CYPHER_DIR, splitStatements } from '../neo4j/cypher-scripts.ts';
import type { CypherRunner, GraphExecutor } from '../neo4j/executor.ts';
import type { BetweennessMethod } from './betweenness.ts';
import type { RankedKind } from './metrics.ts';
import type { ProjectionColumns, RankingOptions, RankingProperty } from './projection.ts';
import { rankOffThread } from './rank-thread.ts';

/**
 * Degree, PageRank and betweenness of every person, project and organization, computed once per
 * import (Graph Data Science is not in Neo4j Community) and stored on the nodes; the API only reads
 * them (src/graph/analytics.ts).
 *
 * The projection is undirected and unweighted: Person, Project and Organization nodes, and an edge
 * between two of them where any claim of these types joins them, whatever its dates (today or ever):
 *   MAINTAINS        person → project
 *   AFFILIATED_WITH  person → organization (employer for a project, TOC member's company, people.json)
 *   ORIGINATED_AT    project → organization
 *   CONTRIBUTES_TO   person or organization → project
 * Several claims about a pair (two snapshots, two sources, both directions) are one edge. Bodies,
 * categories and memberships are left out: they would make the TOC or "CNCF" the centre of everything.
 * Every Person, Project and Organization is ranked, those with no edge too (degree 0, no betweenness,
 * PageRank (1 - 0.85) / n plus their share of the dangling mass).
 */

// One page of the projection: up to $limit persons, projects and organizations in id order after
// $after (the entity_id index gives that order: nothing is sorted), each with the ids its own claims
// of these types join it to (pairs repeat where several claims join them: the worker dedupes).
// Bounded by $limit and those nodes' claims. Read page by page rather than in one statement: a
// hundred times the CNCF graph is 600,000 rows, which the driver hands over, and which become
// objects, in one go on the event loop; neither DISTINCT nor ORDER BY over the whole graph either,
// which at that size takes more transaction memory than a Neo4j gives one transaction by default.
const PROJECTION_PAGE = `
  MATCH (x:Entity) WHERE x.id > $after AND (x:Person OR x:Project OR x:Organization)
  WITH x ORDER BY x.id LIMIT $limit
  RETURN x.id AS id,
         CASE WHEN x:Person THEN 'Person' WHEN x:Project THEN 'Project' ELSE 'Organization' END AS kind,
         [(x)-[:MAINTAINS|AFFILIATED_WITH|ORIGINATED_AT|CONTRIBUTES_TO]->(y:Person|Project|Organization)
          WHERE y <> x | y.id] AS joined`;
// A page's rows are decoded and made objects in one go on the event loop: 20,000 of them held it
// long enough to show in the event-loop delay's p99 at a hundred times the CNCF graph.
const PROJECTION_PAGE_SIZE = 5_000;

const [WRITE_RANKINGS, READ_PROJECTION_DIGEST, MARK_RANKINGS_STALE, WRITE_PROJECTION_DIGEST] = [
  '900-rankings.cypher',
  '910-rankings-read-digest.cypher',
  '915-rankings-mark-stale.cypher',
  '920-rankings-write-digest.cypher',
].map((file) => splitStatements(readFileSync(path.join(CYPHER_DIR, file), 'utf8'))) as [
  string[],
  string[],
  string[],
  string[],
];

// Nodes per write transaction, in one statement. The scores of a graph ten times the CNCF one
// (60,000 nodes) did not fit one transaction in 512 MB of transaction memory; 10,000 nodes' take a
// few tens of MB. Sent as columns, one list per property: at a hundred times the CNCF graph that
// wrote 600,000 nodes' scores in 6.3 s, against 10.9 s for maps of 1,000 rows per statement.
const ROWS_PER_TRANSACTION = 10_000;
// Allow far more than an API read: a write of 10,000 nodes' scores, on a loaded machine.
const TRANSACTION_TIMEOUT_MS = 120_000;

export interface RankingStats {
  nodes: number;
  edges: number;
  pagerankIterations: number;
  /** Whether PageRank's L1 change fell below its tolerance before the iteration cap. */
  pagerankConverged: boolean;
  /** The L1 change of PageRank's last iteration. */
  pagerankChange: number;
  pagerankTolerance: number;
  /** How betweenness was computed (null when nothing was): exactly, or sampled with its bound. */
  betweenness: BetweennessMethod | null;
  /** False when the projection was the one ranked last time: the stored scores stand, nothing was computed. */
  computed: boolean;
  /** Milliseconds per step. */
  ms: { read: number; degree: number; pagerank: number; betweenness: number; write: number; total: number };
}

/**
 * The projection as it is ranked, and the digest and unranked count the stored scores have
 * (cypher/910). Read in a write-mode transaction, so on a cluster's writer: the import that just ran
 * may not have reached the readers yet (no bookmarks pass between this service's sessions), and the
 * scores of an older graph would then be stored as this one's. Only reads, a page at a time in the
 * entity_id index's order, so its transaction memory stays small whatever the graph's size.
 */
export async function readProjection(graph: GraphExecutor): Promise<{
  projection: ProjectionColumns;
  stored: { digest: string | null; unranked: number } | null;
}> {
  return graph.writeTransaction(
    'analytics:projection',
    async (run: CypherRunner) => {
      const ids: string[] = [];
      const kinds: RankedKind[] = [];
      const counts: number[] = [];
      const joined: string[] = [];
      for (let after = ''; ; ) {
        const rows = await run<{ id: string; kind: RankedKind; joined: string[] }>(PROJECTION_PAGE, {
          after,
          limit: neo4j.int(PROJECTION_PAGE_SIZE),
        });
        for (const row of rows) {
          ids.push(row.id);
          kinds.push(row.kind);
          counts.push(row.joined.length);
          for (const id of row.joined) joined.push(id);
        }
        if (rows.length < PROJECTION_PAGE_SIZE) break;
        after = (rows.at(-1) as { id: string }).id;
      }
      const stored = await run<{ digest: string | null; unranked: number }>(
        READ_PROJECTION_DIGEST[0] as string,
      );
      return {
        projection: { ids, kinds, joinedCounts: Int32Array.from(counts), joined },
        stored: stored[0] ?? null,
      };
    },
    TRANSACTION_TIMEOUT_MS,
  );
}

/**
 * Reads the projection, computes the three metrics on a worker thread and stores scores and ranks on
 * every node. The importer calls it after a load that changed something; requests never do.
 * Identical graphs give identical scores (the worker sorts the projection), so when the projection is
 * the one ranked last time (its digest is stored with the scores) and every node has its scores, the
 * stored scores stand and nothing is computed, unless `force`: an import that only ended some
 * intervals, or moved a maintainer between sub-groups, changes no pair of the projection. Whether
 * PageRank converged, and whether betweenness is exact, are stored with the digest (the API shows
 * them); PageRank stopping at its cap is logged as a warning.
 *
 * The scores are written ROWS_PER_TRANSACTION nodes per transaction, not in one: one transaction
 * for every node outgrows a Neo4j's transaction memory at ten times the CNCF graph. The stored digest
 * is cleared first and written last, so a run that fails half-way leaves rankings that the next
 * import computes again; while the scores are written (about 0.4 s for the CNCF graph) a reader may
 * see some nodes' new scores beside others' old ones, as it sees an import's sources land one by one.
 */
export async function computeRankings(
  graph: GraphExecutor,
  log?: Log,
  options: { force?: boolean } & RankingOptions = {},
): Promise<RankingStats> {
  const started = performance.now();
  const ms = { read: 0, degree: 0, pagerank: 0, betweenness: 0, write: 0, total: 0 };
  const { projection, stored } = await readProjection(graph);
  ms.read = performance.now() - started;
  // Off the event loop: the worker sorts, fingerprints and ranks while the API keeps answering.
  const answer = await rankOffThread(projection, {
    keepIfDigest: !options.force && stored?.unranked === 0 ? stored.digest : null,
    pagerank: options.pagerank,
    betweenness: options.betweenness,
  });
  let outcome: Omit<RankingStats, 'ms'>;
  if (answer.ranked === null) {
    outcome = {
      nodes: projection.ids.length,
      edges: answer.edges,
      computed: false,
      pagerankIterations: 0,
      pagerankConverged: true,
      pagerankChange: 0,
      pagerankTolerance: 0,
      betweenness: null,
    };
  } else {
    const { ranked } = answer;
    Object.assign(ms, answer.ms);
    const writeStarted = performance.now();
    for (const statement of MARK_RANKINGS_STALE)
      await graph.writeTransaction(
        'analytics:rankings',
        (run: CypherRunner) => run(statement),
        TRANSACTION_TIMEOUT_MS,
      );
    const properties = Object.keys(ranked.columns) as RankingProperty[];
    for (let first = 0; first < ranked.ids.length; first += ROWS_PER_TRANSACTION) {
      const last = Math.min(first + ROWS_PER_TRANSACTION, ranked.ids.length);
      // Plain lists of numbers (the driver sends them as floats, as it would numbers in maps).
      const parameters: Record<string, unknown> = { ids: ranked.ids.slice(first, last) };
      for (const property of properties)
        parameters[property] = Array.from(ranked.columns[property].subarray(first, last));
      await graph.writeTransaction(
        'analytics:rankings',
        async (run: CypherRunner) => {
          for (const statement of WRITE_RANKINGS) await run(statement, parameters);
        },
        TRANSACTION_TIMEOUT_MS,
      );
    }
    const pagerank = {
      converged: ranked.pagerankConverged,
      iterations: neo4j.int(ranked.pagerankIterations),
      change: ranked.pagerankChange,
      tolerance: ranked.pagerankTolerance,
    };
    const method = ranked.betweenness;
    const betweenness = method.exact
      ? { exact: true, pivots: null, seed: null, confidence: null, errorBound: null }
      : { ...method, pivots: neo4j.int(method.pivots), seed: neo4j.int(method.seed) };
    await graph.writeTransaction(
      'analytics:rankings',
      async (run: CypherRunner) => {
        for (const statement of WRITE_PROJECTION_DIGEST)
          await run(statement, { digest: answer.digest, pagerank, betweenness });
      },
      TRANSACTION_TIMEOUT_MS,
    );
    ms.write = performance.now() - writeStarted;
    const { ids: _ids, columns: _columns, ...how } = ranked;
    outcome = { nodes: projection.ids.length, computed: true, ...how };
  }
  ms.total = performance.now() - started;
  const stats: RankingStats = {
    nodes: outcome.nodes,
    edges: outcome.edges ?? 0,
    computed: outcome.computed,
    pagerankIterations: outcome.pagerankIterations,
    pagerankConverged: outcome.pagerankConverged,
    pagerankChange: outcome.pagerankChange,
    pagerankTolerance: outcome.pagerankTolerance,
    betweenness: outcome.betweenness,
    ms: Object.fromEntries(
      Object.entries(ms).map(([step, took]) => [step, Math.round(took)]),
    ) as RankingStats['ms'],
  };
  if (!stats.computed) {
    log?.info(
      `rankings: the projection (${stats.nodes} nodes) is the one ranked last; read in ${stats.ms.read} ms, scores kept`,
    );
    return stats;
  }
  log?.info(
    `rankings: ${stats.nodes} nodes, ${stats.edges} edges ranked in ${stats.ms.total} ms ` +
      `(read ${stats.ms.read}, degree ${stats.ms.degree}, PageRank ${stats.ms.pagerank} in ` +
      `${stats.pagerankIterations} iterations to an L1 change of ${stats.pagerankChange.toExponential(1)}, ` +
      `betweenness ${stats.ms.betweenness} ${describeBetweenness(stats.betweenness)}, write ${stats.ms.write})`,
  );
  if (!stats.pagerankConverged) {
    log?.warn(
      `rankings: PageRank stopped at its cap of ${stats.pagerankIterations} iterations with an L1 change of ` +
        `${stats.pagerankChange.toExponential(1)}, above its tolerance of ${stats.pagerankTolerance.toExponential(0)}: ` +
        'the stored scores are not converged (the API says so in rankingComputation)',
    );
  }
  return stats;
}

function describeBetweenness(method: BetweennessMethod | null): string {
  if (!method || method.exact) return 'exact';
  return (
    `sampled from ${method.pivots} pivots, each score within ${method.errorBound.toPrecision(3)} ` +
    `at ${method.confidence * 100} %`
  );
}
