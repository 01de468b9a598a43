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
export function edgeCount(adjacency: Graph): number {
  return compress(adjacency).targets.length / 2;
}

/**
 * The compressed graph of `nodeCount` nodes joined by the pairs `ends[2i]`–`ends[2i + 1]`, with
 * the same rules as `undirectedAdjacency` (both ways, repeats collapsed, self-loops dropped,
 * neighbours sorted), built without a list or a set per node: a projection a hundred times the CNCF
 * one has half a million nodes. Each pair becomes one number, smaller end first, and one numeric
 * sort brings repeats together; walking the sorted pairs then appends every node's neighbours in
 * increasing order (the smaller ends of its pairs come before the larger, since the pairs are
 * sorted by their smaller end).
 */
export function compressPairs(nodeCount: number, ends: Int32Array): CompressedGraph {
  if (nodeCount * nodeCount > Number.MAX_SAFE_INTEGER)
    throw new RangeError(`${nodeCount} nodes are too many`);
  const keys = new Float64Array(ends.length / 2);
  let pairs = 0;
  for (let i = 0; i + 1 < ends.length; i += 2) {
    const a = ends[i] as number;
    const b = ends[i + 1] as number;
    if (a === b) continue;
    if (a < 0 || b < 0 || a >= nodeCount || b >= nodeCount)
      throw new RangeError(`edge ${a}–${b} names a node outside 0…${nodeCount - 1}`);
    keys[pairs++] = a < b ? a * nodeCount + b : b * nodeCount + a;
  }
  const sorted = keys.subarray(0, pairs).sort();
  const offsets = new Int32Array(nodeCount + 1);
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i] as number;
    if (i > 0 && key === sorted[i - 1]) continue;
    sorted[distinct++] = key;
    const a = Math.floor(key / nodeCount);
    offsets[a + 1] = (offsets[a + 1] as number) + 1;
    offsets[key - a * nodeCount + 1] = (offsets[key - a * nodeCount + 1] as number) + 1;
  }
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
  const targets = new Int32Array(offsets[nodeCount] as number);
  const next = offsets.slice(0, nodeCount);
  for (let i = 0; i < distinct; i++) {
    const key = sorted[i] as number;
    const a = Math.floor(key / nodeCount);
    const b = key - a * nodeCount;
    const atA = next[a] as number;
    const atB = next[b] as number;
    targets[atA] = b;
    targets[atB] = a;
    next[a] = atA + 1;
    next[b] = atB + 1;
  }
  return { nodeCount, offsets, targets };
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

/** Either form: the algorithms take what their caller has, and compress a list once. */
export type Graph = Adjacency | CompressedGraph;

export function compress(adjacency: Graph): CompressedGraph {
  if ('offsets' in adjacency) return adjacency;
  const nodeCount = adjacency.length;
  const offsets = new Int32Array(nodeCount + 1);
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] = (offsets[v] ?? 0) + (adjacency[v]?.length ?? 0);
  const targets = new Int32Array(offsets[nodeCount] ?? 0);
  for (let v = 0; v < nodeCount; v++) targets.set(adjacency[v] ?? [], offsets[v] ?? 0);
  return { nodeCount, offsets, targets };
}
