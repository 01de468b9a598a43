import { ConfigError, loadConfig } from '../config.ts';
import { GraphExecutor } from '../graph/executor.ts';
import { consoleLog } from '../logger.ts';
import { createDriver } from '../neo4j/driver.ts';
import { obtainNeo4j } from '../neo4j/obtain.ts';
import { formatSummary, importConfiguredSources } from './run.ts';

/**
 * `npm run import [-- --force]`: loads the CNCF sources into the Neo4j that `npm start` would use,
 * prints progress and a summary, and exits non-zero if any source failed.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const force = process.argv.includes('--force');
  const connection = await obtainNeo4j(config, 'serve', consoleLog);
  const driver = createDriver(connection);
  try {
    const graph = new GraphExecutor(driver, {
      database: connection.database,
      queryTimeoutMs: config.neo4j.queryTimeoutMs,
    });
    const summary = await importConfiguredSources({ config, graph, log: consoleLog, force });
    console.log(formatSummary(summary));
    return summary.sources.some((source) => source.status === 'failed') ? 1 : 0;
  } finally {
    await driver.close();
    await connection.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
