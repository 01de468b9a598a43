import { type Adjacency, compress } from './adjacency.ts';

/**
 * Exact betweenness centrality of an unweighted undirected graph (Brandes 2001): for each node, the
 * sum over unordered pairs {s, t} of other nodes of the share of shortest s–t paths passing through
 * it. Not normalized: a star's centre with k leaves scores k(k-1)/2.
 *
 * One breadth-first search per source node, O(nodes × edges) in all. Predecessor lists are not kept:
 * walking back, a node's predecessors are its neighbours one step closer to the source, which saves
 * allocating a list per node per source.
 *
 * Twins share one search. Nodes with the same neighbours (a project's maintainers from one company,
 * the leaves of one node) can be swapped for one another without changing the graph, so the search
 * from one of them gives the others' too: a node outside a class of k gets k times what the search
 * from the class's first node gives it, and the members none (a search never passes through a twin
 * of its source). On the CNCF projection 3,911 searches become 2,337.
 */
export function betweenness(adjacency: Adjacency): number[] {
  const { nodeCount: n, offsets, targets } = compress(adjacency);
  const centrality = new Float64Array(n);
  const distance = new Int32Array(n).fill(-1);
  const paths = new Float64Array(n); // shortest paths from the source (σ), as floats: they can be huge
  const dependency = new Float64Array(n); // δ
  const order = new Int32Array(n); // the BFS queue, which is also the order of non-decreasing distance

  const { classOf, size } = twinClasses(n, offsets, targets);
  for (let source = 0; source < n; source++) {
    if (offsets[source] === offsets[source + 1]) continue; // an isolated node lies on no path
    if (classOf[source] !== source) continue; // its class's first node searches for it
    const twins = size[source] as number;
    let head = 0;
    let tail = 0;
    order[tail++] = source;
    distance[source] = 0;
    paths[source] = 1;
    while (head < tail) {
      const v = order[head++] as number;
      const nextDistance = (distance[v] as number) + 1;
      for (let i = offsets[v] as number, end = offsets[v + 1] as number; i < end; i++) {
        const w = targets[i] as number;
        if (distance[w] === -1) {
          distance[w] = nextDistance;
          order[tail++] = w;
        }
        if (distance[w] === nextDistance) paths[w] = (paths[w] as number) + (paths[v] as number);
      }
    }
    // Back from the farthest nodes: each passes its dependency on to its predecessors.
    for (let k = tail - 1; k > 0; k--) {
      const w = order[k] as number;
      const previousDistance = (distance[w] as number) - 1;
      const carried = (1 + (dependency[w] as number)) / (paths[w] as number);
      for (let i = offsets[w] as number, end = offsets[w + 1] as number; i < end; i++) {
        const v = targets[i] as number;
        if (distance[v] === previousDistance)
          dependency[v] = (dependency[v] as number) + (paths[v] as number) * carried;
      }
    }
    // The search stands for every node of the source's class (see above). A twin of the source
    // gets nothing from it: its neighbours are the source's own, so no shortest path goes on
    // through it.
    for (let k = 1; k < tail; k++) {
      const w = order[k] as number;
      if (classOf[w] !== source)
        centrality[w] = (centrality[w] as number) + twins * (dependency[w] as number);
    }
    // Reset only what this search touched.
    for (let k = 0; k < tail; k++) {
      const v = order[k] as number;
      distance[v] = -1;
      paths[v] = 0;
      dependency[v] = 0;
    }
  }
  // Every unordered pair was counted once from each end.
  return Array.from(centrality, (value) => value / 2);
}

/**
 * Nodes grouped by their neighbour lists (sorted, as `compress` keeps them): each node's class is
 * named by its first node, and `size` holds each class's number of nodes at that first node.
 */
function twinClasses(
  n: number,
  offsets: Int32Array,
  targets: Int32Array,
): { classOf: Int32Array; size: Int32Array } {
  const classOf = new Int32Array(n);
  const size = new Int32Array(n);
  const first = new Map<string, number>();
  for (let v = 0; v < n; v++) {
    const key = targets.subarray(offsets[v] as number, offsets[v + 1] as number).join(',');
    const named = first.get(key);
    if (named === undefined) first.set(key, v);
    const id = named ?? v;
    classOf[v] = id;
    size[id] = (size[id] as number) + 1;
  }
  return { classOf, size };
}
