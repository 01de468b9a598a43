import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../config.ts';
import { consoleLog } from '../logger.ts';
import { runCommand, withServeGraph } from '../neo4j/command.ts';
import { type CliOptions, parseCliArguments, USAGE } from './cli-args.ts';
import { exportChunks } from './document.ts';
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
  const { filter, format, out } = options;
  return withServeGraph(config, consoleLog, async (graph) => {
    try {
      const readStarted = Date.now();
      const subgraph = await readSubgraph(graph, filter);
      const readMs = Date.now() - readStarted;
      // pipeline waits whenever the destination asks (a slow pipe, a busy disk) and rejects on its
      // errors; standard output is left open for the summary and the process's own exit.
      const source = Readable.from(exportChunks(subgraph, format));
      if (out === null) {
        try {
          await pipeline(source, process.stdout, { end: false });
        } catch (error) {
          // The reader went away (`| head`): what it did not read is not wanted.
          if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
          return 0;
        }
      } else {
        await pipeline(source, createWriteStream(out));
      }
      console.error(
        `exported ${subgraph.nodes.length} nodes and ${subgraph.links.length} links` +
          (subgraph.truncated ? ' (truncated: the export limit was reached)' : '') +
          (out === null ? '' : ` to ${out}`) +
          ` in ${Date.now() - started} ms (reading the graph: ${readMs} ms)`,
      );
      if (subgraph.nodes.length === 0 && filter.around === null) {
        console.error('the graph is empty: `npm run import` loads it (and `npm start` does when it starts)');
      }
      return 0;
    } catch (error) {
      if (error instanceof UnknownEntityError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    }
  });
}

runCommand(main);
