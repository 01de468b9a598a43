import neo4j from 'neo4j-driver';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { CLAIM_TYPES } from '../vocabulary/kinds.ts';
import { type ClaimRecord, type EntityRecord, entityMap } from './records.ts';
import { holdsAt } from './time.ts';

/**
 * Paths, neighbourhoods and common ground: traversal across kinds of relationship.
 *
 * A traversal may use every kind of claim (vocabulary/kinds.ts). Category and maturity links are
 * left out unless asked for: every graduated project is two hops from every other through "graduated", which is
 * true and useless as a path.
 */
export const TRAVERSABLE_TYPES = CLAIM_TYPES;
export type TraversableType = (typeof TRAVERSABLE_TYPES)[number];
export const DEFAULT_TRAVERSAL_TYPES: TraversableType[] = TRAVERSABLE_TYPES.filter(
  (type) => type !== 'IN_CATEGORY' && type !== 'SUBCATEGORY_OF' && type !== 'HAS_MATURITY',
);

export const MAX_PATH_HOPS = 6;
export const MAX_ALTERNATIVE_PATHS = 5;
export const MAX_ALL_SHORTEST_PATHS = 25;

const PATH_RETURN = `RETURN [n IN nodes(p) | ${entityMap('n')}] AS nodes,
         [r IN relationships(p) | r {.*, type: type(r), start: startNode(r).id}] AS relationships`;

export type StepRecord = ClaimRecord & { start: string };

export interface PathRecord {
  nodes: EntityRecord[];
  relationships: StepRecord[];
  /** Per hop, every claim joining its two entities (set by mergeParallelPaths). */
  hops?: StepRecord[][];
}

type Selector = 'SHORTEST 1' | 'ALL SHORTEST' | `SHORTEST ${number}`;

// The quantifier bound and the SHORTEST count cannot be parameters in Cypher, so each allowed
// combination is a constant text built once from validated integers, never from user text.
const pathQueries = new Map<string, string>();
function pathQuery(selector: Selector, maxHops: number): string {
  const cacheKey = `${selector}|${maxHops}`;
  let query = pathQueries.get(cacheKey);
  if (!query) {
    query = `
      MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
      MATCH p = ${selector} (a)((x)-[r]-(y) WHERE type(r) IN $types AND ${holdsAt('r')}){1,${maxHops}}(b)
      ${PATH_RETURN}
      LIMIT $limit`;
    pathQueries.set(cacheKey, query);
  }
  return query;
}

export interface PathRequest {
  from: string;
  to: string;
  maxHops: number;
  types: readonly TraversableType[];
  asOf: string | null;
}

function assertBounds(request: PathRequest): void {
  if (!Number.isInteger(request.maxHops) || request.maxHops < 1 || request.maxHops > MAX_PATH_HOPS) {
    throw new RangeError(`maxHops must be between 1 and ${MAX_PATH_HOPS}`);
  }
}

/**
 * The graph keeps one relationship per claim, so two entities that several sources link are joined
 * by parallel relationships, and a path query returns the same route once per combination. Routes
 * are told apart by their node sequence; each hop keeps every claim that joins its two entities.
 */
export function mergeParallelPaths(paths: PathRecord[]): PathRecord[] {
  const byRoute = new Map<string, PathRecord>();
  for (const path of paths) {
    const ids = path.nodes.map((node) => node.id);
    // A walk that comes back to an entity (through a second, parallel claim) is no alternative route.
    if (new Set(ids).size !== ids.length) continue;
    const route = ids.join('>');
    const seen = byRoute.get(route);
    if (!seen) {
      byRoute.set(route, {
        nodes: path.nodes,
        relationships: [...path.relationships],
        hops: path.relationships.map((r) => [r]),
      });
      continue;
    }
    path.relationships.forEach((relationship, index) => {
      const hop = seen.hops?.[index];
      if (hop && !hop.some((r) => r.source === relationship.source && r.key === relationship.key))
        hop.push(relationship);
    });
  }
  return [...byRoute.values()];
}

// Fetched per distinct route asked for: parallel claims multiply the raw paths.
const RAW_PATHS_PER_ROUTE = 8;

