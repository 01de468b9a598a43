/**
 * The worker thread of rank-thread.ts: ranks the projection it is given and posts the result back.
 * Imported by the bootstrap there once the TypeScript loader is registered, so it runs the very
 * algorithms the tests check.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type RankingStep, rankProjection } from './projection.ts';
import type { RankReply, RankRequest } from './rank-thread.ts';

const { nodes, edges, pagerank } = (workerData as { request: RankRequest }).request;
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
parentPort?.postMessage(reply);
