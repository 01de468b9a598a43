import path from 'node:path';
import type { Config } from '../config.ts';
import type { Log } from '../logger.ts';
import type { Neo4jConnection } from './connection.ts';
import { dockerEngineAnswers, startNeo4jContainer } from './container.ts';
import { startLocalNeo4j } from './launcher/local-launcher.ts';

/**
 * `serve`: the long-lived Neo4j behind `npm start`: the launcher listens on the configured port and
 * keeps its store in the cache directory between runs.
 * `test`: a throw-away Neo4j: a free port and a fresh temporary store.
 */
export type Neo4jPurpose = 'serve' | 'test';

/**
 * The one way the service, the tests and the benchmarks get a Neo4j, in this order:
 * NEO4J_URI (production, Aura, a cluster) → testcontainers where a Docker engine answers →
 * the local launcher (Neo4j Community from Maven Central on Java 17).
 * NEO4J_PROVIDER pins one of them instead of trying in order.
 */
export async function obtainNeo4j(config: Config, purpose: Neo4jPurpose, log: Log): Promise<Neo4jConnection> {
  const { neo4j } = config;
  const provider = neo4j.provider;

  if (provider === 'external' || (provider === 'auto' && neo4j.uri)) {
    if (!neo4j.uri) throw new Error('NEO4J_PROVIDER=external needs NEO4J_URI');
    log.info(`Using the Neo4j at ${redactUri(neo4j.uri)} (database ${neo4j.database})`);
    return {
      kind: 'external',
      uri: neo4j.uri,
      user: neo4j.user,
      password: neo4j.password,
      database: neo4j.database,
      pid: null,
      stop: async () => {},
    };
  }

  if (provider === 'testcontainers' || (provider === 'auto' && (await dockerEngineAnswers(log)))) {
    return startNeo4jContainer({ image: neo4j.containerImage, password: neo4j.password, log });
  }

  try {
    return await startLocalNeo4j({
      version: neo4j.local.version,
      boltPort: purpose === 'serve' ? neo4j.local.boltPort : null,
      homeDir:
        purpose === 'serve' ? path.join(config.cacheDir, `neo4j-${neo4j.local.version}`, 'home') : null,
      heap: neo4j.local.heap,
      pageCache: neo4j.local.pageCache,
      password: neo4j.password,
      startTimeoutMs: neo4j.local.startTimeoutMs,
      javaHome: neo4j.local.javaHome,
      cacheDir: config.cacheDir,
      log,
    });
  } catch (error) {
    if (provider !== 'auto') throw error;
    throw new Error(
      'No Neo4j available. Set NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD) to use a running Neo4j, ' +
        'or install Docker, or install a JDK 17+ and Maven for the local launcher. ' +
        `The local launcher said: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** For logs: a URI without any user info it may carry. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//');
}
