import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../../src/config.ts';
import { importSources } from '../../src/import/importer.ts';
import { acquireInputs } from '../../src/import/run.ts';
import { consoleLog, type Log } from '../../src/logger.ts';
import type { Neo4jConnection } from '../../src/neo4j/connection.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { obtainNeo4j } from '../../src/neo4j/obtain.ts';

export const quiet: Log = { ...consoleLog, info: () => {} };

/** A fresh Neo4j (obtained like the tests obtain one) holding the real graph, for benchmarks. */
export async function realGraph(config: Config): Promise<{
  connection: Neo4jConnection;
  driver: Driver;
  graph: GraphExecutor;
  close: () => Promise<void>;
}> {
  if (!config.import.dataDir)
    throw new Error('Set CNCF_DATA_DIR to the CNCF data directory for this benchmark');
  const connection = await obtainNeo4j(config, 'test', consoleLog);
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    disableLosslessIntegers: true,
  });
  const graph = new GraphExecutor(driver, { database: connection.database, queryTimeoutMs: 60_000 });
  const { inputs: acquiredInputs } = await acquireInputs({
    dataDir: config.import.dataDir,
    cacheDir: config.cacheDir,
    log: quiet,
  });
  await importSources({
    graph,
    inputs: acquiredInputs,
    log: quiet,
  });
  return {
    connection,
    driver,
    graph,
    close: async () => {
      await driver.close();
      await connection.stop();
    },
  };
}

/** The `q` quantile (0–1) of an ascending sample, nearest rank; 0 for an empty sample. */
export function percentile(sorted: number[], q: number): number {
  return sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}

/** The median of rounds' figures: the middle one, or the mean of the two middle ones. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median and 95th percentile of a sample, in milliseconds. */
export function summarise(samples: number[]): { median: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) as number };
}

// The seeded generator the service samples with; the benchmarks pick their inputs with it too.
export { seededRandom } from '../../src/analytics/random.ts';
