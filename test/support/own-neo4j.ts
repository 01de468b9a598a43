import { loadConfig } from '../../src/config.ts';
import { consoleLog } from '../../src/logger.ts';
import type { LocalNeo4jOptions } from '../../src/neo4j/launcher/local-launcher.ts';

/**
 * How tests start a Neo4j JVM of their own with the local launcher, whatever Neo4j the rest of the
 * run uses: the configured version, password and Java, a small heap, on `boltPort` (null: a free
 * one) with its store in `homeDir` (null: a throw-away one).
 */
export function ownNeo4jOptions(homeDir: string | null, boltPort: number | null): LocalNeo4jOptions {
  const config = loadConfig();
  return {
    version: config.neo4j.local.version,
    boltPort,
    homeDir,
    heap: '512m',
    pageCache: '64m',
    password: config.neo4j.password,
    startTimeoutMs: config.neo4j.local.startTimeoutMs,
    javaHome: config.neo4j.local.javaHome,
    cacheDir: config.cacheDir,
    log: consoleLog,
  };
}
