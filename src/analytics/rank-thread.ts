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

interface Waiting {
  resolve: (reply: { ranked: Ranked; ms: Record<RankingStep, number> }) => void;
  reject: (error: Error) => void;
}

// One worker for the process, started by the first ranking: starting one (the loader and the
// algorithms' modules) costs about 0.2 s, which each import would pay again. Idle, it is unref'd and
// keeps no process alive; if it dies, what it held fails and the next ranking starts another.
let worker: Worker | undefined;
const waiting = new Map<number, Waiting>();
let nextId = 0;

function started(): Worker {
  if (worker) return worker;
  const thread = new Worker(BOOTSTRAP, {
    eval: true,
    // Not the process's flags: `--input-type=module` would make the bootstrap a module.
    execArgv: [],
    workerData: { loader: LOADER, entry: ENTRY },
  });
  thread.on('message', ({ id, ...reply }: RankReply & { id: number }) => {
    const request = waiting.get(id);
    if (!request) return;
    waiting.delete(id);
    if (waiting.size === 0) thread.unref();
    if ('error' in reply) request.reject(new Error(`ranking failed: ${reply.error}`));
    else request.resolve(reply);
  });
  const fail = (error: Error) => {
    if (worker !== thread) return;
    worker = undefined;
    for (const [id, request] of waiting) {
      waiting.delete(id);
      request.reject(error);
    }
  };
  thread.on('error', fail);
  thread.on('exit', (code) =>
    fail(new Error(`the ranking worker stopped (exit code ${code}) before it answered`)),
  );
  worker = thread;
  return thread;
}

/**
 * Ranks a projection (projection.ts) in a worker thread, so the event loop stays free meanwhile.
 * Betweenness is O(nodes × edges): most of a second of one core on the CNCF graph, during which an
 * import run by the admin endpoint or at start-up would otherwise hold every request.
 */
export function rankOffThread(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
  pagerank: PageRankOptions = {},
): Promise<{ ranked: Ranked; ms: Record<RankingStep, number> }> {
  return new Promise((resolve, reject) => {
    const thread = started();
    thread.ref();
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    const request: RankRequest & { id: number } = { id, nodes, edges, pagerank };
    thread.postMessage(request);
  });
}
