/**
 * Run as a child process by the launcher test: starts the local Neo4j on the store directory given
 * as argv[2], prints `{ pid, uri }` as one JSON line, then waits to be killed. It installs no
 * signal handler of its own, so a SIGKILL leaves only the JVM's stdin watch to stop Neo4j.
 */
import { startLocalNeo4j } from '../../src/neo4j/launcher/local-launcher.ts';
import { ownNeo4jOptions } from './own-neo4j.ts';

const homeDir = process.argv[2];
if (!homeDir) throw new Error('usage: launch-local-neo4j.ts <store directory>');
const connection = await startLocalNeo4j(ownNeo4jOptions(homeDir, null));
process.stdout.write(`${JSON.stringify({ pid: connection.pid, uri: connection.uri })}\n`);
setInterval(() => {}, 60_000);
