import neo4j from 'neo4j-driver';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { type ClaimType, NODE_LABELS } from '../vocabulary/kinds.ts';
import { holdsAt } from './time.ts';
import { expandRings } from './traversal.ts';

/**
 * The graph, or a neighbourhood of it, read whole for the exports (export/): nodes of the kinds
 * asked for, and every claim between two of them that holds on the day asked (the rule of time.ts).
 * Rows carry the stored properties as they are; export/subgraph.ts picks what a document holds.
 */

/** Node kinds an export can select: the entity labels, and Source (the files the claims cite). */
export const EXPORT_KINDS = [...NODE_LABELS, 'Source'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** What to read: as export/subgraph.ts's ExportFilter, checked there. */
export interface ExportSelection {
  kinds: readonly ExportKind[];
  types: readonly ClaimType[];
  asOf: string | null;
  /** An entity id: only its neighbourhood, `depth` hops out; null: the whole (filtered) graph. */
  around: string | null;
  depth: number;
}

/** `around` names no entity. */
export class UnknownEntityError extends Error {
  override readonly name = 'UnknownEntityError';
}

// Each row carries the stored properties as they are (`properties(n)`), and toNode / toLink pick the
// exported ones by name: a map projection of every exportable name sent 27 (nodes) or 33 (claims)
// entries per row, most of them null, and decoding those on this thread was most of an export's
// time on the event loop (npm run probe:hostile).
// A Source's `nodeIds` (what the importer reads back, thousands of ids for the landscape) is left
// out: nothing exports it.
const NODE_RETURN = `RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type,
         coalesce(n.name, n.id) AS name,
         CASE WHEN n:Source THEN n {.*, nodeIds: null} ELSE properties(n) END AS properties`;
const LINK_RETURN = `RETURN a.id AS source, b.id AS target, kind AS type, c.source + '#' + c.key AS id,
         c.source AS provenance, properties(c) AS properties
  ORDER BY source, target, type, id
  LIMIT $limit`;

// Bounded by $limit (EXPORT_LIMITS.nodes + 1, to tell whether it was reached). Sources are not
// :Entity nodes, hence the two labels.
const NODES_OF_KINDS = `
  MATCH (n:Entity|Source)
  WHERE any(l IN labels(n) WHERE l IN $kinds)
  WITH n ORDER BY n.id LIMIT $limit
  ${NODE_RETURN}`;

// Bounded by $ids, which the caller has already capped.
const NODES_BY_IDS = `
  UNWIND $ids AS id
  MATCH (n:Entity {id: id})
  ${NODE_RETURN}`;

// Every claim between nodes of the selected kinds that holds on $asOf. Bounded by $limit
// (EXPORT_LIMITS.links + 1).
const LINKS_OF_KINDS = `
  MATCH (a:Entity)-[c]->(b:Entity)
  WHERE type(c) IN $types
    AND any(l IN labels(a) WHERE l IN $kinds) AND any(l IN labels(b) WHERE l IN $kinds)
    AND ${holdsAt('c')}
  WITH a, b, type(c) AS kind, c
  ${LINK_RETURN}`;

// The same among the nodes in $ids (a neighbourhood, at most EXPORT_LIMITS.nodes ids); bounded
// by $limit too.
const LINKS_AMONG_IDS = `
  UNWIND $ids AS id
  MATCH (a:Entity {id: id})-[c]->(b:Entity)
  WHERE type(c) IN $types AND b.id IN $ids AND ${holdsAt('c')}
  WITH a, b, type(c) AS kind, c
  ${LINK_RETURN}`;

export interface NodeRow {
  id: string;
  type: ExportKind;
  name: string;
  properties: Record<string, unknown>;
}

export interface LinkRow {
  id: string;
  source: string;
  target: string;
  type: ClaimType;
  provenance: string;
  properties: Record<string, unknown>;
}

/**
 * The rows of the nodes and links `selection` selects, at most `limits.nodes` and `limits.links`
 * of them; `truncated` when a cap was reached. With `around`, nodes nearest the centre first (the
 * one ring expander, traversal.ts, in id order), the centre kept whatever its kind.
 */
export async function readExportRows(
  graph: GraphExecutor,
  selection: ExportSelection,
  limits: { nodes: number; links: number },
): Promise<{ nodes: NodeRow[]; links: LinkRow[]; truncated: boolean }> {
  const common = { kinds: selection.kinds, types: selection.types, asOf: selection.asOf };
  let nodes: NodeRow[];
  let links: LinkRow[];
  let truncated = false;
  if (selection.around === null) {
    nodes = await graph.read<NodeRow>(
      NODES_OF_KINDS,
      { kinds: selection.kinds, limit: neo4j.int(limits.nodes + 1) },
      'export:nodes',
    );
    if (nodes.length > limits.nodes) {
      truncated = true;
      nodes = nodes.slice(0, limits.nodes);
    }
    links = await graph.read<LinkRow>(
      LINKS_OF_KINDS,
      { ...common, limit: neo4j.int(limits.links + 1) },
      'export:links',
    );
  } else {
    const ball = await expandRings(
      graph,
      { ...common, id: selection.around, depth: selection.depth },
      { order: 'id', returns: 'id', ringLimit: (kept) => limits.nodes - kept },
    );
    if (!ball) throw new UnknownEntityError(`no entity has the id ${JSON.stringify(selection.around)}`);
    truncated = ball.truncated;
    const ids = [ball.centre, ...ball.rings.flat()];
    nodes = await graph.read<NodeRow>(NODES_BY_IDS, { ids }, 'export:nodes');
    nodes.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    links = await graph.read<LinkRow>(
      LINKS_AMONG_IDS,
      { ...common, ids, limit: neo4j.int(limits.links + 1) },
      'export:links',
    );
  }
  if (links.length > limits.links) {
    truncated = true;
    links = links.slice(0, limits.links);
  }
  return { nodes, links, truncated };
}
