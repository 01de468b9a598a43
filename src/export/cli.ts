import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigError, loadConfig } from '../config.ts';
import { GraphExecutor } from '../graph/executor.ts';
import { consoleLog } from '../logger.ts';
import { createDriver } from '../neo4j/driver.ts';
import { obtainNeo4j } from '../neo4j/obtain.ts';
import { type CliOptions, parseCliArguments, USAGE } from './cli-args.ts';
import { exportChunks } from './http.ts';
import { readSubgraph, UnknownEntityError } from './subgraph.ts';

/** Exit status for a usage mistake, as getopt-style tools use it. */
const USAGE_ERROR = 2;

/**
 * `npm run export -- --format graphml|json [--out FILE] [filters]`: exports from the Neo4j that
 * `npm start` would use (obtained, and stopped afterwards, as `npm run import` does). The document
 * goes to FILE or standard output; progress and the summary go to standard error.
 */
async function main(): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    // Checked before a Neo4j is obtained: a typo costs nothing.
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return USAGE_ERROR;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const started = Date.now();
  const connection = await obtainNeo4j(config, 'serve', consoleLog);
  const driver = createDriver(connection);
  try {
    const graph = new GraphExecutor(driver, {
      database: connection.database,
      queryTimeoutMs: config.neo4j.queryTimeoutMs,
    });
    const readStarted = Date.now();
    const subgraph = await readSubgraph(graph, options.filter);
    const readMs = Date.now() - readStarted;
    // pipeline waits whenever the destination asks (a slow pipe, a busy disk) and rejects on its
    // errors; standard output is left open for the summary and the process's own exit.
    const source = Readable.from(exportChunks(subgraph, options.format));
    if (options.out === null) {
      try {
        await pipeline(source, process.stdout, { end: false });
      } catch (error) {
        // The reader went away (`| head`): what it did not read is not wanted.
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
        return 0;
      }
    } else {
      await pipeline(source, createWriteStream(options.out));
    }
    console.error(
      `exported ${subgraph.nodes.length} nodes and ${subgraph.links.length} links` +
        (subgraph.truncated ? ' (truncated: the export limit was reached)' : '') +
        (options.out === null ? '' : ` to ${options.out}`) +
        ` in ${Date.now() - started} ms (reading the graph: ${readMs} ms)`,
    );
    if (subgraph.nodes.length === 0 && options.filter.around === null) {
      console.error('the graph is empty: `npm run import` loads it (and `npm start` does when it starts)');
    }
    return 0;
  } catch (error) {
    if (error instanceof UnknownEntityError) {
      console.error(error.message);
      return 1;
    }
    throw error;
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
