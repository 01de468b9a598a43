import { createHash } from 'node:crypto';
import type { GraphExecutor } from '../../src/neo4j/executor.ts';

/**
 * A fingerprint of the graph's content: every relationship with its endpoints' ids and properties,
 * and (unless `exceptSource` is given) every node's id, labels and properties, sorted so that
 * storage order does not matter. `exceptSource` fingerprints only the other sources' claims.
 */
export async function graphDigest(graph: GraphExecutor, exceptSource?: string): Promise<string> {
  const relationships = await graph.read<{
    from: string;
    type: string;
    to: string;
    props: Record<string, unknown>;
  }>(
    `MATCH (a)-[r]->(b)
     WHERE $except IS NULL OR r.source <> $except
     RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props`,
    { except: exceptSource ?? null },
  );
  const nodes =
    exceptSource === undefined
      ? await graph.read<{ id: string; labels: string[]; props: Record<string, unknown> }>(
          'MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props',
        )
      : [];
  const rows = [
    ...relationships.map((r) => `${r.from} ${r.type} ${r.to} ${canonical(r.props)}`),
    ...nodes.map((n) => `${n.id} ${[...n.labels].sort().join(',')} ${canonical(n.props)}`),
  ].sort();
  const hash = createHash('sha256');
  for (const row of rows) hash.update(row).update('\n');
  return hash.digest('hex');
}

function canonical(props: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(props)
      .sort()
      .map((key) => [key, props[key]]),
  );
}
