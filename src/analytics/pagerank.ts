import { compress, type Graph } from './adjacency.ts';

export interface PageRankOptions {
  /** The chance of following an edge rather than jumping to a random node. */
  damping?: number;
  /** Stop once the scores move less than this in total (L1 norm) from one iteration to the next. */
  tolerance?: number;
  /** Give up after this many iterations, unconverged (`converged: false`). */
  maxIterations?: number;
}

/**
 * The scores are stored and shown to 10 significant digits (rank.ts), so they have to be right to
 * about 1e-11 relative. On the real projection (5,546 nodes, pinned files) an L1 change below 1e-9
 * (122 iterations) still left 2,622 scores differing in their tenth digit from the fixed point;
 * below 1e-12 none did, with every score within 1.1e-12 relative of it. 1e-13 keeps a margin (178
 * iterations, about 25 ms) and stays well above where rounding stops the change shrinking (about
 * 5e-16 on that graph).
 */
export const PAGERANK_TOLERANCE = 1e-13;

/**
 * The error shrinks by the damping (0.85) or faster each iteration, so from any start the L1
 * change reaches 1e-13 within about 190 iterations whatever the graph; the cap is only a guard
 * against rounding keeping the change above the tolerance, which would then be reported.
 */
export const PAGERANK_MAX_ITERATIONS = 1_000;

export interface PageRankResult {
  /** One score per node; they sum to 1. */
  scores: number[];
  iterations: number;
  converged: boolean;
  /** The L1 change of the last iteration. */
  change: number;
}

/**
 * PageRank by power iteration over an undirected graph (each edge is a link both ways). A node with
 * no neighbours (a landscape project nobody in the data maintains) would leak its score, so its
 * score is spread evenly over every node instead, which keeps the total at 1.
 */
export function pageRank(adjacency: Graph, options: PageRankOptions = {}): PageRankResult {
  const damping = options.damping ?? 0.85;
  const tolerance = options.tolerance ?? PAGERANK_TOLERANCE;
  const maxIterations = options.maxIterations ?? PAGERANK_MAX_ITERATIONS;
  const { nodeCount: n, offsets, targets } = compress(adjacency);
  if (n === 0) return { scores: [], iterations: 0, converged: true, change: 0 };

  let rank = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  let iterations = 0;
  let change = Number.POSITIVE_INFINITY;
  while (iterations < maxIterations && change >= tolerance) {
    let dangling = 0;
    for (let v = 0; v < n; v++) if (offsets[v] === offsets[v + 1]) dangling += rank[v] as number;
    next.fill((1 - damping) / n + (damping * dangling) / n);
    for (let v = 0; v < n; v++) {
      const start = offsets[v] as number;
      const end = offsets[v + 1] as number;
      if (start === end) continue;
      const share = (damping * (rank[v] as number)) / (end - start);
      for (let i = start; i < end; i++) {
        const w = targets[i] as number;
        next[w] = (next[w] as number) + share;
      }
    }
    change = 0;
    for (let v = 0; v < n; v++) change += Math.abs((next[v] as number) - (rank[v] as number));
    [rank, next] = [next, rank];
    iterations += 1;
  }
  return { scores: Array.from(rank), iterations, converged: change < tolerance, change };
}
