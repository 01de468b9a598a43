/**
 * `npm run bench:import`: how long the import of the real CNCF files takes on this machine.
 *
 * One fresh Neo4j (obtained like the tests obtain one), then: parsing and fact building alone; the
 * first import into an empty graph (cold JVM); forced reloads of every source (warm: the figure the
 * issue asks for); an import where nothing changed (what `npm start` pays on a warm restart); and
 * imports of 1, 10 and 100 new commits of the maintainers list (what a re-import pays), and of one
 * new commit on top of a quarter, half and all of its history (what of that grows with the history).
 * Prints a Markdown table to paste into bench/results.md.
 */
import os from 'node:os';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../src/config.ts';
import { buildHistoryFacts, parseHistory } from '../src/import/facts/history.ts';
import { buildContext, buildSourceFacts, parseSource } from '../src/import/facts/index.ts';
import { withTexts } from '../src/import/history/acquire.ts';
import { importSources, type SourceInput } from '../src/import/importer.ts';
import { acquireInputs } from '../src/import/run.ts';
import { consoleLog, type Log } from '../src/logger.ts';
import { GraphExecutor } from '../src/neo4j/executor.ts';
import { obtainNeo4j } from '../src/neo4j/obtain.ts';

const WARM_RUNS = 3;
const quiet: Log = { ...consoleLog, info: () => {} };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const config = loadConfig();
if (!config.import.dataDir)
  throw new Error('Set CNCF_DATA_DIR to the CNCF data directory for this benchmark');
