import { WorkerThread } from '../worker-thread.ts';
import type {
  ProjectionEdgeRecord,
  ProjectionNodeRecord,
  Ranked,
  RankingOptions,
  RankingStep,
} from './projection.ts';

/** What the worker is given. */
export interface RankRequest {
  nodes: readonly ProjectionNodeRecord[];
  edges: readonly ProjectionEdgeRecord[];
  options: RankingOptions;
}

/** What the worker answers: the ranking and its milliseconds per step. */
export interface RankAnswer {
  ranked: Ranked;
  ms: Record<RankingStep, number>;
}

// One for the process: kept between imports, unref'd while idle (worker-thread.ts).
const thread = new WorkerThread<RankRequest, RankAnswer>(new URL('./rank-worker.ts', import.meta.url), {
  what: 'ranking',
  revive: (error) => new Error(`ranking failed: ${error.message}`),
});

/**
 * Ranks a projection (projection.ts) in a worker thread, so the event loop stays free meanwhile.
 * Betweenness is O(nodes × edges): most of a second of one core on the CNCF graph, during which an
 * import run by the admin endpoint or at start-up would otherwise hold every request.
 */
export function rankOffThread(
  nodes: readonly ProjectionNodeRecord[],
  edges: readonly ProjectionEdgeRecord[],
  options: RankingOptions = {},
): Promise<RankAnswer> {
  return thread.ask({ nodes, edges, options });
}
