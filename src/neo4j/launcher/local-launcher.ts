import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j, { type Driver, Neo4jError } from 'neo4j-driver';
import type { Log } from '../../logger.ts';
import type { Neo4jConnection } from '../connection.ts';
import { resolveNeo4jClasspath } from './classpath.ts';

const ENTRY_POINT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ParentWatchingEntryPoint.java');
const STOP_GRACE_MS = 30_000;
const READY_POLL_MS = 250;

export interface LocalNeo4jOptions {
  version: string;
  /** null: pick a free port (tests). */
  boltPort: number | null;
  /** null: a fresh temporary store, deleted on stop (tests); otherwise kept between runs. */
  homeDir: string | null;
  heap: string;
  pageCache: string;
  password: string;
  startTimeoutMs: number;
  javaHome: string | undefined;
  cacheDir: string;
  log: Log;
}

/**
 * Runs Neo4j Community from Maven Central jars as a child JVM with Bolt on 127.0.0.1.
 *
 * Why a child process and not an embedded server: Neo4j is a JVM program and this service is
 * Node.js. The JVM is bound to us three ways: `stop()` (graceful shutdown), a synchronous kill in
 * Node's `exit` handler, and the Java entry point's watch on its standard input, which also covers
 * a crash or SIGKILL of this process that runs no handler at all.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<Neo4jConnection> {
  const { log } = options;
  const java = options.javaHome ? path.join(options.javaHome, 'bin', 'java') : 'java';
  await assertJava17(java);
  const classpath = await resolveNeo4jClasspath({
    version: options.version,
    cacheDir: options.cacheDir,
    log,
  });

  const temporary = options.homeDir === null;
  const home = options.homeDir ?? (await mkdtemp(path.join(os.tmpdir(), 'neo4j-test-')));
  const boltPort = options.boltPort ?? (await findFreePort());
  if (!(await isPortFree(boltPort))) {
    throw new Error(
      `Port 127.0.0.1:${boltPort} is already in use, so the local Neo4j cannot listen there. ` +
        'Stop whatever holds it, set NEO4J_LOCAL_BOLT_PORT to another port, or set NEO4J_URI to use a running Neo4j.',
    );
  }
  const confDir = path.join(home, 'conf');
  await mkdir(confDir, { recursive: true });
  await writeFile(path.join(confDir, 'neo4j.conf'), neo4jConf({ boltPort, pageCache: options.pageCache }));
  // Users live in the system database; before it exists, the store has only neo4j/neo4j.
  const freshStore = !existsSync(path.join(home, 'data', 'databases', 'system'));

  const started = Date.now();
  log.info(`Starting local Neo4j ${options.version} on bolt://127.0.0.1:${boltPort} (store: ${home})`);
  const child = spawn(
    java,
    [
      `-Xms${options.heap}`,
      `-Xmx${options.heap}`,
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      // Neo4j's page cache wants these; without them it falls back to a slower mode and warns.
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '--add-opens=java.base/java.lang=ALL-UNNAMED',
      '-Dfile.encoding=UTF-8',
      '-cp',
      classpath,
      ENTRY_POINT,
      `--home-dir=${home}`,
      `--config-dir=${confDir}`,
    ],
    // A process group of its own: Ctrl-C in a terminal then reaches only us, and we stop Neo4j
    // after the HTTP server and driver have closed rather than racing them.
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  const output = captureTail(child);
  // SIGTERM, not SIGKILL: the JVM finishes its clean shutdown on its own after we are gone.
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const uri = `bolt://127.0.0.1:${boltPort}`;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // A throw-away store is deleted next, so there is nothing to shut down cleanly; this
        // spares tests the ~10 s Neo4j's Bolt server spends in Netty's graceful shutdown.
        child.kill(temporary ? 'SIGKILL' : 'SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
      if (temporary) await rm(home, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await waitUntilReady({
      uri,
      password: options.password,
      freshStore,
      home,
      deadline: started + options.startTimeoutMs,
      exited,
      output,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  log.info(`Local Neo4j ready in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
  return {
    kind: 'local',
    uri,
    user: 'neo4j',
    password: options.password,
    database: 'neo4j',
    pid: child.pid ?? null,
    stop,
  };
}

function neo4jConf(options: { boltPort: number; pageCache: string }): string {
  return [
    '# Written by the local launcher at every start; edits are overwritten.',
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${options.boltPort}`,
    // What a routing table names (neo4j:// URIs): the loopback address Bolt listens on, not the
    // default `localhost`, which may resolve to ::1 first, where nothing listens.
    `server.bolt.advertised_address=127.0.0.1:${options.boltPort}`,
    'server.bolt.enabled=true',
    'server.http.enabled=false',
    'server.https.enabled=false',
    `server.memory.pagecache.size=${options.pageCache}`,
    // Sized for a 2-core machine: a small transaction memory pool and few Bolt worker threads.
    'dbms.memory.transaction.total.max=512m',
    'server.bolt.thread_pool_max_size=64',
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    'server.directories.logs=logs',
    'db.tx_log.rotation.retention_policy=2 files',
    '',
  ].join('\n');
}

async function waitUntilReady(options: {
  uri: string;
  password: string;
  freshStore: boolean;
  home: string;
  deadline: number;
  exited: Promise<number | null>;
  output: () => string;
}): Promise<void> {
  let exitCode: number | null | undefined;
  void options.exited.then((code) => {
    exitCode = code;
  });
  let lastError: unknown = null;
  while (Date.now() < options.deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `Local Neo4j exited during start-up (exit code ${exitCode}).\n${options.output()}\n${await neo4jLogTail(options.home)}`,
      );
    }
    try {
      await verify(options.uri, 'neo4j', options.password);
      return;
    } catch (error) {
      lastError = error;
      if (isUnauthorized(error)) {
        if (!options.freshStore) {
          throw new Error(
            `The local Neo4j store in ${options.home} was created with another password than NEO4J_PASSWORD. ` +
              'Set the password it was created with, or delete that directory to start afresh.',
          );
        }
        // A new store has neo4j/neo4j with a forced change; set the configured password once.
        await setInitialPassword(options.uri, options.password);
        continue;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(
    `Local Neo4j did not answer on ${options.uri} in time (last error: ${String(lastError)}).\n${await neo4jLogTail(options.home)}`,
  );
}

async function verify(uri: string, user: string, password: string): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { connectionTimeout: 2_000 });
  try {
    // verifyAuthentication fails on a wrong password; verifyConnectivity alone does not always.
    await driver.verifyAuthentication();
    await driver.executeQuery('RETURN 1', {}, { database: 'neo4j' });
  } finally {
    await driver.close();
  }
}

async function setInitialPassword(uri: string, password: string): Promise<void> {
  const driver: Driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'));
  try {
    await driver.executeQuery(
      'ALTER CURRENT USER SET PASSWORD FROM $current TO $password',
      { current: 'neo4j', password },
      { database: 'system' },
    );
  } finally {
    await driver.close();
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof Neo4jError && error.code === 'Neo.ClientError.Security.Unauthorized';
}

async function neo4jLogTail(home: string): Promise<string> {
  const logFile = path.join(home, 'logs', 'neo4j.log');
  if (!existsSync(logFile)) return '';
  const lines = (await readFile(logFile, 'utf8')).trimEnd().split('\n');
  return `Last lines of ${logFile}:\n${lines.slice(-20).join('\n')}`;
}

function captureTail(child: ChildProcess): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

async function assertJava17(java: string): Promise<void> {
  const versionText = await new Promise<string>((resolve, reject) => {
    const child = spawn(java, ['-version'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `No Java found (${java}). The local Neo4j launcher needs a JDK 17 or newer; ` +
                'install one, or use Docker, or set NEO4J_URI to a running Neo4j.',
            )
          : error,
      ),
    );
    child.on('close', () => resolve(text));
  });
  const major = Number(/version "(\d+)/.exec(versionText)?.[1] ?? 0);
  if (major < 17) {
    throw new Error(
      `Neo4j 5.26 needs Java 17 or newer; ${java} is ${versionText.split('\n')[0] ?? 'unknown'}`,
    );
  }
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
