import { createHash } from 'node:crypto';
import { RANKING_PROPERTIES } from '../analytics/metrics.ts';
import type { ClaimFact, NodeFact, PropertyValue, SourceFacts } from './model.ts';

/**
 * What has to be written to bring one source's part of the graph from what it asserts now to its
 * new facts: the claims and nodes that changed, not the whole source. A new commit of the
 * maintainers list changes a handful of its 7,400 claims; writing only those makes a re-import cost
 * what changed. Pure, so the rules can be tested without a database; load.ts runs the plan.
 *
 * The plan leaves the graph as retracting the source and writing it afresh would (the one exception
 * is noted at `nodeChange`), so an incremental import and a full one agree.
 */

/** A node of the source as the graph holds it: every property, read by cypher/021-source-state. */
export interface CurrentNode {
  id: string;
  props: Record<string, unknown>;
}

/** A claim of the source as the graph holds it. */
export interface CurrentClaim {
  type: string;
  key: string;
  /** Null for a claim written before digests were stored: it is rewritten once. */
  digest: string | null;
  from: string;
  to: string;
}

export interface WritePlan {
  /** Claims to delete: gone from the facts, or stated differently (rewritten below). */
  retractClaims: { from: string; to: string; key: string }[];
  /** Nodes the source no longer asserts. */
  retractNodes: { id: string }[];
  /** Nodes only this source asserts whose row changed: reset to `keep`, then written again. */
  resetNodes: { id: string; keep: Record<string, unknown> }[];
  /** Node rows to write: new to the source, or saying something the graph does not hold yet. */
  nodes: NodeFact[];
  /** Claims to write, with their digests. */
  claims: { claim: ClaimFact; digest: string }[];
}

/** Properties the node scripts derive, and the rankings (src/analytics) store; no source gives them. */
const DERIVED = new Set<string>([
  'id',
  'name',
  'aliases',
  'nameText',
  'aliasText',
  'nameKey',
  'aliasKeys',
  'sources',
  ...Object.values(RANKING_PROPERTIES).flatMap((metric) => Object.values(metric)),
]);

const RANKING_KEYS = Object.values(RANKING_PROPERTIES).flatMap((metric) => Object.values(metric));

/** What a claim row says, as a short fingerprint: type, ends, line and properties. */
export function claimDigest(claim: ClaimFact): string {
  return createHash('sha1')
    .update(JSON.stringify([claim.type, claim.from.id, claim.to.id, claim.line, sorted(claim.props)]))
    .digest('base64');
}

/**
 * A fingerprint of what writing `facts` leaves in the graph: the source's claims and nodes, and the
 * state a fresh load gives each of those nodes (`expected`, which other sources' facts shape too).
 * The Source node stores it with each write; an import whose facts for a source give the same
 * fingerprint, after an import that wrote every source it meant to, leaves that source alone
 * without reading what it holds. Order-free (rows are sorted, properties by key), since a resumed
 * sweep of a history lists the same facts in another order than a full one.
 */
export function sourceStateDigest(facts: SourceFacts, expected: ReadonlyMap<string, ExpectedNode>): string {
  const rows: string[] = [];
  for (const claim of facts.claims)
    rows.push(
      JSON.stringify([claim.type, claim.key, claim.from.id, claim.to.id, claim.line, sorted(claim.props)]),
    );
  for (const node of facts.nodes) {
    const state = expected.get(node.id);
    rows.push(
      JSON.stringify([
        node.label,
        node.id,
        node.name,
        node.aliases,
        sorted(node.props),
        state
          ? [state.name, state.aliases, sorted(state.props), state.owners, sorted(state.propOwners)]
          : null,
      ]),
    );
  }
  rows.sort();
  const hash = createHash('sha256');
  for (const row of rows) hash.update(row).update('\n');
  return hash.digest('base64');
}

function sorted(props: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.keys(props)
    .sort()
    .map((key) => [key, props[key] ?? null]);
}

/**
 * What the node scripts leave on a node after a fresh load of every source in `order`, and which
 * sources assert it: the first to name it names it, the others' spellings follow as aliases in
 * order, and a property holds the value of the last source to give it. The importer computes it
 * from all sources' facts, so that each source's write can tell whether a node is as a fresh load
 * would leave it, whatever order earlier imports happened in.
 */
export interface ExpectedNode {
  name: string;
  aliases: string[];
  props: Record<string, PropertyValue>;
  /** Sources asserting the node, in load order: the first names it. */
  owners: string[];
  /** For each property, the last source to give it: the one whose value stands. */
  propOwners: Record<string, string>;
}

