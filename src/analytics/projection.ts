import { createHash } from 'node:crypto';
import { type CompressedGraph, compressPairs, edgeCount } from './adjacency.ts';
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
import { compareIds, competitionRanksByPlace, idPlaces, roundScore } from './rank.ts';

/**
 * The pure part of the rankings: scores and ranks from the projection as rankings.ts reads it. Kept
 * apart from the Cypher so that the worker thread that runs it (rank-thread.ts) loads only this and
 * the algorithms, not the driver.
 */

/** A node of the projection: a person, project or organization. */
export type ProjectionNodeRecord = { id: string; kind: RankedKind };

/** One joined pair, the smaller id first. */
export type ProjectionEdgeRecord = { a: string; b: string };

/**
 * The projection as rankings.ts reads it, in columns (half a million objects cost seconds to pass
 * to the worker): node i is `ids[i]` of kind `kinds[i]`, joined by its own claims to the next
 * `joinedCounts[i]` ids of `joined`, in any order, possibly repeated, possibly to no listed node.
 */
export interface ProjectionColumns {
  ids: string[];
  kinds: RankedKind[];
  joinedCounts: Int32Array;
  joined: string[];
}

/** Nodes and pairs as columns: each pair listed under its first end. */
export function projectionColumns(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
): ProjectionColumns {
  const joinedTo = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  for (const edge of edges) joinedTo.get(edge.a)?.push(edge.b);
  const lists = nodes.map((node) => joinedTo.get(node.id) as string[]);
  return {
    ids: nodes.map((node) => node.id),
    kinds: nodes.map((node) => node.kind),
    joinedCounts: Int32Array.from(lists, (list) => list.length),
    joined: lists.flat(),
  };
}

export type RankingStep = 'degree' | 'pagerank' | 'betweenness';

/** How the measures are computed; every field has a default. */
export interface RankingOptions {
  pagerank?: PageRankOptions;
  betweenness?: BetweennessOptions;
}

/** A node property the rankings are stored in (scoreDegree, rankDegree, kindRankDegree, …). */
export type RankingProperty =
  (typeof RANKING_PROPERTIES)[RankingMetric][keyof (typeof RANKING_PROPERTIES)[RankingMetric]];

/** One node's stored values, as tests and readers of one node want them. */
export type RankingRow = { id: string } & Record<RankingProperty, number>;

/**
 * What ranking a projection gives: per node property, one value per node in `ids`' order (columns
 * of numbers, not an object per node: half a million of those cost seconds to pass between threads
 * and to write), and how PageRank and betweenness were computed.
 */
export interface Ranked {
  ids: string[];
  columns: Record<RankingProperty, Float64Array>;
  edges: number;
  pagerankIterations: number;
  pagerankConverged: boolean;
  pagerankChange: number;
  pagerankTolerance: number;
  /** Exact, or sampled with a stated error bound (betweenness.ts). */
  betweenness: BetweennessMethod;
}

/**
 * The projection as it is ranked and fingerprinted: its nodes in code unit order of their ids (the
 * Cypher reads them as they come, see rankings.ts), its pairs deduplicated into a compressed graph
 * over those positions, and the sha256 of the two, by which an unchanged projection is recognised
 * and its stored scores kept. Positions follow id order, so the graph's pairs (a before b, a's
 * neighbours sorted) come out in id order too, without comparing strings again.
 */
