/**
 * The service that bench:scale (scale.ts) measures, in a process of its own: createApp as main.ts
 * builds it (response cache off) over a driver to the Neo4j that scale.ts loaded, and nothing else.
 * The process that built and imported the graph holds the importer's facts and its write batches;
 * measured there, "the service's RSS" was mostly the benchmark's. Here it is what one replica
 * serving that graph holds, and its peak is what it holds while it also recomputes the rankings.
 *
 * Started by `startScaleService`, which sends it the connection; it answers over IPC:
 * - `rankings`: recomputes them (force) as an import does, and reports their steps with the
 *   event-loop delay of this process meanwhile (the requests scale.ts sends keep arriving);
 * - `memory`: its RSS after a full collection, and its peak RSS (VmHWM) since it started;
 * - `stop`: closes the server and the driver, and exits.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { computeRankings, type RankingStats } from '../src/analytics/rankings.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createDriver } from '../src/neo4j/driver.ts';
import { GraphExecutor } from '../src/neo4j/executor.ts';
import { close, listen } from './support/http.ts';
import { quiet } from './support/real-graph.ts';

export interface ServiceConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
}

export interface RankingRun {
  stats: RankingStats;
  eventLoopP99: number;
  eventLoopMax: number;
}

export interface ServiceMemory {
  rssMb: number;
  peakRssMb: number;
  /** Of the RSS: V8's heap in use, and memory outside it (array buffers among it). */
  heapUsedMb: number;
  externalMb: number;
}

type Command = 'rankings' | 'memory' | 'stop';

export interface ScaleService {
  origin: string;
  pid: number;
  rankings(): Promise<RankingRun>;
  memory(): Promise<ServiceMemory>;
  stop(): Promise<void>;
}

/** Forks the service, gives it `connection`, and resolves once it listens. */
export function startScaleService(connection: ServiceConnection): Promise<ScaleService> {
  // --expose-gc: `memory` collects before it reads the RSS, so the figure is what stays.
  const child = fork(fileURLToPath(import.meta.url), ['--scale-service'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, '--expose-gc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // One command at a time: each waits for the answer to the one before.
  const ask = <Answer>(command: Command): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const onExit = () =>
        reject(new Error(`the scale service (pid ${child.pid}) exited during "${command}"`));
      child.once('exit', onExit);
      child.once('message', (answer) => {
        child.off('exit', onExit);
        resolve(answer as Answer);
      });
      child.send(command);
    });
  return new Promise((resolve, reject) => {
    const early = (code: number | null) =>
      reject(new Error(`the scale service (pid ${child.pid}) exited with ${code} before listening`));
    child.once('error', reject);
    child.once('exit', early);
    child.once('message', (ready) => {
      child.off('exit', early);
      resolve({
        origin: (ready as { origin: string }).origin,
        pid: child.pid as number,
        rankings: () => ask<RankingRun>('rankings'),
        memory: () => ask<ServiceMemory>('memory'),
        stop: async () => {
          if (child.exitCode === null) child.send('stop');
          await exited;
        },
      });
    });
    child.send(connection);
  });
}

/** Peak resident set size of this process, from /proc (Linux), in MB. */
function peakRssMb(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  // In kB (1,024 bytes), where process.memoryUsage() counts bytes.
  return line ? (Number(line.replace(/\D+/g, '')) * 1024) / 1e6 : Number.NaN;
}

async function serve(connection: ServiceConnection): Promise<void> {
  const config = loadConfig();
  const driver = createDriver({ kind: 'external', pid: null, stop: async () => {}, ...connection });
  const graph = new GraphExecutor(driver, {
    database: connection.database,
    queryTimeoutMs: config.neo4j.queryTimeoutMs,
  });
  // The recompute's statements read and write the whole graph: at 100× they outlast a request's timeout.
  const rankingGraph = new GraphExecutor(driver, { database: connection.database, queryTimeoutMs: 600_000 });
  const server = createServer(
    createApp({ graph, logger: createLogger('silent'), api: { ...config.api, responseCacheTtlMs: 0 } }),
  );
  const origin = await listen(server);
  process.on('message', (command: Command) => {
    const answer = async (): Promise<unknown> => {
      if (command === 'rankings') {
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const stats = await computeRankings(rankingGraph, quiet, { force: true });
        delay.disable();
        return { stats, eventLoopP99: delay.percentile(99) / 1e6, eventLoopMax: delay.max / 1e6 };
      }
      if (command === 'memory') {
        globalThis.gc?.();
        const usage = process.memoryUsage();
        return {
          rssMb: usage.rss / 1e6,
          peakRssMb: peakRssMb(),
          heapUsedMb: usage.heapUsed / 1e6,
          externalMb: usage.external / 1e6,
        };
      }
      await close(server);
      await driver.close();
      process.exit(0);
    };
    answer().then(
      (value) => process.send?.(value),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send?.({ origin });
}

if (process.argv.includes('--scale-service')) {
  // The service goes when the benchmark does.
  process.once('disconnect', () => process.exit(1));
  process.once('message', (connection) => {
    serve(connection as ServiceConnection).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
