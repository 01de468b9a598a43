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

/** A claim as one canonical line (properties by key): what its digest is taken of. */
export function claimRow(claim: ClaimFact): string {
  return JSON.stringify([claim.type, claim.key, claim.from.id, claim.to.id, claim.line, sorted(claim.props)]);
}

// Claims are not changed once built, and an import after a new commit is handed most of the same
// claim objects as the one before (facts/memo.ts): their lines are made once.
const claimRows = new WeakMap<ClaimFact, string>();

function rememberedClaimRow(claim: ClaimFact): string {
  let row = claimRows.get(claim);
  if (row === undefined) {
    row = claimRow(claim);
    claimRows.set(claim, row);
  }
  return row;
}

/** What a claim row says, as a short fingerprint: type, key, ends, line and properties. */
export function claimDigest(claim: ClaimFact, row = claimRow(claim)): string {
  return createHash('sha1').update(row).digest('base64');
}

/**
 * One source's facts as canonical lines, and their fingerprint. Each node's line holds the node row
 * and the state a fresh load gives the node (`expected`, which other sources' facts shape too), so
 * the fingerprint says what writing the facts leaves in the graph. The Source node stores it with
 * each write: an import whose facts for a source give the same fingerprint, after an import that
 * wrote every source it meant to, leaves that source alone without reading what it holds.
 * Order-free (lines are sorted, properties by key), since a resumed sweep of a history lists the
 * same facts in another order than a full one.
 */
export interface SourceRows {
  /** Parallel to `facts.claims`. */
  claims: string[];
  /** Node id → its line. */
  nodes: Map<string, string>;
  /** The fingerprint of all the lines. */
  state: string;
}

export function sourceRows(facts: SourceFacts, expected: ReadonlyMap<string, ExpectedNode>): SourceRows {
  const nodes = new Map<string, string>();
  for (const node of facts.nodes) nodes.set(node.id, nodeLine(node, expected.get(node.id)));
  // The same facts (facts/memo.ts) with the same node lines, which are the same strings when their
  // states are the same objects (expectedNodes): the fingerprint the last import took stands.
  const before = lastRows.get(facts);
  if (
    before &&
    before.nodes.size === nodes.size &&
    [...nodes].every(([id, line]) => before.nodes.get(id) === line)
  )
    return before;
  const claims = facts.claims.map(rememberedClaimRow);
  const lines = [...claims, ...nodes.values()].sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  const rows = { claims, nodes, state: hash.digest('base64') };
  lastRows.set(facts, rows);
  return rows;
}

const lastRows = new WeakMap<SourceFacts, SourceRows>();
const nodeLines = new WeakMap<NodeFact, { state: ExpectedNode | undefined; line: string }>();

/** A node row and the state a fresh load gives the node, as one line; made once per row and state. */
function nodeLine(node: NodeFact, state: ExpectedNode | undefined): string {
  const known = nodeLines.get(node);
  if (known && known.state === state) return known.line;
  const line = JSON.stringify([
    node.label,
    node.id,
    node.name,
    node.aliases,
    sorted(node.props),
    state ? [state.name, state.aliases, sorted(state.props), state.owners, sorted(state.propOwners)] : null,
  ]);
  nodeLines.set(node, { state, line });
  return line;
}

/**
 * What one write of a source left in the graph, as the importer keeps it between imports in one
 * process. While the Source node still records `state` and the last import settled, the graph holds
 * exactly these claims, and each of these nodes as its line says, so the next write of the source
 * reads back only the nodes whose line changed: a new commit then costs what it changed, not a read
 * of the source's thousands of claims and nodes.
 */
export interface WrittenSource {
  state: string;
  /** `type|key` → the claim as the graph holds it, with its line. */
  claims: Map<string, CurrentClaim & { row: string }>;
  /** Node id → its line. */
  nodes: Map<string, string>;
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
  /** The node rows it was made from, parallel to `owners`. */
  from: readonly NodeFact[];
}