export function settleProjection(projection: ProjectionColumns): {
  nodes: ProjectionNodeRecord[];
  /** Where each of `nodes` stands in the projection given. */
  order: Int32Array;
  graph: CompressedGraph;
  digest: string;
} {
  const { ids, kinds, joinedCounts, joined } = projection;
  const order = ids.map((_, index) => index).sort((a, b) => compareIds(ids[a] as string, ids[b] as string));
  const sortedNodes = order.map((index) => ({ id: ids[index] as string, kind: kinds[index] as RankedKind }));
  const positionOf = new Map<string, number>();
  sortedNodes.forEach((node, position) => {
    positionOf.set(node.id, position);
  });
  const ends = new Int32Array(joined.length * 2);
  let used = 0;
  let next = 0;
  for (let index = 0; index < ids.length; index++) {
    const a = positionOf.get(ids[index] as string) as number;
    for (let end = next + (joinedCounts[index] as number); next < end; next++) {
      const b = positionOf.get(joined[next] as string);
      if (b === undefined) continue;
      ends[used++] = a;
      ends[used++] = b;
    }
  }
  const graph = compressPairs(sortedNodes.length, ends.subarray(0, used));
  const hash = createHash('sha256');
  // Hashed in chunks: one update per line is most of the time at half a million nodes.
  let chunk = '';
  const add = (line: string) => {
    chunk += line;
    if (chunk.length >= 65_536) {
      hash.update(chunk);
      chunk = '';
    }
  };
  for (const node of sortedNodes) add(`${node.id}\u0000${node.kind}\n`);
  add('\u0001');
  const { offsets, targets } = graph;
  for (let a = 0; a < sortedNodes.length; a++) {
    const id = (sortedNodes[a] as ProjectionNodeRecord).id;
    for (let i = offsets[a] as number, end = offsets[a + 1] as number; i < end; i++) {
      const b = targets[i] as number;
      if (b > a) add(`${id}\u0000${(sortedNodes[b] as ProjectionNodeRecord).id}\n`);
    }
  }
  hash.update(chunk);
  return { nodes: sortedNodes, order: Int32Array.from(order), graph, digest: hash.digest('hex') };
}

/**
 * The projection as a compressed graph over its nodes' positions (adjacency.ts): each pair once,
 * whatever the number of claims behind it; an edge to no listed node is left out.
 */
export function compressProjection(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
): CompressedGraph {
  const index = new Map<string, number>();
  nodes.forEach((node, position) => {
    index.set(node.id, position);
  });
  const ends = new Int32Array(edges.length * 2);
  let used = 0;
  for (const edge of edges) {
    const a = index.get(edge.a);
    const b = index.get(edge.b);
    if (a === undefined || b === undefined) continue;
    ends[used++] = a;
    ends[used++] = b;
  }
  return compressPairs(nodes.length, ends.subarray(0, used));
}

/**
 * Scores and ranks per node from the projection, in the projection's order. `graph`, when given,
 * is the projection already compressed over these nodes (settleProjection's).
 */
export function rankProjection(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[] | CompressedGraph,
  timings?: (step: RankingStep, ms: number) => void,
  options: RankingOptions = {},
): Ranked {
  const adjacency = 'offsets' in edges ? edges : compressProjection(nodes, edges);

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
  const places = idPlaces(ids);
  const columns = {} as Record<RankingProperty, Float64Array>;
  for (const metric of RANKING_METRICS) {
    const properties = RANKING_PROPERTIES[metric];
    const metricScores = scores[metric];
    columns[properties.score] = Float64Array.from(metricScores);
    columns[properties.rank] = Float64Array.from(competitionRanksByPlace(metricScores, places));
    const kindRanks = new Float64Array(nodes.length);
    for (const kind of RANKED_KINDS) {
      const positions = nodes.flatMap((node, position) => (node.kind === kind ? [position] : []));
      const ranks = competitionRanksByPlace(
        positions.map((position) => metricScores[position] as number),
        positions.map((position) => places[position] as number),
      );
      positions.forEach((position, k) => {
        kindRanks[position] = ranks[k] as number;
      });
    }
    columns[properties.kindRank] = kindRanks;
  }
  return {
    ids,
    columns,
    edges: edgeCount(adjacency),
    pagerankIterations: pagerank.iterations,
    pagerankConverged: pagerank.converged,
    pagerankChange: pagerank.change,
    pagerankTolerance: options.pagerank?.tolerance ?? PAGERANK_TOLERANCE,
    betweenness: betweenness.method,
  };
}

/** The row of node `index` of a ranking: its id and stored values. */
export function rankingRow(ranked: Pick<Ranked, 'ids' | 'columns'>, index: number): RankingRow {
  const row: Record<string, string | number> = { id: ranked.ids[index] as string };
  for (const [property, column] of Object.entries(ranked.columns)) row[property] = column[index] as number;
  return row as RankingRow;
}
