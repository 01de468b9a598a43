import { type CompressedGraph, compress, type Graph } from './adjacency.ts';
import { seededRandom } from './random.ts';

/**
 * Betweenness centrality of an unweighted undirected graph: for each node, the sum over unordered
 * pairs {s, t} of other nodes of the share of shortest s–t paths passing through it. Not
 * normalized: a star's centre with k leaves scores k(k-1)/2.
 *
 * Brandes (2001): one breadth-first search per source node gives every node's dependency on that
 * source, O(nodes × edges) in all. That is a second on the CNCF graph and hours at 100 times its
 * size, so above `exactUpTo` nodes with an edge the scores are estimated from `pivots` sources
 * drawn at random (Brandes and Pich 2007), with a stated error bound (see `sampledBetweenness`).
 */

/** How betweenness was computed: exactly, or estimated from sampled sources with a bound. */
export type BetweennessMethod =
  | { exact: true }
  | {
      exact: false;
      /** How many source nodes were searched from. */
      pivots: number;
      /** The seed of the generator that drew them: the same graph and seed give the same scores. */
      seed: number;
      /** The probability with which each score is within `errorBound` of its exact value. */
      confidence: number;
      /** The bound, in the score's own unit (shortest-path pairs). */
      errorBound: number;
    };

export interface BetweennessOptions {
  /** Exact up to this many nodes with an edge; sampled above (default 10,000: about 2 s). */
  exactUpTo?: number;
  /** Sources searched from when sampling (default 1,000). */
  pivots?: number;
  /** The sampling seed (default 1). */
  seed?: number;
  /** The confidence of the stated error bound (default 0.95). */
  confidence?: number;
}

export const BETWEENNESS_DEFAULTS = { exactUpTo: 10_000, pivots: 1_000, seed: 1, confidence: 0.95 } as const;

/** Exact up to `exactUpTo` nodes with an edge, sampled above: the scores and how they were had. */
export function betweennessCentrality(
  adjacency: Graph,
  options: BetweennessOptions = {},
): { scores: number[]; method: BetweennessMethod } {
  const { exactUpTo, pivots, seed, confidence } = { ...BETWEENNESS_DEFAULTS, ...options };
  const graph = compress(adjacency);
  let connected = 0;
  for (let v = 0; v < graph.nodeCount; v++) if (graph.offsets[v] !== graph.offsets[v + 1]) connected++;
  if (connected <= exactUpTo || pivots >= connected) {
    return { scores: betweenness(graph), method: { exact: true } };
  }
  const { scores, errorBound } = sampledBetweenness(graph, pivots, seed, confidence);
  return { scores, method: { exact: false, pivots, seed, confidence, errorBound } };
}

/**
 * Exact betweenness. Predecessor lists are not kept: walking back, a node's predecessors are its
 * neighbours one step closer to the source, which saves allocating a list per node per source.
 *
 * Twins share one search. Nodes with the same neighbours (a project's maintainers from one company,
 * the leaves of one node) can be swapped for one another without changing the graph, so the search
 * from one of them gives the others' too: a node outside a class of k gets k times what the search
 * from the class's first node gives it, and the members none (a search never passes through a twin
 * of its source). On the CNCF projection 3,911 searches become 2,337.
 */
export function betweenness(adjacency: Graph): number[] {
  const { graph, newOf } = inVisitOrder(compress(adjacency));
  const search = new DependencySearch(graph);
  const { classOf, size } = twinClasses(graph);
  for (let source = 0; source < graph.nodeCount; source++) {
    if (graph.offsets[source] === graph.offsets[source + 1]) continue; // on no path
    if (classOf[source] !== source) continue; // its class's first node searches for it
    // A twin of the source gets nothing from the search: its neighbours are the source's own, so
    // no shortest path goes on through it.
    search.from(source, size[source] as number, classOf);
  }
  return search.scores(newOf);
}

