import type { Adjacency } from './adjacency.ts';

/** Degree centrality: how many distinct other nodes each node touches. */
export function degrees(adjacency: Adjacency): number[] {
  return adjacency.map((neighbours, v) => new Set(neighbours.filter((w) => w !== v)).size);
}
