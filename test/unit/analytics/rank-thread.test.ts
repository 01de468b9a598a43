import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  type ProjectionColumns,
  type ProjectionEdgeRecord,
  type ProjectionNodeRecord,
  projectionColumns,
  rankProjection,
  settleProjection,
} from '../../../src/analytics/projection.ts';
import { rankOffThread } from '../../../src/analytics/rank-thread.ts';

/** A seeded random projection: `n` nodes of the three kinds and `m` pairs among them. */
function randomProjection(
  n: number,
  m: number,
  seed: number,
): { nodes: ProjectionNodeRecord[]; edges: ProjectionEdgeRecord[] } {
  let state = seed;
  const next = () => {
    // A 32-bit linear congruential generator: the same graph on every run.
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const kinds = ['Person', 'Project', 'Organization'] as const;
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `node:${String(i).padStart(6, '0')}`,
    kind: kinds[i % 3] as (typeof kinds)[number],
  }));
  const edges: ProjectionEdgeRecord[] = [];
  for (let k = 0; k < m; k++) {
    const [a, b] = [Math.floor(next() * n), Math.floor(next() * n)].sort((x, y) => x - y) as [number, number];
    if (a !== b)
      edges.push({ a: (nodes[a] as ProjectionNodeRecord).id, b: (nodes[b] as ProjectionNodeRecord).id });
  }
  return { nodes, edges };
}

/** Ranks nodes and pairs on the worker, sent as rankings.ts sends what it reads. */
const rankThere = (
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
  options?: Parameters<typeof rankOffThread>[1],
) => rankOffThread(projectionColumns(nodes, edges), options);

describe('settleProjection', () => {
  it('fingerprints the nodes and then the distinct pairs, each list in code unit order of the ids', () => {
    const { nodes, edges } = randomProjection(300, 600, 17);
    const settled = settleProjection(projectionColumns([...nodes].reverse(), [...edges, ...edges].reverse()));
    // The digest's text, written out the slow way: stored digests were made from it, so an unchanged
    // projection keeps its stored scores across versions of this code.
    const pairs = [...new Set(edges.map((edge) => `${edge.a}\u0000${edge.b}\n`))].sort();
    const text = `${nodes.map((node) => `${node.id}\u0000${node.kind}\n`).join('')}\u0001${pairs.join('')}`;
    expect(settled.digest).toBe(createHash('sha256').update(text).digest('hex'));
    expect(settled.nodes).toEqual(nodes);
    expect(settled.graph.targets.length / 2).toBe(pairs.length);
  });
});

describe('rankOffThread', () => {
  it('gives exactly what ranking on this thread gives', async () => {
    const { nodes, edges } = randomProjection(600, 1_200, 7);
    const { ranked } = await rankThere(nodes, edges);
    expect(ranked).toEqual(rankProjection(nodes, edges));
  });

  it('passes the PageRank options on', async () => {
    const { nodes, edges } = randomProjection(200, 400, 11);
    const { ranked } = await rankThere(nodes, edges, { pagerank: { maxIterations: 3 } });
    expect(ranked?.pagerankIterations).toBe(3);
    expect(ranked?.pagerankConverged).toBe(false);
  });

  it('fingerprints the projection whatever the order its pairs come in, and keeps a known one unranked', async () => {
    const { nodes, edges } = randomProjection(300, 600, 13);
    const first = await rankThere(nodes, edges);
    // Reversed, with every pair twice and the nodes shuffled: the same projection.
    const again = await rankThere([...nodes].reverse(), [...edges, ...edges].reverse(), {
      keepIfDigest: first.digest,
    });
    expect(again).toMatchObject({ digest: first.digest, edges: first.edges, ranked: null });
    expect(first.edges).toBe(new Set(edges.map((edge) => `${edge.a} ${edge.b}`)).size);
    // One pair less is another projection, ranked again.
    const changed = await rankThere(nodes, edges.slice(1), { keepIfDigest: first.digest });
    expect(changed.digest).not.toBe(first.digest);
    expect(changed.ranked).not.toBeNull();
  });

  it('leaves the event loop free while betweenness runs', async () => {
    // Large enough that betweenness holds a core for a good part of a second.
    const { nodes, edges } = randomProjection(3_000, 6_000, 3);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const { ms } = await rankThere(nodes, edges);
    delay.disable();
    expect(ms.betweenness).toBeGreaterThan(150);
    // On this thread the loop would have waited for the whole computation at once.
    expect(delay.max / 1e6).toBeLessThan(ms.betweenness);
  });

  it('ranks on a thread of lower priority than the one answering requests', async () => {
    // Linux keeps a nice value per thread; the worker lowers its own and stays for the next ranking.
    const niceOfThreads = () =>
      readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    const { nodes, edges } = randomProjection(60, 120, 5);
    await rankThere(nodes, edges);
    expect(getPriority()).toBe(0);
    expect(niceOfThreads().filter((nice) => nice > getPriority())).toEqual([10]);
  });

  it('answers rankings asked at once, each with its own projection', async () => {
    const projections = [
      randomProjection(300, 500, 21),
      randomProjection(150, 400, 22),
      randomProjection(80, 90, 23),
    ];
    const answers = await Promise.all(projections.map(({ nodes, edges }) => rankThere(nodes, edges)));
    answers.forEach(({ ranked }, i) => {
      const { nodes, edges } = projections[i] as (typeof projections)[number];
      expect(ranked).toEqual(rankProjection(nodes, edges));
    });
  });

  it('rejects, naming the cause, when the ranking fails', async () => {
    // Counts that promise more joined ids than the projection holds: the worker cannot unpack it.
    const broken: ProjectionColumns = {
      ids: ['node:a'],
      kinds: ['Person'],
      joinedCounts: Int32Array.of(2),
      joined: ['node:b'],
    };
    await expect(rankOffThread(broken)).rejects.toThrow(
      /ranking failed: 1 strings packed where 2 were counted/,
    );
    // The worker goes on answering.
    const { nodes: more, edges } = randomProjection(50, 60, 24);
    expect((await rankThere(more, edges)).ranked).toEqual(rankProjection(more, edges));
  });
});
