/**
 * The worker thread of rank-thread.ts: ranks each projection it is sent and posts the result back.
 * Imported by the bootstrap of worker-thread.ts once the TypeScript loader is registered, so it runs
 * the very algorithms the tests check.
 */
import { serveOnThisThread } from '../worker-thread.ts';
import { type RankingStep, rankProjection } from './projection.ts';
import type { RankAnswer, RankRequest } from './rank-thread.ts';

// Rankings are background work (nice 10): the thread that answers requests should win the cores.
serveOnThisThread<RankRequest, RankAnswer>(
  ({ nodes, edges, options }) => {
    const ms: Record<RankingStep, number> = { degree: 0, pagerank: 0, betweenness: 0 };
    const ranked = rankProjection(
      nodes,
      edges,
      (step, took) => {
        ms[step] = took;
      },
      options,
    );
    return { answer: { ranked, ms } };
  },
  { nice: 10 },
);
