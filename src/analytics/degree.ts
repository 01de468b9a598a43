import type { Graph } from './adjacency.ts';

/**
 * Degree centrality: how many distinct other nodes each node touches. A hand-written list may repeat
 * a neighbour or list the node itself; a compressed graph from compressPairs does neither, so its
 * degrees are its row lengths.
 */
export function degrees(adjacency: Graph): number[] {
  if (!('offsets' in adjacency))
    return adjacency.map((neighbours, v) => new Set(neighbours.filter((w) => w !== v)).size);
  const { nodeCount, offsets } = adjacency;
  return Array.from({ length: nodeCount }, (_, v) => (offsets[v + 1] as number) - (offsets[v] as number));
}
