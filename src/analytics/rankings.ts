import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import type { Log } from '../logger.ts';
import { CYPHER_DIR, splitStatements } from '../neo4j/cypher-scripts.ts';
import type { CypherRunner, GraphExecutor } from '../neo4j/executor.ts';
import type { BetweennessMethod } from './betweenness.ts';
import type { ProjectionEdgeRecord, ProjectionNodeRecord, RankingOptions } from './projection.ts';
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

// Bounded by the graph: every person, project and organization once (about 5,500 today).
const PROJECTION_NODES = `
  MATCH (n:Person|Project|Organization)
  RETURN n.id AS id, CASE WHEN n:Person THEN 'Person' WHEN n:Project THEN 'Project' ELSE 'Organization' END AS kind
  ORDER BY id`;

// Bounded by the graph: one row per joined pair (about 5,300 today), however many claims join it.
const PROJECTION_EDGES = `
  MATCH (x:Person|Project|Organization)-[:MAINTAINS|AFFILIATED_WITH|ORIGINATED_AT|CONTRIBUTES_TO]->(y:Person|Project|Organization)
  WHERE x <> y
  WITH CASE WHEN x.id < y.id THEN x.id ELSE y.id END AS a, CASE WHEN x.id < y.id THEN y.id ELSE x.id END AS b
  RETURN DISTINCT a, b
  ORDER BY a, b`;

const [WRITE_RANKINGS, READ_PROJECTION_DIGEST, WRITE_PROJECTION_DIGEST] = [
  '900-rankings.cypher',
  '910-rankings-read-digest.cypher',
  '920-rankings-write-digest.cypher',
].map((file) => splitStatements(readFileSync(path.join(CYPHER_DIR, file), 'utf8'))) as [
  string[],
  string[],
  string[],
];

// Rows per UNWIND, as the importer batches: a handful of statements for the whole graph.
const BATCH_SIZE = 1_000;
// Reading, computing (betweenness takes a second or two) and writing share one transaction, so the
// scores always describe one state of the graph; allow far more than an API read.
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

/** The projection as it is ranked, read outside any import (bench/scale.ts checks sampling with it). */
export async function readProjection(
  graph: GraphExecutor,
): Promise<{ nodes: ProjectionNodeRecord[]; edges: ProjectionEdgeRecord[] }> {
  const nodes = await graph.read<ProjectionNodeRecord>(PROJECTION_NODES, {}, 'analytics:projection');
  const edges = await graph.read<ProjectionEdgeRecord>(PROJECTION_EDGES, {}, 'analytics:projection');
  return { nodes, edges };
}

/** A fingerprint of the projection (nodes and pairs, both read in id order). */
function projectionDigest(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
): string {
  const hash = createHash('sha256');
  for (const node of nodes) hash.update(`${node.id}\u0000${node.kind}\n`);
  hash.update('\u0001');
  for (const edge of edges) hash.update(`${edge.a}\u0000${edge.b}\n`);
  return hash.digest('hex');
}

/**
 * Reads the projection, computes the three metrics and stores scores and ranks on every node, all
 * in one write transaction. The importer calls it after a load that changed something; requests
 * never do. Identical graphs give identical scores (the projection is read in id order), so when the
 * projection is the one ranked last time (its digest is stored with the scores) and every node has
 * its scores, the stored scores stand and nothing is computed, unless `force`: an import that only ended some intervals, or moved
 * a maintainer between sub-groups, changes no pair of the projection. Whether PageRank converged is
 * stored with the digest (the API shows it) and logged as a warning when it did not.
 */
export async function computeRankings(
  graph: GraphExecutor,
  log?: Log,
  options: { force?: boolean } & RankingOptions = {},
): Promise<RankingStats> {
  const started = performance.now();
  const ms = { read: 0, degree: 0, pagerank: 0, betweenness: 0, write: 0, total: 0 };
  const outcome = await graph.writeTransaction(
    'analytics:rankings',
    async (run: CypherRunner) => {
      const readStarted = performance.now();
      const nodes = await run<ProjectionNodeRecord>(PROJECTION_NODES);
      const edges = await run<ProjectionEdgeRecord>(PROJECTION_EDGES);
      const digest = projectionDigest(nodes, edges);
      const [stored] = await run<{ digest: string | null; unranked: number }>(
        READ_PROJECTION_DIGEST[0] as string,
      );
      ms.read = performance.now() - readStarted;
      if (!options.force && stored?.digest === digest && stored.unranked === 0) {
        return {
          nodes: nodes.length,
          edges: null,
          computed: false,
          pagerankIterations: 0,
          pagerankConverged: true,
          pagerankChange: 0,
          pagerankTolerance: 0,
          betweenness: null,
        };
      }
      // Off the event loop: the API keeps answering while betweenness runs.
      const { ranked, ms: steps } = await rankOffThread(nodes, edges, {
        pagerank: options.pagerank,
        betweenness: options.betweenness,
      });
      Object.assign(ms, steps);
      const writeStarted = performance.now();
      for (let start = 0; start < ranked.rows.length; start += BATCH_SIZE) {
        const rows = ranked.rows.slice(start, start + BATCH_SIZE);
        for (const statement of WRITE_RANKINGS) await run(statement, { rows });
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
      for (const statement of WRITE_PROJECTION_DIGEST)
        await run(statement, { digest, pagerank, betweenness });
      ms.write = performance.now() - writeStarted;
      return { nodes: nodes.length, computed: true, ...ranked };
    },
    TRANSACTION_TIMEOUT_MS,
  );
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
