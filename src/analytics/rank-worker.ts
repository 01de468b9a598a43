/**
 * The worker thread of rank-thread.ts: ranks each projection it is sent and posts the result back.
 * Imported by the bootstrap there once the TypeScript loader is registered, so it runs the very
 * algorithms the tests check.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type RankingStep, rankProjection } from './projection.ts';
import type { RankReply, RankRequest } from './rank-thread.ts';

// Rankings are background work: where cores are short (two, shared with Neo4j), the thread that
// answers requests should win them. On Linux a nice value is per thread, so this lowers this thread
// alone; where the platform refuses, the worker runs as it is.
try {
  setPriority(10);
} catch {}

// Messages posted before this module ran wait in the port until the listener below starts it.
parentPort?.on('message', ({ id, nodes, edges, pagerank }: RankRequest & { id: number }) => {
  const ms: Record<RankingStep, number> = { degree: 0, pagerank: 0, betweenness: 0 };
  let reply: RankReply;
  try {
    const ranked = rankProjection(
      nodes,
      edges,
      (step, took) => {
        ms[step] = took;
      },
      pagerank,
    );
    reply = { ranked, ms };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage({ id, ...reply });
});
