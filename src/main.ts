import { adminPlugin } from './admin.ts';
import { createApp, ResponseGeneration } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createHttpServer } from './http-server.ts';
import { storeMissingSpans } from './import/load.ts';
import { formatSummary, importConfiguredSources } from './import/run.ts';
import { introspectionWorkerFor } from './introspection.ts';
import { createLogger } from './logger.ts';
import { CypherScripts } from './neo4j/cypher-scripts.ts';
import { createDriver } from './neo4j/driver.ts';
import { GraphExecutor } from './neo4j/executor.ts';
import { obtainNeo4j } from './neo4j/obtain.ts';
import { observabilityPlugins } from './observability/index.ts';
import { loadTrustedDocuments, TrustedDocumentsError } from './persisted-operations.ts';
import { schema } from './schema/index.ts';

/** config → Neo4j → driver → app → listen, and the reverse on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let trustedDocuments: Map<string, string> | null;
  try {
    config = loadConfig();
    // Checked before Neo4j is started: a stale manifest is a configuration error.
    const file = config.api.trustedDocumentsFile;
    trustedDocuments = file ? loadTrustedDocuments(file, schema) : null;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TrustedDocumentsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.server.logLevel);

  const connection = await obtainNeo4j(config, 'serve', logger);
  const driver = createDriver(connection, logger);
  const timeouts = {
    queryTimeoutMs: config.neo4j.queryTimeoutMs,
    deadlineMarginMs: config.neo4j.deadlineMarginMs,
  };
  const graph = new GraphExecutor(driver, { database: connection.database, ...timeouts });
  if (config.import.onStart === 'auto') {
    // Sources whose content (or the importer) is unchanged are skipped, so a warm start costs about
    // a second here. A source that fails keeps its previous facts; the service still starts.
    try {
      const summary = await importConfiguredSources({ config, graph, log: logger });
      const failed = summary.sources.filter((source) => source.status === 'failed');
      const loaded = summary.sources.filter((source) => source.status === 'loaded').length;
      logger.info(
        { loaded, failed: failed.length, ms: summary.ms },
        loaded > 0 ? formatSummary(summary) : 'Graph is up to date',
      );
    } catch (error) {
      // Sources that cannot be had (no data directory and no network, a wrong file) leave the graph
      // as it was; serving what is there beats not serving at all.
      logger.error({ err: error }, 'Import failed; serving the graph as it was');
    }
  } else {
    // Not importing: a graph an older importer wrote may lack the claim spans that every "as of"
    // read compares a day with (cypher/390-claim-spans.cypher); without them those reads find nothing.
    try {
      const pairs = await storeMissingSpans(graph, new CypherScripts());
      if (pairs > 0) logger.warn({ pairs }, 'Stored when claims hold for pairs that had no span stored');
    } catch (error) {
      logger.error({ err: error }, 'Cannot store the missing claim spans; "as of" answers may miss claims');
    }
  }
  const responses = new ResponseGeneration();
  // Any import attempt makes cached answers stale, a failed one too: it may have replaced some
  // sources before failing.
  const runImport = async () => {
    try {
      return await importConfiguredSources({ config, graph, log: logger });
    } finally {
      responses.bump();
    }
  };
  const app = createApp({
    graph,
    logger,
    api: config.api,
    responses,
    trustedDocuments,
    // Exports are made on a worker thread of their own, with its own connections.
    exportWorker: { connection, ...timeouts },
    plugins: [
      // First, so request ids, logs and metrics see every request, rejected ones included.
      ...observabilityPlugins({ logger, metrics: config.api.metrics }),
      adminPlugin({
        token: config.api.adminToken,
        runImport,
        responses,
        log: logger.child({ component: 'admin' }),
      }),
    ],
  });
  // GraphiQL introspects on every load: have the worker that answers it ready before the first.
  if (config.api.introspection) introspectionWorkerFor(schema).warm();
  const server = createHttpServer(app, config.server.timeouts);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'Shutting down: closing the HTTP server, the driver, then Neo4j');
    // Stop accepting connections, let in-flight requests finish, drop idle keep-alive sockets.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    // The export worker and its connections.
    await app.dispose();
    await driver.close();
    await connection.stop();
    logger.info('Stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  const base = `http://${config.server.host}:${config.server.port}`;
  logger.info({ graphiql: `${base}/graphql`, ready: `${base}/ready` }, `Serving GraphiQL at ${base}/graphql`);
}

main().catch((error: unknown) => {
  // A start-up failure (no Neo4j, port taken) is reported plainly; the process then exits, which
  // also ends a local Neo4j JVM through its stdin watch.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