const connection = await obtainNeo4j(config, 'test', consoleLog);
const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
  disableLosslessIntegers: true,
});
try {
  const graph = new GraphExecutor(driver, { database: connection.database, queryTimeoutMs: 60_000 });
  const acquireStarted = performance.now();
  const { inputs: acquiredInputs } = await acquireInputs({
    dataDir: config.import.dataDir,
    cacheDir: config.cacheDir,
    log: quiet,
  });
  const inputs: SourceInput[] = acquiredInputs;
  const acquireMs = performance.now() - acquireStarted;

  const parseStarted = performance.now();
  const parsed = inputs.flatMap((input) => ('text' in input ? [parseSource(input.source, input.text)] : []));
  const histories = await Promise.all(
    inputs.flatMap((input) =>
      'versions' in input
        ? [withTexts(input).then((versions) => parseHistory(input.source, versions, input.head))]
        : [],
    ),
  );
  const context = buildContext([...parsed, ...histories.flatMap((history) => history.firstSightings)]);
  const facts = [
    ...parsed.map((source) => buildSourceFacts(source, context)),
    ...histories.map((history) => buildHistoryFacts(history, context).facts),
  ];
  const parseMs = performance.now() - parseStarted;

  const cold = await importSources({ graph, inputs, log: quiet });
  const warm: number[] = [];
  for (let run = 0; run < WARM_RUNS; run += 1) {
    warm.push((await importSources({ graph, inputs, log: quiet, force: true })).ms);
  }
  const unchanged = await importSources({ graph, inputs, log: quiet });

  // New commits: the maintainers list k versions short, imported (a setup step: going back in
  // history parses the list afresh), then the whole list again, measured. The second import parses
  // the k new versions, resumes the interval sweep and writes what changed.
  const MAINTAINERS = 'foundation/project-maintainers.csv';
  const newCommits: { k: number; ms: number; rows: number; rankings: string; phases: string }[] = [];
  for (const k of [1, 10, 100]) {
    const older = inputs.map((input) =>
      'versions' in input && input.source.id === MAINTAINERS
        ? { ...input, versions: input.versions.slice(0, -k), sha256: `${input.sha256}-${k}` }
        : input,
    );
    await importSources({ graph, inputs: older, log: quiet });
    const result = await importSources({ graph, inputs, log: quiet });
    const written = result.sources.find((source) => source.id === MAINTAINERS)?.written;
    newCommits.push({
      k,
      ms: result.ms,
      rows: written ? written.claimsWritten + written.claimsRetracted : 0,
      rankings: result.rankings?.computed ? 'recomputed' : 'kept',
      phases: Object.values(result.phases)
        .map((ms) => (ms / 1000).toFixed(2))
        .join(' / '),
    });
  }
  // One new commit on top of a quarter, half and all of the maintainers list's history: what is
  // left of its cost that grows with the history rather than with the new versions. Each measured
  // import follows an import one version short (and the one before it, so the parser is warm).
  const total = (inputs.find((input) => input.source.id === MAINTAINERS) as { versions: unknown[] }).versions
    .length;
  const cut = (versions: number) =>
    inputs.map((input) =>
      'versions' in input && input.source.id === MAINTAINERS
        ? {
            ...input,
            versions: input.versions.slice(0, versions),
            sha256: `${input.sha256}-first-${versions}`,
          }
        : input,
    );
  const byLength: { versions: number; facts: number; rankings: number; nodes: number }[] = [];
  for (const share of [0.25, 0.5, 1]) {
    const versions = Math.round(total * share);
    const facts: number[] = [];
    const rankings: number[] = [];
    let nodes = 0;
    for (let run = 0; run < WARM_RUNS; run += 1) {
      await importSources({ graph, inputs: cut(versions - 1), log: quiet });
      const result = await importSources({ graph, inputs: cut(versions), log: quiet });
      facts.push(result.phases.check + result.phases.build + result.phases.write);
      rankings.push(result.phases.rankings);
      nodes = Object.values(result.counts.nodes).reduce((a, b) => a + b, 0);
    }
    byLength.push({ versions, facts: median(facts), rankings: median(rankings), nodes });
  }
  await importSources({ graph, inputs, log: quiet });

  const historyRows = cold.sources
    .filter((source) => source.history)
    .map((source) => {
      const h = source.history as NonNullable<typeof source.history>;
      const claimCount = Object.values(h.claims).reduce((a, b) => a + (b ?? 0), 0);
      return `| ${source.id} | ${h.versions} | ${h.parsed} | ${h.silent.length} | ${h.failed.length} | ${h.coveredFrom} – ${h.coveredUntil} | ${claimCount} |`;
    });

  const nodes = Object.values(cold.counts.nodes).reduce((a, b) => a + b, 0);
  const relationships = Object.values(cold.counts.relationships).reduce((a, b) => a + b, 0);
  const claims = facts.reduce((sum, source) => sum + source.claims.length, 0);
  console.log(`
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Neo4j via ${connection.kind}
Graph: ${nodes} nodes, ${relationships} relationships (${claims} claims from ${inputs.length} sources)

| step | time |
|---|---|
| parse + build facts (no database) | ${(parseMs / 1000).toFixed(2)} s |
| first import into an empty graph (cold JVM) | ${(cold.ms / 1000).toFixed(2)} s |
| forced reload of every source, warm (median of ${WARM_RUNS}; min–max) | ${(median(warm) / 1000).toFixed(2)} s (${(Math.min(...warm) / 1000).toFixed(2)}–${(Math.max(...warm) / 1000).toFixed(2)}) |
| import with nothing changed (what a warm \`npm start\` pays) | ${(unchanged.ms / 1000).toFixed(2)} s |
| acquiring the inputs: fetch both clones, list and read every version | ${(acquireMs / 1000).toFixed(2)} s |

| new commits of the maintainers list | import | check / parse and build / write / rankings (s) | its claims written or retracted | rankings |
|---|---|---|---|---|
${newCommits.map((row) => `| ${row.k} | ${(row.ms / 1000).toFixed(2)} s | ${row.phases} | ${row.rows} | ${row.rankings} |`).join('\n')}

| one new commit on top of | facts in the graph after (median of ${WARM_RUNS}) | rankings | graph nodes |
|---|---|---|---|
${byLength.map((row) => `| ${row.versions} versions | ${(row.facts / 1000).toFixed(2)} s | ${(row.rankings / 1000).toFixed(2)} s | ${row.nodes} |`).join('\n')}

| history | versions | parsed | listing nothing | failed | covers | interval claims |
|---|---|---|---|---|---|---|
${historyRows.join('\n')}
`);
} finally {
  await driver.close();
  await connection.stop();
}
