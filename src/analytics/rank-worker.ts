/**
 * The worker thread of rank-thread.ts: sorts and fingerprints each projection it is sent, ranks it
 * unless it is the one already ranked, and posts the result back. Imported by the bootstrap of
 * worker-thread.ts once the TypeScript loader is registered, so it runs the very algorithms the tests
 * check.
 */
import { serveOnThisThread } from '../worker-thread.ts';
import { type RankingStep, rankProjection, settleProjection } from './projection.ts';
import type { RankAnswer, RankRequest } from './rank-thread.ts';

// Rankings are background work (nice 10): the thread that answers requests should win the cores.
serveOnThisThread<RankRequest, RankAnswer>(
  ({ nodes, edges, options }) => {
    const ms: Record<RankingStep, number> = { degree: 0, pagerank: 0, betweenness: 0 };
    const settled = settleProjection(nodes, edges);
    const unchanged = options.keepIfDigest !== undefined && options.keepIfDigest === settled.digest;
    const ranked = unchanged
      ? null
      : rankProjection(
          settled.nodes,
          settled.edges,
          (step, took) => {
            ms[step] = took;
          },
          options,
        );
    return { answer: { digest: settled.digest, edges: settled.edges.length, ranked, ms } };
  },
  { nice: 10 },
);
