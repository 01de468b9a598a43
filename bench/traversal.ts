/**
 * `npm run bench:traversal`: how fast paths, neighbourhoods and leaderboards answer on the real graph, through
 * the whole GraphQL stack in-process (Yoga, Pothos, loaders, Cypher), as a client would see it
 * minus the network. Inputs are picked with a fixed seed so runs are comparable.
 */
import os from 'node:os';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { realGraph, seededRandom, summarise } from './support/real-graph.ts';

const PAIRS = 100;
const WARM_UP = 20;
const NEIGHBOURHOOD_RUNS = 10;

const config = loadConfig();
const world = await realGraph(config);
try {
  // No response cache: each question is asked again and again, and would otherwise be timed as a
  // cache hit (the neighbourhoods at 0.5 ms) rather than as a traversal.
  const app = createApp({
    graph: world.graph,
    logger: createLogger('silent'),
    api: { ...config.api, responseCacheTtlMs: 0 },
  });
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const started = performance.now();
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { ms: performance.now() - started, data: body.data };
  };

  const maintainers = (
    await world.graph.read<{ id: string }>(
      'MATCH (p:Person)-[:MAINTAINS]->() RETURN DISTINCT p.id AS id ORDER BY id',
    )
  ).map((row) => row.id);
  const random = seededRandom(20261126);
  const pick = () => maintainers[Math.floor(random() * maintainers.length)] as string;
  const pairs = Array.from({ length: PAIRS + WARM_UP }, () => [pick(), pick()] as const);

  /** Every pair's shortest route with `asOf` (`null`: any time), after the warm-up ones. */
  const timePaths = async (asOf: string) => {
    const query = `query ($from: ID!, $to: ID!) { path(from: $from, to: $to, asOf: ${asOf}) { shortest { length hops { type explanation } } } }`;
    const times: number[] = [];
    let found = 0;
    for (const [index, [from, to]] of pairs.entries()) {
      const { ms, data } = await ask(query, { from, to });
      if (index < WARM_UP) continue;
      times.push(ms);
      if ((data?.path as { shortest: unknown } | undefined)?.shortest) found += 1;
    }
    return { times, found };
  };
  const { times: pathTimes, found } = await timePaths('null');
  // The same pairs on one day: each step is then judged with the other claims of its pair.
  const { times: dayTimes, found: foundOnDay } = await timePaths('"2023-06-01"');

  const largest = await world.graph.read<{ id: string; name: string; people: number }>(
    `MATCH (o:Organization)<-[:AFFILIATED_WITH]-(p:Person)
       RETURN o.id AS id, o.name AS name, count(DISTINCT p) AS people ORDER BY people DESC LIMIT 5`,
  );
  const NEIGHBOURHOOD = `query ($id: ID!) { neighbourhood(id: $id, depth: 2) { truncated nodes { id kind depth } edges { id source target type } } }`;
  const neighbourhoodTimes: number[] = [];
  let nodes = 0;
  for (const organization of largest) await ask(NEIGHBOURHOOD, { id: organization.id });
  for (let run = 0; run < NEIGHBOURHOOD_RUNS; run += 1) {
    for (const organization of largest) {
      const { ms, data } = await ask(NEIGHBOURHOOD, { id: organization.id });
      neighbourhoodTimes.push(ms);
      nodes = Math.max(nodes, (data?.neighbourhood as { nodes: unknown[] } | undefined)?.nodes.length ?? 0);
    }
  }

  // Leaderboards count over every maintainer claim whatever `first` is: their cost is the graph's,
  // so each is timed at its largest page on days across the history.
  const LEADERBOARDS = {
    'projectsByMaintainers(orderBy: ORGANIZATIONS)':
      '{ projectsByMaintainers(asOf: $DAY, orderBy: ORGANIZATIONS, first: 100) { rank project { name } maintainers organizations } }',
    peopleByMaintainedProjects:
      '{ peopleByMaintainedProjects(asOf: $DAY, first: 100) { rank person { name } projects } }',
    'organizationsByMaintainedProjects(maturity: GRADUATED)':
      '{ organizationsByMaintainedProjects(asOf: $DAY, maturity: GRADUATED, first: 100) { rank organization { name } projects maintainers } }',
  };
  const days = Array.from(
    { length: 20 },
    (_, index) => `${2022 + (index % 5)}-${String(1 + (index % 12)).padStart(2, '0')}-15`,
  );
  const leaderboardRows: string[] = [];
  for (const [name, query] of Object.entries(LEADERBOARDS)) {
    for (const day of days.slice(0, 3)) await ask(query.replace('$DAY', `"${day}"`), {});
    const times: number[] = [];
    for (const day of days) times.push((await ask(query.replace('$DAY', `"${day}"`), {})).ms);
    const summary = summarise(times);
    leaderboardRows.push(
      `| ${name}, first 100, on ${days.length} days from 2022 to 2026 | ${times.length} | ${summary.median.toFixed(1)} ms | ${summary.p95.toFixed(1)} ms | ${summary.max.toFixed(1)} ms |`,
    );
  }

  const path = summarise(pathTimes);
  const pathOnDay = summarise(dayTimes);
  const hood = summarise(neighbourhoodTimes);
  console.log(`
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Neo4j via ${world.connection.kind}

| question | samples | median | p95 | max |
|---|---|---|---|---|
| shortest path between two random maintainers (maxHops 4; ${found} of ${PAIRS} found) | ${PAIRS} | ${path.median.toFixed(1)} ms | ${path.p95.toFixed(1)} ms | ${path.max.toFixed(1)} ms |
| the same, asOf 2023-06-01 (${foundOnDay} of ${PAIRS} found) | ${PAIRS} | ${pathOnDay.median.toFixed(1)} ms | ${pathOnDay.p95.toFixed(1)} ms | ${pathOnDay.max.toFixed(1)} ms |
| depth-2 neighbourhood of the 5 largest organizations (${largest.map((o) => o.name).join(', ')}; up to ${nodes} nodes) | ${neighbourhoodTimes.length} | ${hood.median.toFixed(1)} ms | ${hood.p95.toFixed(1)} ms | ${hood.max.toFixed(1)} ms |
${leaderboardRows.join('\n')}
`);
} finally {
  await world.close();
}
