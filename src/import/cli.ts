import { loadConfig } from '../config.ts';
import { consoleLog } from '../logger.ts';
import { runCommand, withServeGraph } from '../neo4j/command.ts';
import { formatSummary, importConfiguredSources } from './run.ts';

/**
 * `npm run import [-- --force]`: loads the CNCF sources into the Neo4j that `npm start` would use,
 * prints progress and a summary, and exits non-zero if any source failed.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const force = process.argv.includes('--force');
  return withServeGraph(config, consoleLog, async (graph) => {
    const summary = await importConfiguredSources({ config, graph, log: consoleLog, force });
    console.log(formatSummary(summary));
    return summary.sources.some((source) => source.status === 'failed') ? 1 : 0;
  });
}

runCommand(main);
