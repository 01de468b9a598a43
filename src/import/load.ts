import type { CypherScripts } from '../neo4j/cypher-scripts.ts';
import type { CypherRunner, GraphExecutor } from '../neo4j/executor.ts';
import { CLAIM_TYPES, NODE_LABELS } from '../vocabulary/kinds.ts';
import {
  type CurrentClaim,
  type CurrentNode,
  type ExpectedNode,
  nodesToRead,
  planSourceWrite,
  type SourceRows,
  type WrittenSource,
} from './diff.ts';
import type { Properties, SourceFacts } from './model.ts';

// Rows per UNWIND statement: large enough that a source takes a handful of round trips, small
// enough that one statement's parameters stay well under Bolt's message and memory limits.
const BATCH_SIZE = 1_000;
// Writing a whole source (retract + re-create) is one transaction; the landscape takes a few seconds
// on a 2-core machine, so allow far more than the per-query timeout for API reads.
const SOURCE_WRITE_TIMEOUT_MS = 120_000;

/** Constraints and indexes; each statement on its own, since schema and data changes cannot share a transaction. */
export async function applySchema(graph: GraphExecutor, scripts: CypherScripts): Promise<void> {
  for (const statement of scripts.schema.statements) {
    await graph.writeTransaction('import:schema', (run) => run(statement));
  }
}

/** What one source's write changed. */
export interface WriteCounts {
  claimsWritten: number;
  claimsRetracted: number;
  nodesWritten: number;
  nodesRetracted: number;
}

/**
 * Brings what `facts.sourceId` asserts in the graph to `facts`, in one transaction: it reads what the
 * source asserts now and writes the difference (diff.ts), so a source that changed by a few lines
 * costs a few rows. With `replace`, everything the source asserted is retracted first and written
 * afresh (a forced reload). With `previous` (the source's last write, which the caller knows the
 * graph still holds), only the nodes whose line changed are read back, and no claim. The Source node
 * records what was loaded. Any failure rolls the whole source back. `expected` lets it skip node
 * rows that would change nothing.
 */
export async function writeSource(
  graph: GraphExecutor,
  scripts: CypherScripts,
  facts: SourceFacts,
  sourceProps: Properties,
  options: {
    replace?: boolean;
    /** What every node should hold after this import (diff.ts); without it every node row is written. */
    expected?: ReadonlyMap<string, ExpectedNode>;
    /** The facts as lines, with their fingerprint (diff.ts, sourceRows); needed for `written`. */
    rows?: SourceRows;
    previous?: WrittenSource;
  } = {},
): Promise<WriteCounts & { written?: WrittenSource }> {
  const source = facts.sourceId;
  return graph.writeTransaction(
    `import:${source}`,
    async (run) => {
      const [howListed, readNodes, readClaims, scanNodes, scanClaims, readSomeNodes] = scripts.sourceState
        .statements as [string, string, string, string, string, string];
      // Only a source written before its Source node listed its nodes (010-source) is looked for in
      // every node; the others are read through the ids listed.
      const scan = async () => {
        const [how] = await run<{ known: boolean; listed: boolean }>(howListed, { source });
        return how?.known === true && how.listed !== true;
      };
      // The pairs of nodes whose claims this write changes: when a claim holds depends on the other
      // claims of its pair, whichever source states them (390-claim-spans).
      const touched = new PairSet();
      if (options.replace) {
        const scanned = await scan();
        for (const claim of await run<CurrentClaim>(scanned ? scanClaims : readClaims, { source }))
          touched.add(claim.from, claim.to);
        const [retractListed, retractScanned] = scripts.retractSource.statements as [string, string];
        await run(scanned ? retractScanned : retractListed, { source });
      }
      const previous = options.replace ? undefined : options.previous;
      const ids = facts.nodes.map((node) => node.id);
      let current: { nodes: CurrentNode[]; claims: CurrentClaim[] };
      if (previous && options.rows) {
        current = {
          nodes: await run<CurrentNode>(readSomeNodes, { ids: nodesToRead(facts, options.rows, previous) }),
          claims: [...previous.claims.values()],
        };
      } else {
        const scanned = await scan();
        current = {
          nodes: await run<CurrentNode>(scanned ? scanNodes : readNodes, { source, ids }),
          claims: await run<CurrentClaim>(scanned ? scanClaims : readClaims, { source }),
        };
      }
      const plan = planSourceWrite(
        facts,
        current,
        options.expected,
        options.rows ? { rows: options.rows, previous } : undefined,
      );
      await runBatched(run, scripts.retractClaims.statements, plan.retractClaims, source);
      await runBatched(run, scripts.retractNodes.statements, plan.retractNodes, source);
      await runBatched(run, scripts.resetNodes.statements, plan.resetNodes, source);
      const nodeIds = [...ids].sort();
      for (const statement of scripts.source.statements)
        await run(statement, { source, props: sourceProps, nodeIds });
      for (const label of NODE_LABELS) {
        const rows = plan.nodes
          .filter((node) => node.label === label)
          .map((node) => ({ id: node.id, name: node.name, aliases: node.aliases, props: node.props }));
        await runBatched(run, scripts.node(label).statements, rows, source);
      }
      for (const type of CLAIM_TYPES) {
        const rows = plan.claims
          .filter(({ claim }) => claim.type === type)
          .map(({ claim, digest }) => ({
            from: claim.from.id,
            to: claim.to.id,
            key: claim.key,
            line: claim.line,
            props: claim.props,
            digest,
          }));
        await runBatched(run, scripts.claim(type).statements, rows, source);
      }
      for (const claim of plan.retractClaims) touched.add(claim.from, claim.to);
      for (const { claim } of plan.claims) touched.add(claim.from.id, claim.to.id);
      await storeSpans(run, scripts, touched.rows());
      return {
        claimsWritten: plan.claims.length,
        claimsRetracted: plan.retractClaims.length,
        nodesWritten: plan.nodes.length,
        nodesRetracted: plan.retractNodes.length,
        written: plan.written,
      };
    },
    SOURCE_WRITE_TIMEOUT_MS,
  );
}

