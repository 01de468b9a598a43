/**
 * Run as a child process by the launcher test: starts the local Neo4j on the store directory given
 * as argv[2], prints `{ pid, uri }` as one JSON line, then waits to be killed. It installs no
 * signal handler of its own, so a SIGKILL leaves only the JVM's stdin watch to stop Neo4j.
 */
import { loadConfig } from '../../src/config.ts';
import { consoleLog } from '../../src/logger.ts';
import { startLocalNeo4j } from '../../src/neo4j/launcher/local-launcher.ts';

const homeDir = process.argv[2];
if (!homeDir) throw new Error('usage: launch-local-neo4j.ts <store directory>');
const config = loadConfig();
const connection = await startLocalNeo4j({
  version: config.neo4j.local.version,
  boltPort: null,
  homeDir,
  heap: '512m',
  pageCache: '64m',
  password: config.neo4j.password,
  startTimeoutMs: config.neo4j.local.startTimeoutMs,
  javaHome: config.neo4j.local.javaHome,
  cacheDir: config.cacheDir,
  log: consoleLog,
});
process.stdout.write(`${JSON.stringify({ pid: connection.pid, uri: connection.uri })}\n`);
setInterval(() => {}, 60_000);
