/**
 * The worker thread of rank-thread.ts: sorts and fingerprints each projection it is sent, ranks it
 * unless it is the one already ranked, and posts the result back. Imported by the bootstrap of
 * worker-thread.ts once the TypeScript loader is registered, so it runs the very algorithms the tests
 * check.
 */
import { serveOnThisThread } from '../worker-thread.ts';
import { edgeCount } from './adjacency.ts';
import { unpackProjection } from './packing.ts';
import { type RankingStep, rankProjection, settleProjection } from './projection.ts';
import type { RankRequest, WorkerAnswer } from './rank-thread.ts';

// Rankings are background work (nice 10): the thread that answers requests should win the cores.
serveOnThisThread<RankRequest, WorkerAnswer>(
  ({ projection, options }) => {
    const ms: Record<RankingStep, number> = { degree: 0, pagerank: 0, betweenness: 0 };
    const settled = settleProjection(unpackProjection(projection));
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
    if (ranked === null)
      return { answer: { digest: settled.digest, edges: edgeCount(settled.graph), ranked, order: null, ms } };
    const { ids: _ids, ...columns } = ranked;
    return {
      answer: {
        digest: settled.digest,
        edges: edgeCount(settled.graph),
        ranked: columns,
        order: settled.order,
        ms,
      },
      // Moved to the main thread rather than copied there.
      transfer: [settled.order, ...Object.values(ranked.columns)].map((array) => array.buffer as ArrayBuffer),
    };
  },
  { nice: 10 },
);
