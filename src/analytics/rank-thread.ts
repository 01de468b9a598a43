import { Worker } from 'node:worker_threads';
import type { PageRankOptions } from './pagerank.ts';
import type { ProjectionEdgeRecord, ProjectionNodeRecord, Ranked, RankingStep } from './projection.ts';

/** What the worker is given. */
export interface RankRequest {
  nodes: readonly ProjectionNodeRecord[];
  edges: readonly ProjectionEdgeRecord[];
  pagerank: PageRankOptions;
}

/** What the worker answers: the ranking and its milliseconds per step, or why it failed. */
export type RankReply = { ranked: Ranked; ms: Record<RankingStep, number> } | { error: string };

// The worker is TypeScript. A loader given by `--import` in a worker's execArgv does not reach the
// worker's entry module on Node 20, so a small CommonJS bootstrap registers tsx's loader (by the
// absolute URL resolved here, whatever the working directory) and then imports the entry.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.loader).then(({ register }) => {
  register();
  return import(workerData.entry);
});
`;
const LOADER = import.meta.resolve('tsx/esm/api');
const ENTRY = new URL('./rank-worker.ts', import.meta.url).href;

/**
 * Ranks a projection (projection.ts) in a worker thread, so the event loop stays free meanwhile.
 * Betweenness is O(nodes × edges): most of a second of one core on the CNCF graph, during which an
 * import run by the admin endpoint or at start-up would otherwise hold every request. One worker per
 * ranking, ended when it answers: starting one costs a fraction of the ranking, and nothing stays
 * behind between imports.
 */
export function rankOffThread(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
  pagerank: PageRankOptions = {},
): Promise<{ ranked: Ranked; ms: Record<RankingStep, number> }> {
  return new Promise((resolve, reject) => {
    const request: RankRequest = { nodes, edges, pagerank };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      // Not the process's flags: `--input-type=module` would make the bootstrap a module.
      execArgv: [],
      workerData: { loader: LOADER, entry: ENTRY, request },
    });
    let answered = false;
    worker.once('message', (reply: RankReply) => {
      answered = true;
      void worker.terminate();
      if ('error' in reply) reject(new Error(`ranking failed: ${reply.error}`));
      else resolve(reply);
    });
    worker.once('error', (error) => {
      if (answered) return;
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (answered) return;
      answered = true;
      reject(new Error(`the ranking worker stopped (exit code ${code}) before it answered`));
    });
  });
}
