import { describe, expect, it } from 'vitest';
import { compress, compressPairs, edgeCount, undirectedAdjacency } from '../../../src/analytics/adjacency.ts';
import {
  betweenness,
  betweennessCentrality,
  sampledBetweenness,
} from '../../../src/analytics/betweenness.ts';
import { degrees } from '../../../src/analytics/degree.ts';
import { PAGERANK_TOLERANCE, pageRank } from '../../../src/analytics/pagerank.ts';
import { roundScore } from '../../../src/analytics/rank.ts';

// Small graphs whose answers are worked out by hand in the comments.
const star = undirectedAdjacency(4, [
  [0, 1],
  [0, 2],
  [0, 3],
]); // centre 0, leaves 1, 2, 3
const path = undirectedAdjacency(5, [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
]);
const triangle = undirectedAdjacency(3, [
  [0, 1],
  [1, 2],
  [2, 0],
]);
// Two components: a path 0–1–2 and a triangle 3–4–5, and an isolated node 6.
const twoComponents = undirectedAdjacency(7, [
  [0, 1],
  [1, 2],
  [3, 4],
  [4, 5],
  [5, 3],
]);
const square = undirectedAdjacency(4, [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 0],
]);

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('undirectedAdjacency', () => {
  it('collapses repeated and reversed edges into one, drops self-loops and sorts neighbours', () => {
    const adjacency = undirectedAdjacency(3, [
      [2, 0],
      [0, 2],
      [0, 2],
      [1, 1],
      [1, 0],
    ]);
    expect(adjacency).toEqual([[1, 2], [0], [0]]);
    expect(edgeCount(adjacency)).toBe(2);
  });

  it('refuses an edge to a node that does not exist', () => {
    expect(() => undirectedAdjacency(2, [[0, 2]])).toThrow(RangeError);
  });

  it('compresses to offsets and targets', () => {
    const { offsets, targets } = compress(star);
    expect(Array.from(offsets)).toEqual([0, 3, 4, 5, 6]);
    expect(Array.from(targets)).toEqual([1, 2, 3, 0, 0, 0]);
  });
});

describe('compressPairs', () => {
  it('builds what compressing undirectedAdjacency builds, from pairs in any order, repeated or reversed', () => {
    for (const seed of [1, 2, 3]) {
      let state = seed;
      const next = () => {
        state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
        return Math.floor((state / 2 ** 32) * 50);
      };
      // 300 pairs over 50 nodes: many repeats, some self-loops, some isolated nodes likely.
      const pairs = Array.from({ length: 300 }, () => [next(), next()] as [number, number]);
      const compressed = compressPairs(50, Int32Array.from(pairs.flat()));
      const expected = compress(undirectedAdjacency(50, pairs));
      expect(Array.from(compressed.offsets)).toEqual(Array.from(expected.offsets));
      expect(Array.from(compressed.targets)).toEqual(Array.from(expected.targets));
      expect(degrees(compressed)).toEqual(degrees(undirectedAdjacency(50, pairs)));
    }
  });

  it('refuses a pair naming a node that does not exist', () => {
    expect(() => compressPairs(2, Int32Array.from([0, 2]))).toThrow(RangeError);
  });

  it('gives the algorithms the same answers as the list it compresses', () => {
    const list = randomGraph(80, 160, 5);
    const pairs = list.flatMap((neighbours, v) => neighbours.map((w) => [v, w]));
    const compressed = compressPairs(80, Int32Array.from(pairs.flat()));
    expect(betweenness(compressed)).toEqual(betweenness(list));
    expect(pageRank(compressed)).toEqual(pageRank(list));
    expect(edgeCount(compressed)).toBe(edgeCount(list));
  });
});

describe('degrees', () => {
  it('counts distinct neighbours', () => {
    expect(degrees(star)).toEqual([3, 1, 1, 1]);
    expect(degrees(path)).toEqual([1, 2, 2, 2, 1]);
    expect(degrees(triangle)).toEqual([2, 2, 2]);
    expect(degrees(twoComponents)).toEqual([1, 2, 1, 2, 2, 2, 0]);
  });

  it('counts a neighbour listed twice once and ignores a self-loop in a hand-written list', () => {
    expect(degrees([[1, 1, 0], [0]])).toEqual([1, 1]);
  });
});

