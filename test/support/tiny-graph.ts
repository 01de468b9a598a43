import { applySchema, writeSource } from '../../src/import/load.ts';
import type { ClaimFact, NodeFact, NodeLabel, Properties } from '../../src/import/model.ts';
import { CypherScripts } from '../../src/neo4j/cypher-scripts.ts';
import type { GraphExecutor } from '../../src/neo4j/executor.ts';

/**
 * A tiny graph of INVENTED facts (nobody and nothing here is real), loaded with the importer's own
 * loader so the API reads what an import writes:
 *
 *   Ada Tiny ─MAINTAINS→ Widgetron ←MAINTAINS─ Bob Tiny
 *   Ada Tiny ─SERVES_ON (2021-01-01..2023-01-01)→ TOC
 *   Bob Tiny ─AFFILIATED_WITH→ Tinyco
 */
export const TINY = {
  source: 'fixture/tiny.md@0000000',
  ada: { id: 'person:gh:ada-tiny', handle: 'ada-tiny', name: 'Ada Tiny' },
  bob: { id: 'person:gh:bob-tiny', handle: 'bob-tiny', name: 'Bob Tiny' },
  widgetron: { id: 'project:widgetron', name: 'Widgetron' },
  toc: { id: 'body:toc', name: 'TOC' },
  tinyco: { id: 'org:tinyco', name: 'Tinyco' },
} as const;

/**
 * Three ways into the tiny graph, as the outage tests ask them: a lookup (resolver read, then the
 * Person loader), a list and a search; and what each answers while Neo4j is there.
 */
export const TINY_QUERIES = {
  lookup: `{ person(handle: "${TINY.ada.handle}") { name } }`,
  list: '{ projects { edges { node { name } } } }',
  search: '{ search(text: "widgetron") { entity { ... on Project { name } } } }',
} as const;
export type TinyQueryName = keyof typeof TINY_QUERIES;
export const TINY_ANSWERS: Record<TinyQueryName, unknown> = {
  lookup: { person: { name: TINY.ada.name } },
  list: { projects: { edges: [{ node: { name: TINY.widgetron.name } }] } },
  search: { search: [{ entity: { name: TINY.widgetron.name } }] },
};

/** A function that appends a claim to `claims`, on the next line, keyed as the importer keys it. */
export function claimAppender(claims: ClaimFact[]) {
  return (type: ClaimFact['type'], from: NodeFact, to: NodeFact, props: Properties): void => {
    const line = claims.length + 1;
    claims.push({
      type,
      from: { label: from.label, id: from.id },
      to: { label: to.label, id: to.id },
      line,
      key: `${type}|${from.id}|${to.id}|L${line}`,
      props,
    });
  };
}

function tinyFacts(): { nodes: NodeFact[]; claims: ClaimFact[] } {
  const node = (label: NodeLabel, id: string, name: string, props: Properties = {}): NodeFact => ({
    label,
    id,
    name,
    aliases: [],
    props,
  });
  const nodes = [
    node('Person', TINY.ada.id, TINY.ada.name, { handle: TINY.ada.handle }),
    node('Person', TINY.bob.id, TINY.bob.name, { handle: TINY.bob.handle }),
    node('Project', TINY.widgetron.id, TINY.widgetron.name, { maturity: 'sandbox', cncf: true }),
    node('Body', TINY.toc.id, TINY.toc.name, { kind: 'TOC' }),
    node('Organization', TINY.tinyco.id, TINY.tinyco.name),
  ];
  const claims: ClaimFact[] = [];
  const claim = claimAppender(claims);
  const [ada, bob, widgetron, toc, tinyco] = nodes as [NodeFact, NodeFact, NodeFact, NodeFact, NodeFact];
  claim('MAINTAINS', ada, widgetron, { observedAt: '2024-01-01' });
  claim('MAINTAINS', bob, widgetron, { observedAt: '2024-01-01' });
  claim('SERVES_ON', ada, toc, { seat: 'member', since: '2021-01-01', until: '2023-01-01' });
  claim('AFFILIATED_WITH', bob, tinyco, { observedAt: '2024-01-01' });
  return { nodes, claims };
}

/**
 * Empties the database and loads the tiny graph. The caller owns the database while its tests run
 * (integration test files run one at a time).
 */
export async function loadTinyGraph(graph: GraphExecutor): Promise<void> {
  await graph.write('MATCH (n) DETACH DELETE n');
  const scripts = new CypherScripts();
  await applySchema(graph, scripts);
  const { nodes, claims } = tinyFacts();
  const commit = '0'.repeat(40);
  await writeSource(
    graph,
    scripts,
    { sourceId: TINY.source, nodes, claims, rejected: [] },
    {
      kind: 'file',
      repository: 'example/tiny',
      path: 'tiny.md',
      commit,
      url: `https://github.com/example/tiny/blob/${commit}/tiny.md`,
      sha256: 'fixture',
    },
  );
  // Search reads a full-text index; it must be online before anyone searches.
  await graph.write('CALL db.awaitIndexes(60)');
}
