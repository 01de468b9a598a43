import { WorkerThread } from '../worker-thread.ts';
import { type PackedProjection, packProjection } from './packing.ts';
import type { ProjectionColumns, Ranked, RankingOptions, RankingStep } from './projection.ts';

/** What the worker is given: the projection as read, in any order, pairs possibly repeated, packed. */
export interface RankRequest {
  projection: PackedProjection;
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

/**
 * What the worker posts: the ranking without its ids, and instead where each ranked node stands in
 * the projection sent (`order`, moved back with the score columns): the main thread has the ids
 * already, and half a million strings cost a third of a second to copy back onto the event loop.
 */
export interface WorkerAnswer extends Omit<RankAnswer, 'ranked'> {
  ranked: Omit<Ranked, 'ids'> | null;
  order: Int32Array | null;
}

// One for the process: kept between imports, unref'd while idle (worker-thread.ts).
const thread = new WorkerThread<RankRequest, WorkerAnswer>(new URL('./rank-worker.ts', import.meta.url), {
  what: 'ranking',
  revive: (error) => new Error(`ranking failed: ${error.message}`),
});

/**
 * Sorts, fingerprints and ranks a projection (projection.ts) in a worker thread, so the event loop
 * stays free meanwhile. Betweenness is O(nodes × edges) where exact: most of a second of one core on
 * the CNCF graph, during which an import run by the admin endpoint or at start-up would otherwise
 * hold every request; sorting a graph a hundred times larger takes seconds too.
 */
export async function rankOffThread(
  projection: ProjectionColumns,
  options: RankRequest['options'] = {},
): Promise<RankAnswer> {
  const { packed, transfer } = await packProjection(projection);
  const { ranked, order, ...answer } = await thread.ask({ projection: packed, options }, transfer);
  if (ranked === null || order === null) return { ...answer, ranked: null };
  return {
    ...answer,
    ranked: { ...ranked, ids: Array.from(order, (index) => projection.ids[index] as string) },
  };
}