export function expectedNodes(
  ordered: readonly SourceFacts[],
  previous?: ReadonlyMap<string, ExpectedNode>,
): Map<string, ExpectedNode> {
  // Each node's rows in load order, with the source of each.
  const rows = new Map<string, { nodes: NodeFact[]; owners: string[] }>();
  for (const facts of ordered) {
    for (const node of facts.nodes) {
      let entry = rows.get(node.id);
      if (!entry) {
        entry = { nodes: [], owners: [] };
        rows.set(node.id, entry);
      }
      entry.nodes.push(node);
      entry.owners.push(facts.sourceId);
    }
  }
  const expected = new Map<string, ExpectedNode>();
  for (const [id, { nodes, owners }] of rows) {
    // Made from the same rows (the same objects, facts/memo.ts) by the same sources: the same state,
    // and the same object, which lets sourceRows reuse the lines it made of it.
    const before = previous?.get(id);
    const same =
      before !== undefined &&
      before.from.length === nodes.length &&
      nodes.every((node, i) => before.from[i] === node && before.owners[i] === owners[i]);
    expected.set(id, same ? before : expectedNode(nodes, owners));
  }
  return expected;
}

function expectedNode(nodes: NodeFact[], owners: string[]): ExpectedNode {
  const state: ExpectedNode = {
    name: (nodes[0] as NodeFact).name,
    aliases: [],
    props: {},
    owners: [],
    propOwners: {},
    from: nodes,
  };
  nodes.forEach((node, i) => {
    const sourceId = owners[i] as string;
    state.owners.push(sourceId);
    for (const [key, value] of Object.entries(node.props)) {
      // `SET n += row.props` removes a property given as null.
      if (value === null) delete state.props[key];
      else state.props[key] = value;
      state.propOwners[key] = sourceId;
    }
    const name = state.name;
    const known = [...state.aliases];
    state.aliases.push(
      ...[node.name, ...node.aliases].filter((alias) => alias !== name && !known.includes(alias)),
    );
  });
  return state;
}

/**
 * The plan for one source. `current` holds the source's nodes and claims as the graph has them, and
 * the nodes of its facts that other sources put there. Without `expected` (a caller writing sources
 * one by one, as the test fixtures do) every node row is written, as the node scripts always did.
 * With `rows` the plan also gives what the write leaves (`written`, for the next plan). With
 * `previous` too (the last write of the source, still what the graph holds), nodes whose line is
 * unchanged need no row and were not read, and claims whose line is unchanged keep their digest.
 */
export function planSourceWrite(
  facts: SourceFacts,
  current: { nodes: CurrentNode[]; claims: CurrentClaim[] },
  expected?: ReadonlyMap<string, ExpectedNode>,
  known?: { rows: SourceRows; previous?: WrittenSource },
): WritePlan & { written?: WrittenSource } {
  const source = facts.sourceId;
  const plan: WritePlan = { retractClaims: [], retractNodes: [], resetNodes: [], nodes: [], claims: [] };

  const stated = new Map<string, { claim: ClaimFact; digest: string; row: string }>();
  facts.claims.forEach((claim, i) => {
    const id = `${claim.type}|${claim.key}`;
    const row = known?.rows.claims[i] ?? claimRow(claim);
    const before = known?.previous?.claims.get(id);
    stated.set(id, {
      claim,
      row,
      digest: before?.row === row && before.digest ? before.digest : claimDigest(claim, row),
    });
  });
  const held = new Set<string>();
  for (const claim of current.claims) {
    const id = `${claim.type}|${claim.key}`;
    const next = stated.get(id);
    if (next && next.digest === claim.digest) held.add(id);
    else plan.retractClaims.push({ from: claim.from, to: claim.to, key: claim.key });
  }
  for (const [id, { claim, digest }] of stated) if (!held.has(id)) plan.claims.push({ claim, digest });

  const currentNodes = new Map(current.nodes.map((node) => [node.id, node.props]));
  const kept = new Set<string>();
  for (const node of facts.nodes) {
    kept.add(node.id);
    const line = known?.rows.nodes.get(node.id);
    if (line !== undefined && known?.previous?.nodes.get(node.id) === line) continue;
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
  if (!known) return plan;
  const claims = new Map<string, CurrentClaim & { row: string }>();
  for (const [id, { claim, digest, row }] of stated)
    claims.set(id, { type: claim.type, key: claim.key, digest, from: claim.from.id, to: claim.to.id, row });
  return { ...plan, written: { state: known.rows.state, claims, nodes: known.rows.nodes } };
}

/** The nodes a write must read back when `previous` is what the graph holds: those whose line changed or that the source drops. */
export function nodesToRead(facts: SourceFacts, rows: SourceRows, previous: WrittenSource): string[] {
  const ids = facts.nodes
    .filter((node) => previous.nodes.get(node.id) !== rows.nodes.get(node.id))
    .map((node) => node.id);
  for (const id of previous.nodes.keys()) if (!rows.nodes.has(id)) ids.push(id);
  return ids;
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
