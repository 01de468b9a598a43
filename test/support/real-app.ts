import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j from 'neo4j-driver';
import { createApp } from '../../src/app.ts';
import { importSources } from '../../src/import/importer.ts';
import { acquireInputs } from '../../src/import/run.ts';
import { consoleLog, createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import type { ProvidedNeo4j } from '../integration/global-setup.ts';
import { cncfDataDir, testCacheDir } from './cncf-data.ts';

/**
 * The real CNCF data loaded into the tests' Neo4j (emptied first), and the app as `npm start` makes
 * it, with its default limits, on a free loopback port: what the browser tests drive.
 */
export async function serveRealGraph(
  neo: ProvidedNeo4j,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), {
    disableLosslessIntegers: true,
  });
  const graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 60_000 });
  const quiet = { ...consoleLog, info: () => {} };
  await graph.write('MATCH (n) DETACH DELETE n');
  const { inputs } = await acquireInputs({ dataDir: cncfDataDir, cacheDir: testCacheDir, log: quiet });
  await importSources({ graph, inputs, log: quiet });
  const server = createServer(createApp({ graph, logger: createLogger('silent') }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await driver.close();
    },
  };
}