// One shortest route, then every holding claim along each of its hops, in the same statement:
// one route is found (not one per combination of parallel claims), and no parallel claim is missed.
const shortestRouteQueries = new Map<number, string>();
function shortestRouteQuery(maxHops: number): string {
  let query = shortestRouteQueries.get(maxHops);
  if (!query) {
    query = `
      MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
      MATCH p = SHORTEST 1 (a)((x)-[r]-(y) WHERE type(r) IN $types AND ${holdsAt('r')}){1,${maxHops}}(b)
      WITH nodes(p) AS route
      UNWIND range(0, size(route) - 2) AS hop
      WITH route, hop, route[hop] AS x, route[hop + 1] AS y
      MATCH (x)-[r]-(y)
      WHERE type(r) IN $types AND ${holdsAt('r')}
      WITH route, hop, r ORDER BY hop, r.source, r.key
      WITH route, hop, collect(r {.*, type: type(r), start: startNode(r).id}) AS claims
      ORDER BY hop
      WITH route, collect(claims) AS hops
      RETURN [n IN route | ${entityMap('n')}] AS nodes, [h IN hops | h[0]] AS relationships, hops`;
    shortestRouteQueries.set(maxHops, query);
  }
  return query;
}

/** Up to `k` distinct shortest routes, shortest first (k = 1: the shortest). Empty when none is in reach. */
export async function findShortestPaths(
  graph: GraphExecutor,
  request: PathRequest,
  k: number,
): Promise<PathRecord[]> {
  assertBounds(request);
  if (!Number.isInteger(k) || k < 1 || k > MAX_ALTERNATIVE_PATHS) {
    throw new RangeError(`k must be between 1 and ${MAX_ALTERNATIVE_PATHS}`);
  }
  if (request.from === request.to) return [];
  if (k === 1) {
    return graph.read<PathRecord & Record<string, unknown>>(
      shortestRouteQuery(request.maxHops),
      { ...request, types: [...request.types] },
      'findShortestPath',
    );
  }
  const raw = k * RAW_PATHS_PER_ROUTE;
  const paths = await graph.read<PathRecord & Record<string, unknown>>(
    pathQuery(`SHORTEST ${raw}`, request.maxHops),
    { ...request, types: [...request.types], limit: neo4j.int(raw) },
    'findShortestPaths',
  );
  return mergeParallelPaths(paths).slice(0, k);
}

/** Every distinct route of the shortest length (at most MAX_ALL_SHORTEST_PATHS of them). */
export async function findAllShortestPaths(
  graph: GraphExecutor,
  request: PathRequest,
): Promise<PathRecord[]> {
  assertBounds(request);
  if (request.from === request.to) return [];
  const raw = MAX_ALL_SHORTEST_PATHS * RAW_PATHS_PER_ROUTE;
  const paths = await graph.read<PathRecord & Record<string, unknown>>(
    pathQuery('ALL SHORTEST', request.maxHops),
    { ...request, types: [...request.types], limit: neo4j.int(raw) },
    'findAllShortestPaths',
  );
  return mergeParallelPaths(paths).slice(0, MAX_ALL_SHORTEST_PATHS);
}

// ---------------------------------------------------------------------------------------------
// Neighbourhoods

export const MAX_NEIGHBOURHOOD_DEPTH = 3;
export const MAX_PER_HOP = 200;

export interface NeighbourhoodRequest {
  id: string;
  depth: number;
  /** Node labels allowed beyond the centre; empty: all. */
  kinds: readonly string[];
  types: readonly TraversableType[];
  limitPerHop: number;
  asOf: string | null;
}

export interface SubgraphEdge {
  from: string;
  to: string;
  type: string;
  claims: ClaimRecord[];
}

export interface Subgraph {
  nodes: (EntityRecord & { depth: number })[];
  edges: SubgraphEdge[];
  truncated: boolean;
}

/**
 * How a ring is chosen when it must be cut: `connected`, the best connected first (they explain
 * most; what a neighbourhood shows), or `id`, in id order (an export's: the same cut every time,
 * with no degree to count per node).
 */
export type RingOrder = 'connected' | 'id';
type RingReturns = 'entity' | 'id';

/**
 * A ring: the neighbours of the frontier of the kinds asked for (none: all), not yet seen, joined
 * by a claim of an allowed type that holds on $asOf, cut at $limit (one more than the caller keeps,
 * to know whether the ring was cut). The first ring comes with the centre, in the same statement
 * (no row: no entity has the id). The one way this service expands a neighbourhood: the API's
 * `neighbourhood` and the exports' `around` both come here. Constant text per order and return;
 * values arrive as parameters.
 */
