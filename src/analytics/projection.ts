import { createHash } from 'node:crypto';
import { edgeCount, undirectedAdjacency } from './adjacency.ts';
import { type BetweennessMethod, type BetweennessOptions, betweennessCentrality } from './betweenness.ts';
import { degrees } from './degree.ts';
import {
  RANKED_KINDS,
  RANKING_METRICS,
  RANKING_PROPERTIES,
  type RankedKind,
  type RankingMetric,
} from './metrics.ts';
import { PAGERANK_TOLERANCE, type PageRankOptions, pageRank } from './pagerank.ts';
import { compareIds, competitionRanks, roundScore } from './rank.ts';

/**
 * The pure part of the rankings: scores and ranks from the projection as rankings.ts reads it. Kept
 * apart from the Cypher so that the worker thread that runs it (rank-thread.ts) loads only this and
 * the algorithms, not the driver.
 */

/** A node of the projection: a person, project or organization. */
export type ProjectionNodeRecord = { id: string; kind: RankedKind };

/** One joined pair, the smaller id first. */
export type ProjectionEdgeRecord = { a: string; b: string };

export type RankingStep = 'degree' | 'pagerank' | 'betweenness';

/** How the measures are computed; every field has a default. */
export interface RankingOptions {
  pagerank?: PageRankOptions;
  betweenness?: BetweennessOptions;
}

export interface RankingRow {
  id: string;
  [property: string]: string | number;
}

/** What ranking a projection gives: a row per node, and how PageRank converged. */
export interface Ranked {
  rows: RankingRow[];
  edges: number;
  pagerankIterations: number;
  pagerankConverged: boolean;
  pagerankChange: number;
  pagerankTolerance: number;
  /** Exact, or sampled with a stated error bound (betweenness.ts). */
  betweenness: BetweennessMethod;
}

/**
 * The projection as it is ranked and fingerprinted: its pairs deduplicated and both lists in code
 * unit order (the Cypher reads them as they come, see rankings.ts), and the sha256 of the two, by
 * which an unchanged projection is recognised and its stored scores kept.
 */
export function settleProjection(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
): { nodes: ProjectionNodeRecord[]; edges: ProjectionEdgeRecord[]; digest: string } {
  const sortedNodes = [...nodes].sort((x, y) => compareIds(x.id, y.id));
  const pairs = new Map<string, ProjectionEdgeRecord>();
  for (const edge of edges) pairs.set(`${edge.a}\u0000${edge.b}`, edge);
  const sortedEdges = [...pairs.values()].sort((x, y) => compareIds(x.a, y.a) || compareIds(x.b, y.b));
  const hash = createHash('sha256');
  for (const node of sortedNodes) hash.update(`${node.id}\u0000${node.kind}\n`);
  hash.update('\u0001');
  for (const edge of sortedEdges) hash.update(`${edge.a}\u0000${edge.b}\n`);
  return { nodes: sortedNodes, edges: sortedEdges, digest: hash.digest('hex') };
}

/** The projection as an adjacency list over its nodes' positions; an edge to no listed node is left out. */
export function projectionAdjacency(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
): number[][] {
  const index = new Map(nodes.map((node, position) => [node.id, position]));
  const pairs: [number, number][] = [];
  for (const edge of edges) {
    const a = index.get(edge.a);
    const b = index.get(edge.b);
    if (a !== undefined && b !== undefined) pairs.push([a, b]);
  }
  return undirectedAdjacency(nodes.length, pairs);
}

/** Scores and ranks per node from the projection, in the projection's order. */
export function rankProjection(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
  timings?: (step: RankingStep, ms: number) => void,
  options: RankingOptions = {},
): Ranked {
  const adjacency = projectionAdjacency(nodes, edges);

  const timed = <T>(step: RankingStep, work: () => T): T => {
    const started = performance.now();
    const result = work();
    timings?.(step, performance.now() - started);
    return result;
  };
  const pagerank = timed('pagerank', () => pageRank(adjacency, options.pagerank));
  const betweenness = timed('betweenness', () => betweennessCentrality(adjacency, options.betweenness));
  const scores: Record<RankingMetric, number[]> = {
    degree: timed('degree', () => degrees(adjacency)),
    pagerank: pagerank.scores.map(roundScore),
    betweenness: betweenness.scores.map(roundScore),
  };

  const ids = nodes.map((node) => node.id);
  const rows: RankingRow[] = nodes.map((node) => ({ id: node.id }));
  for (const metric of RANKING_METRICS) {
    const properties = RANKING_PROPERTIES[metric];
    const metricScores = scores[metric];
    const overall = competitionRanks(metricScores, ids);
    rows.forEach((row, position) => {
      row[properties.score] = metricScores[position] as number;
      row[properties.rank] = overall[position] as number;
    });
    for (const kind of RANKED_KINDS) {
      const positions = nodes.flatMap((node, position) => (node.kind === kind ? [position] : []));
      const ranks = competitionRanks(
        positions.map((position) => metricScores[position] as number),
        positions.map((position) => ids[position] as string),
      );
      positions.forEach((position, k) => {
        (rows[position] as RankingRow)[properties.kindRank] = ranks[k] as number;
      });
    }
  }
  return {
    rows,
    edges: edgeCount(adjacency),
    pagerankIterations: pagerank.iterations,
    pagerankConverged: pagerank.converged,
    pagerankChange: pagerank.change,
    pagerankTolerance: options.pagerank?.tolerance ?? PAGERANK_TOLERANCE,
    betweenness: betweenness.method,
  };
}