describe('pageRank', () => {
  it('gives a star’s centre c and leaves l with c = 0.15/4 + 0.85 · 3l and l = 0.15/4 + 0.85 · c/3', () => {
    // With c + 3l = 1: 1.85c = 1 - 0.1125, so c = 0.8875 / 1.85 and l = (1 - c) / 3.
    const { scores } = pageRank(star);
    const centre = 0.8875 / 1.85;
    expect(scores[0]).toBeCloseTo(centre, 6);
    for (const leaf of [1, 2, 3]) expect(scores[leaf]).toBeCloseTo((1 - centre) / 3, 6);
  });

  it('gives a path of three (a star with two leaves) its middle 0.9 / 1.85', () => {
    const { scores } = pageRank(
      undirectedAdjacency(3, [
        [0, 1],
        [1, 2],
      ]),
    );
    expect(scores[1]).toBeCloseTo(0.9 / 1.85, 6);
    expect(scores[0]).toBeCloseTo((1 - 0.9 / 1.85) / 2, 6);
    expect(scores[2]).toBe(scores[0]);
  });

  it('iterates a bipartite graph to the tolerance, however slowly: past the 100 iterations it once stopped at', () => {
    // A star or a path is bipartite: the walk alternates sides, and the damping alone damps that,
    // so the change shrinks only by 0.85 an iteration. The real projection is nearly bipartite
    // (people on one side), and at 100 iterations its change was still 3.5e-8.
    const result = pageRank(star);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeGreaterThan(100);
    expect(result.change).toBeLessThan(PAGERANK_TOLERANCE);
  });

  // Graphs whose PageRank is known in closed form, checked to the 10 significant digits the API
  // shows (Ranking.score): what the scores are rounded to has to be what they are.
  const sameTo10Digits = (actual: number[], expected: number[]) =>
    expect(actual.map(roundScore)).toEqual(expected.map(roundScore));

  it('gives every node of a cycle or a complete graph 1/n, converged', () => {
    const ring = (n: number) =>
      undirectedAdjacency(
        n,
        Array.from({ length: n }, (_, v) => [v, (v + 1) % n] as [number, number]),
      );
    const complete = (n: number) =>
      undirectedAdjacency(
        n,
        Array.from({ length: n }, (_, a) =>
          Array.from({ length: a }, (_, b) => [a, b] as [number, number]),
        ).flat(),
      );
    for (const [adjacency, n] of [
      [ring(6), 6],
      [ring(7), 7],
      [complete(5), 5],
      [complete(12), 12],
    ] as const) {
      const result = pageRank(adjacency);
      expect(result.converged).toBe(true);
      for (const score of result.scores) expect(score).toBeCloseTo(1 / n, 15);
    }
  });

  it('gives a star of 10 leaves its closed-form centre (1 + 0.85 · 10) / (11 · 1.85) to 10 significant digits', () => {
    // c = 0.15/n + 0.85 · k·l and l = 0.15/n + 0.85 · c/k with n = k + 1 give
    // c = (1 + 0.85k) / (n · 1.85), and l = (1 - c) / k.
    const k = 10;
    const leaves = Array.from({ length: k }, (_, leaf) => [0, leaf + 1] as [number, number]);
    const result = pageRank(undirectedAdjacency(k + 1, leaves));
    const centre = (1 + 0.85 * k) / ((k + 1) * 1.85);
    expect(result.converged).toBe(true);
    sameTo10Digits(result.scores, [centre, ...Array<number>(k).fill((1 - centre) / k)]);
  });

  it('gives a star beside an isolated node the closed form of the dangling-node rule, to 10 significant digits', () => {
    // n = k + 2 nodes. The isolated node i has no edge, so its score is spread over all n nodes:
    // every node gets b = 0.15/n + 0.85 · i/n, and i = b gives i = 0.15 / (n - 0.85). Then
    // c = b + 0.85 · k·l and l = b + 0.85 · c/k give c = b(1 + 0.85k) / (1 - 0.85²).
    const k = 5;
    const n = k + 2;
    const leaves = Array.from({ length: k }, (_, leaf) => [0, leaf + 1] as [number, number]);
    const result = pageRank(undirectedAdjacency(n, leaves));
    const isolated = 0.15 / (n - 0.85);
    const base = 0.15 / n + (0.85 * isolated) / n;
    const centre = (base * (1 + 0.85 * k)) / (1 - 0.85 ** 2);
    const leaf = base + (0.85 * centre) / k;
    expect(result.converged).toBe(true);
    expect(centre + k * leaf + isolated).toBeCloseTo(1, 14);
    sameTo10Digits(result.scores, [centre, ...Array<number>(k).fill(leaf), isolated]);
  });

  it('gives every node of a triangle a third, at once', () => {
    const { scores, iterations } = pageRank(triangle);
    for (const score of scores) expect(score).toBeCloseTo(1 / 3, 12);
    expect(iterations).toBe(1);
  });

  it('spreads an isolated node’s score evenly: with a triangle beside it, it keeps 1/21', () => {
    // i = 0.15/4 + 0.85 · i/4, so i = 0.0375 / 0.7875 = 1/21; each triangle node (1 - 1/21) / 3 = 20/63.
    const adjacency = undirectedAdjacency(4, [
      [0, 1],
      [1, 2],
      [2, 0],
    ]);
    const { scores } = pageRank(adjacency);
    expect(scores[3]).toBeCloseTo(1 / 21, 8);
    for (const node of [0, 1, 2]) expect(scores[node]).toBeCloseTo(20 / 63, 8);
  });

  it('sums to 1 on every graph, including one with two components and an isolated node', () => {
    for (const adjacency of [star, path, triangle, twoComponents, square, randomGraph(200, 400, 7)]) {
      expect(sum(pageRank(adjacency).scores)).toBeCloseTo(1, 10);
    }
  });

  it('stops once the L1 change is below 1e-9, at a fixed point of the PageRank equations', () => {
    // A triangle 0–1–2 with a tail 2–3 is not bipartite, so the iteration settles quickly.
    const paw = undirectedAdjacency(4, [
      [0, 1],
      [1, 2],
      [2, 0],
      [2, 3],
    ]);
    const { scores, converged, iterations, change } = pageRank(paw);
    expect(converged).toBe(true);
    expect(iterations).toBeLessThan(100);
    expect(change).toBeLessThan(1e-9);
    const [a, b, c, l] = scores as [number, number, number, number];
    expect(a).toBeCloseTo(0.0375 + 0.85 * (b / 2 + c / 3), 9);
    expect(c).toBeCloseTo(0.0375 + 0.85 * (a / 2 + b / 2 + l), 9);
    expect(l).toBeCloseTo(0.0375 + 0.85 * (c / 3), 9);
  });

  it('stops after the iteration cap, and gives nothing for no nodes', () => {
    const capped = pageRank(path, { maxIterations: 3 });
    expect(capped.iterations).toBe(3);
    expect(capped.converged).toBe(false);
    expect(capped.change).toBeGreaterThan(PAGERANK_TOLERANCE);
    expect(pageRank([])).toEqual({ scores: [], iterations: 0, converged: true, change: 0 });
  });
});

