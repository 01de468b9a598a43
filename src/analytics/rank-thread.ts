import { WorkerThread } from '../worker-thread.ts';
import type { ProjectionColumns, Ranked, RankingOptions, RankingStep } from './projection.ts';

/** What the worker is given: the projection as read, in any order, pairs possibly repeated. */
export interface RankRequest {
  projection: ProjectionColumns;
  options: RankingOptions & {
    /** The digest of the projection the stored scores describe: if it is this one, rank nothing. */
    keepIfDigest?: string | null;
  };
}

/**
 * What the worker answers: the projection's digest and distinct pairs, and the ranking (null when
 * the projection was `keepIfDigest`'s) with its milliseconds per step.
 */
export interface RankAnswer {
  digest: string;
  edges: number;
  ranked: Ranked | null;
  ms: Record<RankingStep, number>;
}

// One for the process: kept between imports, unref'd while idle (worker-thread.ts).
const thread = new WorkerThread<RankRequest, RankAnswer>(new URL('./rank-worker.ts', import.meta.url), {
  what: 'ranking',
  revive: (error) => new Error(`ranking failed: ${error.message}`),
});

/**
 * Sorts, fingerprints and ranks a projection (projection.ts) in a worker thread, so the event loop
 * stays free meanwhile. Betweenness is O(nodes × edges) where exact: most of a second of one core on
 * the CNCF graph, during which an import run by the admin endpoint or at start-up would otherwise
 * hold every request; sorting a graph a hundred times larger takes seconds too.
 */
export function rankOffThread(
  projection: ProjectionColumns,
  options: RankRequest['options'] = {},
): Promise<RankAnswer> {
  return thread.ask({ projection, options });
}