/** Pairs of node ids (a claim's two ends), each once. */
class PairSet {
  private readonly pairs = new Map<string, { from: string; to: string }>();

  add(from: string, to: string): void {
    this.pairs.set(JSON.stringify([from, to]), { from, to });
  }

  rows(): { from: string; to: string }[] {
    return [...this.pairs.values()];
  }
}

/** Stores when each claim of these pairs holds (390-claim-spans, its first statement). */
async function storeSpans(
  run: CypherRunner,
  scripts: CypherScripts,
  pairs: { from: string; to: string }[],
): Promise<void> {
  const [spans] = scripts.claimSpans.statements as [string, string];
  for (let start = 0; start < pairs.length; start += BATCH_SIZE)
    await run(spans, { rows: pairs.slice(start, start + BATCH_SIZE) });
}

/**
 * Stores the spans that are missing: claims an older importer wrote, whose source this import did
 * not write again (it failed, or was left out). Every read "as of" a day relies on them. One
 * transaction; a graph with none missing costs one scan of the relationships.
 */
export async function storeMissingSpans(graph: GraphExecutor, scripts: CypherScripts): Promise<number> {
  return graph.writeTransaction(
    'import:claim-spans',
    async (run) => {
      const [, missing] = scripts.claimSpans.statements as [string, string];
      const pairs = await run<{ from: string; to: string }>(missing);
      await storeSpans(run, scripts, pairs);
      return pairs.length;
    },
    SOURCE_WRITE_TIMEOUT_MS,
  );
}

async function runBatched(
  run: CypherRunner,
  statements: string[],
  rows: unknown[],
  source: string,
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE);
    for (const statement of statements) await run(statement, { rows: batch, source });
  }
}

export interface GraphCounts {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
}

/** Nodes per label and relationships per type, for the import summary. */
export async function countGraph(graph: GraphExecutor): Promise<GraphCounts> {
  const nodes = await graph.read<{ label: string; count: number }>(
    `MATCH (n:Entity)
     UNWIND [label IN labels(n) WHERE label <> 'Entity'] AS label
     RETURN label, count(*) AS count ORDER BY label`,
  );
  const relationships = await graph.read<{ type: string; count: number }>(
    'MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type',
  );
  return {
    nodes: Object.fromEntries(nodes.map((row) => [row.label, row.count])),
    relationships: Object.fromEntries(relationships.map((row) => [row.type, row.count])),
  };
}

/** What each source in the graph was loaded from, as its Source node records it. */
export interface LoadedSource {
  /** The fingerprint of its content and the importer. */
  fingerprint: string;
  /** The fingerprint of the importer alone; null for a graph loaded before it was kept. */
  importer: string | null;
  /** What its last write left in the graph (diff.ts, sourceRows); null before it was kept. */
  state: string | null;
}

/** Source id → what it was loaded from, for every source loaded with a fingerprint. */
export async function loadedFingerprints(graph: GraphExecutor): Promise<Map<string, LoadedSource>> {
  const rows = await graph.read<{
    id: string;
    fingerprint: string | null;
    importer: string | null;
    state: string | null;
  }>(
    'MATCH (s:Source) RETURN s.id AS id, s.fingerprint AS fingerprint, s.importer AS importer, s.state AS state',
  );
  return new Map(
    rows
      .filter((row) => row.fingerprint)
      .map((row) => [
        row.id,
        { fingerprint: row.fingerprint as string, importer: row.importer, state: row.state ?? null },
      ]),
  );
}

/**
 * Whether the last import that wrote anything wrote every source it meant to. One that stopped half
 * way (a write that failed, a process killed) leaves some sources in their new state and others in
 * their old one; a source's stored state fingerprint then no longer tells what its nodes hold, so
 * the next import reads every source's state instead of trusting the fingerprints.
 */
export async function lastImportSettled(graph: GraphExecutor): Promise<boolean> {
  const [row] = await graph.read<{ settled: boolean | null }>(
    'OPTIONAL MATCH (state:ImportState) RETURN state.settled AS settled',
  );
  return row?.settled === true;
}

/** Marked unsettled before an import's first write and settled after its last one succeeded. */
export async function markImportSettled(graph: GraphExecutor, settled: boolean): Promise<void> {
  await graph.write('MERGE (state:ImportState) SET state.settled = $settled', { settled });
}