function ringQuery(order: RingOrder, returns: RingReturns, first: boolean): string {
  const as = (variable: string) => (returns === 'entity' ? entityMap(variable) : `${variable}.id`);
  const ordered =
    order === 'connected'
      ? `WITH m, COUNT { (m)--() } AS degree
    ORDER BY degree DESC, m.id`
      : 'ORDER BY m.id';
  const ring = (start: string) => `${start}-[r]-(m:Entity)
    WHERE type(r) IN $types AND NOT m.id IN $seen
      AND (size($kinds) = 0 OR any(l IN labels(m) WHERE l IN $kinds))
      AND ${holdsAt('r')}
    WITH DISTINCT m
    ${ordered}
    LIMIT $limit
    RETURN collect(${as('m')}) AS ring`;
  return first
    ? `
  MATCH (f:Entity {id: $id})
  CALL (f) {
    MATCH ${ring('(f)')}
  }
  RETURN ${as('f')} AS centre, ring`
    : `
  UNWIND $frontier AS fid
  MATCH ${ring('(f:Entity {id: fid})')}`;
}
const RING_QUERIES = Object.fromEntries(
  (['connected', 'id'] as const).flatMap((order) =>
    (['entity', 'id'] as const).flatMap((returns) =>
      [true, false].map((first) => [`${order}:${returns}:${first}`, ringQuery(order, returns, first)]),
    ),
  ),
);

export interface RingsRequest {
  id: string;
  depth: number;
  /** Node labels allowed beyond the centre; empty: all. The centre is kept whatever its kind. */
  kinds: readonly string[];
  types: readonly TraversableType[];
  asOf: string | null;
}

export interface RingsOptions<Returns extends RingReturns> {
  order: RingOrder;
  returns: Returns;
  /** How many of the next ring to keep, given how many nodes (the centre included) are kept so far. */
  ringLimit: (kept: number) => number;
}

type RingItem<Returns extends RingReturns> = Returns extends 'entity' ? EntityRecord : string;

/**
 * The centre `request.id` and its rings up to `request.depth`, nearest first, in one round trip per
 * ring; `truncated` when a ring was cut (the rings beyond grow from what was kept). Null when no
 * entity has the id.
 */
export async function expandRings<Returns extends RingReturns>(
  graph: GraphExecutor,
  request: RingsRequest,
  options: RingsOptions<Returns>,
): Promise<{ centre: RingItem<Returns>; rings: RingItem<Returns>[][]; truncated: boolean } | null> {
  const query = (first: boolean) => RING_QUERIES[`${options.order}:${options.returns}:${first}`] as string;
  const common = { kinds: [...request.kinds], types: [...request.types], asOf: request.asOf };
  const keep = (depth: number, kept: number) => (depth > request.depth ? 0 : options.ringLimit(kept));
  let limit = keep(1, 1);
  const [first] = await graph.read<{ centre: RingItem<Returns>; ring: RingItem<Returns>[] }>(
    query(true),
    // With depth 0 the statement only finds the centre.
    { ...common, id: request.id, seen: [request.id], limit: neo4j.int(request.depth > 0 ? limit + 1 : 0) },
    'expandRings',
  );
  if (!first) return null;
  const seen = [request.id];
  const rings: RingItem<Returns>[][] = [];
  let truncated = false;
  let found = first.ring;
  for (let depth = 1; depth <= request.depth; depth += 1) {
    if (found.length > limit) truncated = true;
    const ring = found.slice(0, limit);
    if (ring.length === 0) break;
    rings.push(ring);
    const frontier = ring.map((item) => (typeof item === 'string' ? item : (item as EntityRecord).id));
    seen.push(...frontier);
    limit = keep(depth + 1, seen.length);
    if (limit < 1) break;
    const [next] = await graph.read<{ ring: RingItem<Returns>[] }>(
      query(false),
      { ...common, frontier, seen, limit: neo4j.int(limit + 1) },
      'expandRings',
    );
    found = next?.ring ?? [];
  }
  return { centre: first.centre, rings, truncated };
}

// Every holding claim among the chosen nodes, one edge per (start, type, end) with its claims.
// Bounded: at most (1 + depth × limitPerHop) nodes.
const EDGES_AMONG = `
  UNWIND $ids AS aid
  MATCH (a:Entity {id: aid})-[r]->(b:Entity)
  WHERE b.id IN $ids AND type(r) IN $types AND ${holdsAt('r')}
  WITH a.id AS from, type(r) AS type, b.id AS to, collect(r {.*, type: type(r)}) AS claims
  RETURN from, type, to, claims
  ORDER BY from, type, to`;

/**
 * The entity and its rings up to `depth`, each cut at `limitPerHop` (best connected first): one
 * round trip for the centre and its first ring, one per further ring, and one for the edges among
 * them unless `withEdges` is false (a caller that shows only the nodes). Null when no entity has
 * the id.
 */