/**
 * Betweenness estimated from `pivots` distinct sources drawn uniformly, with a seeded generator,
 * from the nodes that have an edge (N of them; the others are sources of no path): each source's
 * dependencies, scaled by N / pivots, give an unbiased estimate of every score.
 *
 * The bound is Hoeffding's, which holds for drawing without replacement too: one source adds
 * between 0 and R = N (n − 2) / 2 to a node's scaled estimate, so each score lies within
 * R √(ln(2 / (1 − confidence)) / (2 pivots)) of its exact value with probability `confidence`. It
 * is a worst case: the errors measured at 1 and 10 times the CNCF graph (bench/results.md) are far
 * smaller.
 */
export function sampledBetweenness(
  adjacency: Graph,
  pivots: number,
  seed: number,
  confidence: number,
): { scores: number[]; errorBound: number } {
  if (!Number.isInteger(pivots) || pivots < 1)
    throw new RangeError(`pivots must be a positive integer; got ${pivots}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1); got ${confidence}`);
  const given = compress(adjacency);
  // Drawn from the nodes as given, so that a seed names the same sources whatever order they are
  // searched in; searched in the graph relabelled for locality.
  const candidates: number[] = [];
  for (let v = 0; v < given.nodeCount; v++) if (given.offsets[v] !== given.offsets[v + 1]) candidates.push(v);
  const drawn = Math.min(pivots, candidates.length);
  const random = seededRandom(seed);
  // A partial Fisher–Yates shuffle: the first `drawn` places hold distinct, uniformly drawn nodes.
  for (let i = 0; i < drawn; i++) {
    const j = i + Math.floor(random() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j] as number, candidates[i] as number];
  }
  const { graph, newOf } = inVisitOrder(given);
  const search = new DependencySearch(graph);
  const weight = candidates.length / Math.max(drawn, 1);
  for (let i = 0; i < drawn; i++) search.from(newOf[candidates[i] as number] as number, weight, null);
  const range = (candidates.length * Math.max(graph.nodeCount - 2, 0)) / 2;
  const errorBound =
    drawn === candidates.length ? 0 : range * Math.sqrt(Math.log(2 / (1 - confidence)) / (2 * drawn));
  return { scores: search.scores(newOf), errorBound };
}

/** One breadth-first search at a time, adding each source's dependencies into the scores. */
class DependencySearch {
  private readonly centrality: Float64Array;
  private readonly distance: Int32Array;
  private readonly paths: Float64Array; // shortest paths from the source (σ), as floats: they can be huge
  private readonly dependency: Float64Array; // δ
  private readonly order: Int32Array; // the BFS queue, which is also the order of non-decreasing distance

  constructor(private readonly graph: CompressedGraph) {
    const n = graph.nodeCount;
    this.centrality = new Float64Array(n);
    this.distance = new Int32Array(n).fill(-1);
    this.paths = new Float64Array(n);
    this.dependency = new Float64Array(n);
    this.order = new Int32Array(n);
  }

  /**
   * Adds `weight` times every node's dependency on `source` to its score, except to the nodes that
   * `classOf` puts in the source's class. (An array, not a predicate: a call per node per search
   * would cost more than the search.)
   */
  from(source: number, weight: number, classOf: Int32Array | null): void {
    const { offsets, targets } = this.graph;
    const { centrality, distance, paths, dependency, order } = this;
    let head = 0;
    let tail = 0;
    order[tail++] = source;
    distance[source] = 0;
    paths[source] = 1;
    while (head < tail) {
      const v = order[head++] as number;
      const nextDistance = (distance[v] as number) + 1;
      for (let i = offsets[v] as number, end = offsets[v + 1] as number; i < end; i++) {
        const w = targets[i] as number;
        if (distance[w] === -1) {
          distance[w] = nextDistance;
          order[tail++] = w;
        }
        if (distance[w] === nextDistance) paths[w] = (paths[w] as number) + (paths[v] as number);
      }
    }
    // Back from the farthest nodes: each passes its dependency on to its predecessors, adds it to
    // its score, and is reset for the next search (nothing reads a node's distance once it has
    // passed its dependency on: only nodes one step closer to the source are looked up).
    for (let k = tail - 1; k > 0; k--) {
      const w = order[k] as number;
      const previousDistance = (distance[w] as number) - 1;
      const carried = (1 + (dependency[w] as number)) / (paths[w] as number);
      for (let i = offsets[w] as number, end = offsets[w + 1] as number; i < end; i++) {
        const v = targets[i] as number;
        if (distance[v] === previousDistance)
          dependency[v] = (dependency[v] as number) + (paths[v] as number) * carried;
      }
      if (classOf === null || classOf[w] !== source)
        centrality[w] = (centrality[w] as number) + weight * (dependency[w] as number);
      distance[w] = -1;
      paths[w] = 0;
      dependency[w] = 0;
    }
    distance[source] = -1;
    paths[source] = 0;
    dependency[source] = 0;
  }