export function expectedNodes(ordered: readonly SourceFacts[]): Map<string, ExpectedNode> {
  const expected = new Map<string, ExpectedNode>();
  for (const facts of ordered) {
    for (const node of facts.nodes) {
      let state = expected.get(node.id);
      if (!state) {
        state = { name: node.name, aliases: [], props: {}, owners: [], propOwners: {} };
        expected.set(node.id, state);
      }
      state.owners.push(facts.sourceId);
      for (const [key, value] of Object.entries(node.props)) {
        // `SET n += row.props` removes a property given as null.
        if (value === null) delete state.props[key];
        else state.props[key] = value;
        state.propOwners[key] = facts.sourceId;
      }
      const name = state.name;
      const known = [...state.aliases];
      state.aliases.push(
        ...[node.name, ...node.aliases].filter((alias) => alias !== name && !known.includes(alias)),
      );
    }
  }
  return expected;
}

/**
 * The plan for one source. `current` holds the source's nodes and claims as the graph has them, and
 * the nodes of its facts that other sources put there. Without `expected` (a caller writing sources
 * one by one, as the test fixtures do) every node row is written, as the node scripts always did.
 */
export function planSourceWrite(
  facts: SourceFacts,
  current: { nodes: CurrentNode[]; claims: CurrentClaim[] },
  expected?: ReadonlyMap<string, ExpectedNode>,
): WritePlan {
  const source = facts.sourceId;
  const plan: WritePlan = { retractClaims: [], retractNodes: [], resetNodes: [], nodes: [], claims: [] };

  const stated = new Map<string, { claim: ClaimFact; digest: string }>();
  for (const claim of facts.claims)
    stated.set(`${claim.type}|${claim.key}`, { claim, digest: claimDigest(claim) });
  const held = new Set<string>();
  for (const claim of current.claims) {
    const id = `${claim.type}|${claim.key}`;
    const next = stated.get(id);
    if (next && next.digest === claim.digest) held.add(id);
    else plan.retractClaims.push({ from: claim.from, to: claim.to, key: claim.key });
  }
  for (const [id, entry] of stated) if (!held.has(id)) plan.claims.push(entry);

  const currentNodes = new Map(current.nodes.map((node) => [node.id, node.props]));
  const kept = new Set<string>();
  for (const node of facts.nodes) {
    kept.add(node.id);
    const props = currentNodes.get(node.id);
    const state = expected?.get(node.id);
    const change = state ? nodeChange(node, props, state, source) : 'write';
    if (change === 'reset' && props) {
      const keep: Record<string, unknown> = {
        id: node.id,
        name: node.name,
        aliases: [],
        sources: props.sources,
      };
      for (const key of RANKING_KEYS) if (props[key] !== undefined) keep[key] = props[key];
      plan.resetNodes.push({ id: node.id, keep });
    }
    if (change !== 'none') plan.nodes.push(node);
  }
  for (const node of current.nodes) {
    const sources = (node.props.sources as string[] | undefined) ?? [];
    if (sources.includes(source) && !kept.has(node.id)) plan.retractNodes.push({ id: node.id });
  }
  return plan;
}

/**
 * Whether a node row of the source needs writing. The source that names the node (the first of its
 * owners) checks the whole node against what a fresh load would leave, and resets it when anything
 * differs (a name, an alias, a property a source no longer gives): the owners after it then find
 * their spellings and properties missing and write them again, in load order, so the node ends as a
 * fresh load leaves it. Any other owner writes its row when the node lacks a spelling of its own or
 * a property value it is the last to give.
 */
function nodeChange(
  node: NodeFact,
  props: Record<string, unknown> | undefined,
  state: ExpectedNode,
  source: string,
): 'none' | 'write' | 'reset' {
  if (!props) return 'write';
  const asserted = ((props.sources as string[] | undefined) ?? []).includes(source);
  if (state.owners[0] === source) {
    if (!sameNode(props, state)) return 'reset';
    return asserted ? 'none' : 'write';
  }
  if (!asserted) return 'write';
  const spellings = new Set([props.name, ...((props.aliases as string[] | undefined) ?? [])]);
  if (![node.name, ...node.aliases].every((name) => spellings.has(name))) return 'write';
  const stale = Object.entries(state.propOwners).some(
    ([key, owner]) => owner === source && !sameValue(props[key], state.props[key]),
  );
  return stale ? 'write' : 'none';
}

/** Whether a stored node has the name, aliases and exactly the properties a fresh load gives it. */
function sameNode(props: Record<string, unknown>, state: ExpectedNode): boolean {
  if (props.name !== state.name || !sameValue(props.aliases ?? [], state.aliases)) return false;
  const stored = Object.keys(props).filter((key) => !DERIVED.has(key));
  const given = Object.keys(state.props);
  return stored.length === given.length && given.every((key) => sameValue(props[key], state.props[key]));
}

function sameValue(stored: unknown, value: unknown): boolean {
  if (Array.isArray(stored) || Array.isArray(value)) return JSON.stringify(stored) === JSON.stringify(value);
  return stored === value;
}