export async function findNeighbourhood(
  graph: GraphExecutor,
  request: NeighbourhoodRequest,
  { withEdges = true }: { withEdges?: boolean } = {},
): Promise<Subgraph | null> {
  if (!Number.isInteger(request.depth) || request.depth < 1 || request.depth > MAX_NEIGHBOURHOOD_DEPTH) {
    throw new RangeError(`depth must be between 1 and ${MAX_NEIGHBOURHOOD_DEPTH}`);
  }
  if (
    !Number.isInteger(request.limitPerHop) ||
    request.limitPerHop < 1 ||
    request.limitPerHop > MAX_PER_HOP
  ) {
    throw new RangeError(`limitPerHop must be between 1 and ${MAX_PER_HOP}`);
  }
  const found = await expandRings(graph, request, {
    order: 'connected',
    returns: 'entity',
    ringLimit: () => request.limitPerHop,
  });
  if (!found) return null;
  const nodes: (EntityRecord & { depth: number })[] = [
    { ...found.centre, depth: 0 },
    ...found.rings.flatMap((ring, index) => ring.map((entity) => ({ ...entity, depth: index + 1 }))),
  ];
  const edges = withEdges
    ? await graph.read<SubgraphEdge & Record<string, unknown>>(
        EDGES_AMONG,
        { ids: nodes.map((node) => node.id), types: [...request.types], asOf: request.asOf },
        'findNeighbourhood',
      )
    : [];
  return { nodes, edges, truncated: found.truncated };
}

// ---------------------------------------------------------------------------------------------
// Common ground

export interface SharedNeighbourRecord {
  entity: EntityRecord;
  claimsOfA: ClaimRecord[];
  claimsOfB: ClaimRecord[];
}

export interface CommonGroundRecord {
  shared: SharedNeighbourRecord[];
  /** Distinct neighbours of each, for the similarity scores. */
  neighboursOfA: number;
  neighboursOfB: number;
  /** Σ 1 / ln(degree) over shared neighbours: shared rare neighbours count more (Adamic–Adar). */
  adamicAdar: number;
}

// The neighbours both entities reach through holding claims, with each side's claims. Bounded by
// the two entities' degrees (a large organization has a few hundred neighbours).
const COMMON_GROUND = `
  MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
  WITH a, b,
    COUNT { MATCH (a)-[r]-(m:Entity) WHERE type(r) IN $types AND ${holdsAt('r')} RETURN DISTINCT m } AS neighboursOfA,
    COUNT { MATCH (b)-[r]-(m:Entity) WHERE type(r) IN $types AND ${holdsAt('r')} RETURN DISTINCT m } AS neighboursOfB
  OPTIONAL MATCH (a)-[ra]-(m:Entity)-[rb]-(b)
  WHERE m <> a AND m <> b AND type(ra) IN $types AND type(rb) IN $types
    AND ${holdsAt('ra')} AND ${holdsAt('rb')}
  WITH neighboursOfA, neighboursOfB, m,
       collect(DISTINCT ra {.*, type: type(ra)}) AS claimsOfA, collect(DISTINCT rb {.*, type: type(rb)}) AS claimsOfB
  WITH neighboursOfA, neighboursOfB,
       collect(CASE WHEN m IS NULL THEN null ELSE {
         entity: ${entityMap('m')}, claimsOfA: claimsOfA, claimsOfB: claimsOfB, degree: COUNT { (m)--() }
       } END) AS shared
  RETURN neighboursOfA, neighboursOfB, shared`;

export async function findCommonGround(
  graph: GraphExecutor,
  request: { a: string; b: string; types: readonly TraversableType[]; asOf: string | null },
): Promise<CommonGroundRecord | null> {
  const [row] = await graph.read<{
    neighboursOfA: number;
    neighboursOfB: number;
    shared: (SharedNeighbourRecord & { degree: number })[];
  }>(COMMON_GROUND, { ...request, types: [...request.types] }, 'findCommonGround');
  if (!row) return null;
  const shared = [...row.shared].sort((x, y) => x.entity.name.localeCompare(y.entity.name));
  return {
    shared: shared.map(({ entity, claimsOfA, claimsOfB }) => ({ entity, claimsOfA, claimsOfB })),
    neighboursOfA: row.neighboursOfA,
    neighboursOfB: row.neighboursOfB,
    adamicAdar: shared.reduce((sum, item) => sum + (item.degree > 1 ? 1 / Math.log(item.degree) : 0), 0),
  };
}
