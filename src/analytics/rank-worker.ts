/**
 * The worker thread of rank-thread.ts: sorts and fingerprints each projection it is sent, ranks it
 * unless it is the one already ranked, and posts the result back. Imported by the bootstrap of
 * worker-thread.ts once the TypeScript loader is registered, so it runs the very algorithms the tests
 * check.
 */
import { serveOnThisThread } from '../worker-thread.ts';
import { edgeCount } from './adjacency.ts';
import { type RankingStep, rankProjection, settleProjection } from './projection.ts';
import type { RankAnswer, RankRequest } from './rank-thread.ts';

// Rankings are background work (nice 10): the thread that answers requests should win the cores.
serveOnThisThread<RankRequest, RankAnswer>(
  ({ projection, options }) => {
    const ms: Record<RankingStep, number> = { degree: 0, pagerank: 0, betweenness: 0 };
    const settled = settleProjection(projection);
    const unchanged = options.keepIfDigest !== undefined && options.keepIfDigest === settled.digest;
    const ranked = unchanged
      ? null
      : rankProjection(
          settled.nodes,
          settled.graph,
          (step, took) => {
            ms[step] = took;
          },
          options,
        );
    return {
      answer: { digest: settled.digest, edges: edgeCount(settled.graph), ranked, ms },
      // The columns move to the main thread rather than being copied there.
      transfer: ranked ? Object.values(ranked.columns).map((column) => column.buffer as ArrayBuffer) : [],
    };
  },
  { nice: 10 },
);