describe('betweenness', () => {
  it('gives a star’s centre every pair of leaves: 3 of them', () => {
    expect(betweenness(star)).toEqual([3, 0, 0, 0]);
  });

  it('gives a path’s nodes the pairs on either side: 1·3, 2·2, 3·1', () => {
    expect(betweenness(path)).toEqual([0, 3, 4, 3, 0]);
  });

  it('gives a triangle nothing: every pair is adjacent', () => {
    expect(betweenness(triangle)).toEqual([0, 0, 0]);
  });

  it('counts pairs within a component only', () => {
    expect(betweenness(twoComponents)).toEqual([0, 1, 0, 0, 0, 0, 0]);
  });

  it('splits a pair between its shortest paths: a square’s opposite corners give each other node 1/2', () => {
    expect(betweenness(square)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('agrees with counting shortest paths pair by pair on random graphs', () => {
    for (const seed of [1, 2, 3]) {
      const adjacency = randomGraph(40, 70, seed);
      const expected = bruteForceBetweenness(adjacency);
      betweenness(adjacency).forEach((value, node) => {
        expect(value).toBeCloseTo(expected[node] as number, 9);
      });
    }
  });

  it('agrees with counting pair by pair where many nodes share their neighbours, as maintainers do', () => {
    // Random cores with twins hung on them: leaves of one node, and nodes joined to the same two
    // nodes (people maintaining one project for one company), some classes of one member.
    for (const seed of [4, 5, 6]) {
      const core = randomGraph(25, 40, seed);
      const pairs: [number, number][] = core.flatMap((neighbours, v) =>
        neighbours.map((w) => [v, w] as [number, number]),
      );
      let next = core.length;
      for (let anchor = 0; anchor < 6; anchor++) {
        for (let twin = 0; twin < anchor % 4; twin++) pairs.push([anchor, next++]);
        for (let twin = 0; twin <= anchor % 3; twin++) {
          pairs.push([anchor, next], [(anchor * 7 + seed) % core.length, next]);
          next++;
        }
      }
      const adjacency = undirectedAdjacency(next, pairs);
      const expected = bruteForceBetweenness(adjacency);
      betweenness(adjacency).forEach((value, node) => {
        expect(value).toBeCloseTo(expected[node] as number, 9);
      });
    }
  });
});

describe('sampled betweenness', () => {
  const graph = randomGraph(300, 600, 7);
  const exact = betweenness(graph);
  const connected = graph.filter((neighbours) => neighbours.length > 0).length;

  it('is the exact betweenness, with no error, when every node with an edge is a pivot', () => {
    const { scores, errorBound } = sampledBetweenness(graph, connected, 1, 0.95);
    scores.forEach((value, node) => {
      expect(value).toBeCloseTo(exact[node] as number, 6);
    });
    expect(errorBound).toBe(0);
  });

  it('gives the same scores for the same seed, and others for another seed', () => {
    const first = sampledBetweenness(graph, 30, 11, 0.95).scores;
    expect(sampledBetweenness(graph, 30, 11, 0.95).scores).toEqual(first);
    expect(sampledBetweenness(graph, 30, 12, 0.95).scores).not.toEqual(first);
  });

  it('is unbiased: averaged over many seeds, the estimates approach the exact scores', () => {
    const seeds = 400;
    const mean = exact.map(() => 0);
    for (let seed = 1; seed <= seeds; seed++) {
      sampledBetweenness(graph, 20, seed, 0.95).scores.forEach((value, node) => {
        mean[node] = (mean[node] as number) + value / seeds;
      });
    }
    const total = exact.reduce((sum, value) => sum + value, 0);
    const error = mean.reduce((sum, value, node) => sum + Math.abs(value - (exact[node] as number)), 0);
    // One draw of 20 pivots is off by almost half in total (0.45 when measured); the mean of 400 by 3 %.
    expect(error / total).toBeLessThan(0.06);
  });

  it('keeps each score within the stated bound (Hoeffding) for all but a few nodes at 95 %', () => {
    for (const seed of [1, 2, 3]) {
      const { scores, errorBound } = sampledBetweenness(graph, 40, seed, 0.95);
      const rangeOfOne = (connected * (graph.length - 2)) / 2;
      expect(errorBound).toBeCloseTo(rangeOfOne * Math.sqrt(Math.log(2 / 0.05) / (2 * 40)), 6);
      const outside = scores.filter((value, node) => Math.abs(value - (exact[node] as number)) > errorBound);
      expect(outside.length / scores.length).toBeLessThanOrEqual(0.05);
    }
  });

  it('refuses pivots that are not a positive integer and a confidence outside (0, 1)', () => {
    expect(() => sampledBetweenness(graph, 0, 1, 0.95)).toThrow(/pivots/);
    expect(() => sampledBetweenness(graph, 2.5, 1, 0.95)).toThrow(/pivots/);
    expect(() => sampledBetweenness(graph, 10, 1, 1)).toThrow(/confidence/);
  });

  it('is chosen above `exactUpTo` nodes with an edge, and says so with its pivots, seed and bound', () => {
    expect(betweennessCentrality(graph, { exactUpTo: connected })).toEqual({
      scores: exact,
      method: { exact: true },
    });
    const sampled = betweennessCentrality(graph, { exactUpTo: connected - 1, pivots: 50, seed: 3 });
    expect(sampled.method).toEqual({
      exact: false,
      pivots: 50,
      seed: 3,
      confidence: 0.95,
      errorBound: sampledBetweenness(graph, 50, 3, 0.95).errorBound,
    });
    expect(sampled.scores).toEqual(sampledBetweenness(graph, 50, 3, 0.95).scores);
  });
});

/** A reproducible random graph (a linear congruential generator; Math.random has no seed). */
function randomGraph(nodes: number, edges: number, seed: number): number[][] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pairs: [number, number][] = [];
  for (let k = 0; k < edges; k++) pairs.push([Math.floor(next() * nodes), Math.floor(next() * nodes)]);
  return undirectedAdjacency(nodes, pairs);
}

/** Breadth-first distances and shortest-path counts from one node. */
function shortestPaths(adjacency: number[][], source: number): { distance: number[]; paths: number[] } {
  const distance = adjacency.map(() => -1);
  const paths = adjacency.map(() => 0);
  distance[source] = 0;
  paths[source] = 1;
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number;
    for (const w of adjacency[v] ?? []) {
      if (distance[w] === -1) {
        distance[w] = (distance[v] as number) + 1;
        queue.push(w);
      }
      if (distance[w] === (distance[v] as number) + 1) paths[w] = (paths[w] as number) + (paths[v] as number);
    }
  }
  return { distance, paths };
}

/** The definition: for each pair {s, t} and each other v on a shortest s–t path, σ(s,v)·σ(v,t)/σ(s,t). */
function bruteForceBetweenness(adjacency: number[][]): number[] {
  const from = adjacency.map((_, node) => shortestPaths(adjacency, node));
  const result = adjacency.map(() => 0);
  for (let s = 0; s < adjacency.length; s++) {
    for (let t = s + 1; t < adjacency.length; t++) {
      const fromS = from[s] as { distance: number[]; paths: number[] };
      const fromT = from[t] as { distance: number[]; paths: number[] };
      const st = fromS.distance[t] as number;
      if (st <= 0) continue;
      for (let v = 0; v < adjacency.length; v++) {
        if (v === s || v === t) continue;
        const sv = fromS.distance[v] as number;
        const vt = fromT.distance[v] as number;
        if (sv > 0 && vt > 0 && sv + vt === st) {
          result[v] =
            (result[v] as number) +
            ((fromS.paths[v] as number) * (fromT.paths[v] as number)) / (fromS.paths[t] as number);
        }
      }
    }
  }
  return result;
}
