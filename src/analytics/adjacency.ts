/**
 * An undirected, unweighted graph over the nodes 0 … n-1: `adjacency[v]` lists v's neighbours. The
 * algorithms in this folder read it as given, so it must be symmetric (w in adjacency[v] exactly
 * when v in adjacency[w]) and list each neighbour once; `undirectedAdjacency` builds one that is.
 */
export type Adjacency = readonly (readonly number[])[];

/**
 * The adjacency list of `nodeCount` nodes joined by `edges`: each edge counts both ways, repeated
 * edges (several claims about one pair, in either direction) collapse into one, self-loops are
 * dropped, and neighbours are sorted so that every run visits them in the same order (the scores
 * are then identical to the last bit from one import to the next).
 */
export function undirectedAdjacency(
  nodeCount: number,
  edges: Iterable<readonly [number, number]>,
): number[][] {
  const neighbours = Array.from({ length: nodeCount }, () => new Set<number>());
  for (const [a, b] of edges) {
    if (a === b) continue;
    const fromA = neighbours[a];
    const fromB = neighbours[b];
    if (!fromA || !fromB) throw new RangeError(`edge ${a}–${b} names a node outside 0…${nodeCount - 1}`);
    fromA.add(b);
    fromB.add(a);
  }
  return neighbours.map((set) => [...set].sort((x, y) => x - y));
}

/** How many undirected edges an adjacency list holds. */
export function edgeCount(adjacency: Adjacency): number {
  let ends = 0;
  for (const neighbours of adjacency) ends += neighbours.length;
  return ends / 2;
}

/**
 * The same graph in compressed sparse rows: v's neighbours are `targets[offsets[v]]` up to, not
 * including, `targets[offsets[v + 1]]`. Typed arrays keep the inner loops of PageRank and Brandes
 * free of bounds-checked nested arrays, which is what makes betweenness on the whole graph take
 * seconds rather than minutes.
 */
export interface CompressedGraph {
  nodeCount: number;
  offsets: Int32Array;
  targets: Int32Array;
}

export function compress(adjacency: Adjacency): CompressedGraph {
  const nodeCount = adjacency.length;
  const offsets = new Int32Array(nodeCount + 1);
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] = (offsets[v] ?? 0) + (adjacency[v]?.length ?? 0);
  const targets = new Int32Array(offsets[nodeCount] ?? 0);
  for (let v = 0; v < nodeCount; v++) targets.set(adjacency[v] ?? [], offsets[v] ?? 0);
  return { nodeCount, offsets, targets };
}
