import { type Config, ConfigError } from '../config.ts';
import type { Log } from '../logger.ts';
import { createDriver } from './driver.ts';
import { GraphExecutor } from './executor.ts';
import { obtainNeo4j } from './obtain.ts';

/**
 * For the command-line tools (import, export): runs `work` against the Neo4j that `npm start`
 * would use (configured, or started for the occasion), then lets go of it, whatever happened.
 */
export async function withServeGraph<T>(
  config: Config,
  log: Log,
  work: (graph: GraphExecutor) => Promise<T>,
): Promise<T> {
  const connection = await obtainNeo4j(config, 'serve', log);
  const driver = createDriver(connection);
  try {
    return await work(
      new GraphExecutor(driver, {
        database: connection.database,
        queryTimeoutMs: config.neo4j.queryTimeoutMs,
        deadlineMarginMs: config.neo4j.deadlineMarginMs,
      }),
    );
  } finally {
    await driver.close();
    await connection.stop();
  }
}

/** Runs a command and exits with its status; a failure is printed as its message, not a stack. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