  /** The scores of the nodes as given (`newOf` their labels here): every pair was counted from each end. */
  scores(newOf: Int32Array): number[] {
    return Array.from(newOf, (label) => (this.centrality[label] as number) / 2);
  }
}

/**
 * The graph relabelled in breadth-first order, from the node of highest degree, component by
 * component (largest degree first, ties by label): nodes a search reaches together then sit
 * together in memory. The arrays of a search over half a million nodes do not fit a core's cache;
 * in this order one sampled search at a hundred times the CNCF graph took half the time.
 * `newOf[v]` is the new label of node v.
 */
export function inVisitOrder({ nodeCount: n, offsets, targets }: CompressedGraph): {
  graph: CompressedGraph;
  newOf: Int32Array;
} {
  const degree = (v: number) => (offsets[v + 1] as number) - (offsets[v] as number);
  const starts = Array.from({ length: n }, (_, v) => v).sort((a, b) => degree(b) - degree(a) || a - b);
  const newOf = new Int32Array(n).fill(-1);
  const oldOf = new Int32Array(n);
  let labelled = 0;
  for (const start of starts) {
    if (newOf[start] !== -1) continue;
    newOf[start] = labelled;
    oldOf[labelled++] = start;
    for (let head = labelled - 1; head < labelled; head++) {
      const v = oldOf[head] as number;
      for (let i = offsets[v] as number, end = offsets[v + 1] as number; i < end; i++) {
        const w = targets[i] as number;
        if (newOf[w] === -1) {
          newOf[w] = labelled;
          oldOf[labelled++] = w;
        }
      }
    }
  }
  const newOffsets = new Int32Array(n + 1);
  const newTargets = new Int32Array(targets.length);
  for (let label = 0; label < n; label++) {
    const v = oldOf[label] as number;
    const from = offsets[v] as number;
    const to = offsets[v + 1] as number;
    const at = newOffsets[label] as number;
    newOffsets[label + 1] = at + (to - from);
    for (let i = from; i < to; i++) newTargets[at + i - from] = newOf[targets[i] as number] as number;
    newTargets.subarray(at, at + (to - from)).sort();
  }
  return { graph: { nodeCount: n, offsets: newOffsets, targets: newTargets }, newOf };
}

/**
 * Nodes grouped by their neighbour lists (sorted, as `compress` keeps them): each node's class is
 * named by its first node, and `size` holds each class's number of nodes at that first node.
 */
function twinClasses({ nodeCount: n, offsets, targets }: CompressedGraph): {
  classOf: Int32Array;
  size: Int32Array;
} {
  const classOf = new Int32Array(n);
  const size = new Int32Array(n);
  const first = new Map<string, number>();
  for (let v = 0; v < n; v++) {
    const key = targets.subarray(offsets[v] as number, offsets[v + 1] as number).join(',');
    const named = first.get(key);
    if (named === undefined) first.set(key, v);
    const id = named ?? v;
    classOf[v] = id;
    size[id] = (size[id] as number) + 1;
  }
  return { classOf, size };
}
