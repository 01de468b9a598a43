/**
 * Pure functions between the API's answers and what the canvas draws, kept free of the DOM and of
 * cytoscape so that unit tests can check them.
 */

import type { PathHop } from './api.ts';

/** A cytoscape element as `neighbourhood.elements` encodes it. */
export interface GraphElement {
  group: 'nodes' | 'edges';
  data: {
    id: string;
    label?: string;
    kind?: string;
    depth?: number;
    source?: string;
    target?: string;
    type?: string;
    claims?: number;
  };
}

/** `neighbourhood.elements` (a JSON string) → elements, refusing anything that is not one. */
export function parseElements(json: string): GraphElement[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('elements is not an array');
  return parsed.filter(
    (item): item is GraphElement =>
      typeof item === 'object' &&
      item !== null &&
      (item.group === 'nodes' || item.group === 'edges') &&
      typeof item.data?.id === 'string',
  );
}

/**
 * The union of several neighbourhoods: each node and edge once (the first seen wins: it carries
 * the smallest depth, the centre's), nodes before edges, and no edge whose ends are missing.
 */
export function unionElements(lists: GraphElement[][]): GraphElement[] {
  const nodes = new Map<string, GraphElement>();
  const edges = new Map<string, GraphElement>();
  for (const list of lists) {
    for (const element of list) {
      const into = element.group === 'nodes' ? nodes : edges;
      if (!into.has(element.data.id)) into.set(element.data.id, element);
    }
  }
  const drawable = [...edges.values()].filter(
    (edge) => nodes.has(edge.data.source ?? '') && nodes.has(edge.data.target ?? ''),
  );
  return [...nodes.values(), ...drawable];
}

/** The elements of `incoming` not already among `present` ids: what an expansion adds. */
export function newElements(present: ReadonlySet<string>, incoming: GraphElement[]): GraphElement[] {
  return incoming.filter((element) => !present.has(element.data.id));
}

/** The edge id a neighbourhood gives the relationship a hop walks: start|TYPE|end. */
export function hopEdgeId(hop: Pick<PathHop, 'type' | 'direction' | 'from' | 'to'>): string {
  const [start, end] = hop.direction === 'FORWARD' ? [hop.from, hop.to] : [hop.to, hop.from];
  return `${start.key}|${hop.type}|${end.key}`;
}

const KIND_OF_TYPENAME: Record<string, string> = {
  Person: 'Person',
  Organization: 'Organization',
  Project: 'Project',
  Body: 'Body',
  Category: 'Category',
};

/**
 * A path as elements (its nodes and one edge per hop), so that a route through entities not yet
 * drawn can be added to the canvas, and the ids to highlight.
 */
export function pathElements(hops: PathHop[]): { elements: GraphElement[]; ids: string[] } {
  const elements: GraphElement[] = [];
  const ids: string[] = [];
  const seen = new Set<string>();
  const addNode = (entity: PathHop['from']) => {
    if (seen.has(entity.key)) return;
    seen.add(entity.key);
    ids.push(entity.key);
    elements.push({
      group: 'nodes',
      data: { id: entity.key, label: entity.name, kind: KIND_OF_TYPENAME[entity.__typename] ?? 'Entity' },
    });
  };
  for (const hop of hops) {
    addNode(hop.from);
    addNode(hop.to);
    const id = hopEdgeId(hop);
    const [start, end] = hop.direction === 'FORWARD' ? [hop.from, hop.to] : [hop.to, hop.from];
    ids.push(id);
    elements.push({
      group: 'edges',
      data: { id, source: start.key, target: end.key, type: hop.type, claims: hop.claims.length },
    });
  }
  return { elements, ids };
}

/** "SERVES_ON" → "serves on": edge labels a reader can take in. */
export function relationshipLabel(type: string): string {
  return type.replaceAll('_', ' ').toLowerCase();
}

/** A claim's time in words: "2021-02-01 – 2023-02-01", "since 2019-01-01", "as listed on …". */
export function describeTime(claim: {
  since: string | null;
  until: string | null;
  observedAt?: string | null;
}): string {
  if (claim.since && claim.until) return `${claim.since} – ${claim.until}`;
  if (claim.since) return `since ${claim.since}`;
  if (claim.until) return `until ${claim.until}`;
  if (claim.observedAt) return `as listed on ${claim.observedAt}`;
  return 'undated';
}
