/**
 * `npm run bench:overhead`: what one request costs before any question is asked, layer by layer.
 * The peer benchmark (bench.ts) compares this service with hand-written Cypher behind a plain
 * node:http handler; this run says how much of the difference is fixed cost of the HTTP and GraphQL
 * layers themselves, which no query plan can remove.
 *
 * Every layer answers the same trivial request over node:http on 127.0.0.1, loaded by the same
 * autocannon client as bench.ts (client.ts, in a child process), the layers taking turns over
 * several rounds, medians reported:
 * - node:http: drains the body and answers a fixed JSON (the raw side of bench.ts minus its Cypher);
 * - node:http + Bolt: the same, after one auto-commit `RETURN 1` through neo4j-driver, read as the
 *   raw side reads (the floor of any question that needs the database);
 * - graphql-yoga: Yoga's defaults over this service's schema, `{ __typename }`;
 * - the service without its observability plugins, then the service as main.ts builds it;
 * - the @neo4j/graphql peer, `{ __typename }`.
 * `{ __typename }` runs no resolver and no Cypher: what is measured is the request's way in and out.
 *
 * Writes the section "## Fixed cost of a request (issue 7)" in bench/results.md. Options: --seconds
 * (per run, default 4), --rounds (3), --warmup (6 s per layer), --connections (1,8).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../../src/config.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { schema } from '../../src/schema/index.ts';
import { close, listen } from '../support/http.ts';
import { median, realGraph } from '../support/real-graph.ts';
import { writeSection } from '../support/results.ts';
import { failuresOf, type LoadOutcome, load } from './client.ts';
import { createNeo4jGraphqlPeer } from './neo4j-graphql.ts';
import { serviceApp } from './sides.ts';

const HEADING = '## Fixed cost of a request (issue 7)';
const COMMAND = 'CNCF_DATA_DIR=../shared/data/cncf npm run bench:overhead';
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

interface Layer {
  name: string;
  what: string;
  listener: RequestListener;
  graphql: boolean;
}

/** A plain handler: drains the body (keep-alive needs it), then answers what `answer` gives. */
function plainHandler(answer: () => Promise<string>): RequestListener {
  return (request, response) => {
    request.resume();
    request.once('end', () => {
      answer().then(
        (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '1,8' },
      warmup: { type: 'string', default: '6' },
    },
  });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  const connectionCounts = values.connections.split(',').map(Number);
  for (const n of [seconds, rounds, warmup, ...connectionCounts])
    if (!Number.isInteger(n) || n < 1)
      throw new Error('--seconds, --rounds, --warmup and --connections take whole numbers ≥ 1');

  const config = loadConfig();
  const world = await realGraph(config);
  const driver = createDriver(world.connection);
  const database = world.connection.database;
  // The raw side's way of reading (bench/peers/raw.ts): an auto-commit query, one network round trip.
  const returnOne = async () => {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run('RETURN 1 AS ok');
      return JSON.stringify({ rows: result.records.map((record) => record.toObject()) });
    } finally {
      await session.close();
    }
  };
  const graph = new GraphExecutor(driver, { database, queryTimeoutMs: config.neo4j.queryTimeoutMs });
  const layers: Layer[] = [
    {
      name: 'node:http',
      what: 'drains the body, answers a fixed JSON',
      listener: plainHandler(async () => '{"data":{"__typename":"Query"}}'),
      graphql: false,
    },
    {
      name: 'node:http + Bolt',
      what: 'the same after one auto-commit `RETURN 1` (the raw side without its query)',
      listener: plainHandler(returnOne),
      graphql: false,
    },
    {
      name: 'graphql-yoga',
      what: "Yoga's defaults over this service's schema",
      listener: createYoga({
        schema,
        logging: false,
        context: () => ({ graph, requestStats: { roundTrips: 0 }, version: '', today: '' }),
      }),
      graphql: true,
    },
    {
      name: 'service without observability',
      what: 'createApp: graphql-jit, limits, masking, CORS, /ready, explorer and export routes',
      listener: serviceApp(driver, database, config, false),
      graphql: true,
    },
    {
      name: 'service',
      what: 'as main.ts builds it: the above plus request ids, a log line (at warn: none) and metrics',
      listener: serviceApp(driver, database, config),
      graphql: true,
    },
    {
      name: '@neo4j/graphql peer',
      what: 'the peer of bench.ts',
      listener: await createNeo4jGraphqlPeer(driver, database),
      graphql: true,
    },
  ];
  const servers = new Map<string, { server: Server; url: string }>();
  for (const layer of layers) {
    const server = createServer(layer.listener);
    servers.set(layer.name, { server, url: await listen(server) });
  }
  try {
    const run = (layer: Layer, connections: number, runSeconds: number) =>
      load({
        url: servers.get(layer.name)?.url as string,
        path: '/graphql',
        body: TYPENAME,
        connections,
        seconds: runSeconds,
        graphql: layer.graphql,
      });
    // A fresh Neo4j answers Bolt half again as slowly until its JIT has seen some thousand queries.
    for (const layer of layers) await run(layer, 8, warmup);
    const samples = new Map<string, LoadOutcome[]>();
    const failures: string[] = [];
    let turn = 0;
    for (const connections of connectionCounts) {
      for (let round = 1; round <= rounds; round += 1) {
        const order = layers.map((_, i) => layers[(i + turn) % layers.length] as Layer);
        turn += 1;
        for (const layer of order) {
          const outcome = await run(layer, connections, seconds);
          const problems = failuresOf(outcome);
          if (problems.length > 0) failures.push(`${layer.name}, ${connections}: ${problems.join('; ')}`);
          const key = `${layer.name}|${connections}`;
          samples.set(key, [...(samples.get(key) ?? []), outcome]);
          console.error(
            `${connections} conn, round ${round}, ${layer.name}: ${outcome.throughput.toFixed(0)} req/s, p50 ${outcome.p50.toFixed(3)} ms`,
          );
        }
      }
    }
    const figure = (layer: Layer, connections: number) => {
      const outcomes = samples.get(`${layer.name}|${connections}`) ?? [];
      return {
        throughput: median(outcomes.map((o) => o.throughput)),
        p50: median(outcomes.map((o) => o.p50)),
        p99: median(outcomes.map((o) => o.p99)),
      };
    };
    const base = (connections: number) => figure(layers[0] as Layer, connections).p50;
    const rows = layers.flatMap((layer) =>
      connectionCounts.map((connections) => {
        const f = figure(layer, connections);
        return `| ${layer.name} | ${connections} | ${f.throughput.toFixed(0)} | ${f.p50.toFixed(3)} | ${f.p99.toFixed(3)} | ${(
          (f.p50 - base(connections)) * 1000
        ).toFixed(0)} |`;
      }),
    );
    const cpu = os.cpus();
    const report = `${HEADING}

\`${COMMAND}\` (\`node --import tsx bench/peers/overhead.ts\`) — ${new Date().toISOString().slice(0, 10)}, ${cpu.length} cores
(${cpu[0]?.model.trim() ?? 'cpu'}), Node ${process.version}, a Neo4j from the ${world.connection.kind} provider on the same machine.

What a request costs before any question is asked. Every layer answers the same trivial request over node:http
on 127.0.0.1 (\`{ __typename }\` for the GraphQL layers: no resolver, no Cypher), loaded by the client of
\`npm run bench\` (autocannon in a child process), ${warmup} s of warm-up per layer, then the layers taking turns, ${rounds} rounds of ${seconds} s, medians;
latency in ms, measured by the client per request.

${layers.map((layer) => `- **${layer.name}**: ${layer.what}.`).join('\n')}

| layer | connections | req/s | p50 | p99 | p50 added over node:http, µs |
|---|---|---|---|---|---|
${rows.join('\n')}

${failures.length === 0 ? 'No run had a connection error, timeout, non-2xx answer or GraphQL error.' : `Runs with failures:\n${failures.map((f) => `- ${f}`).join('\n')}`}
`;
    console.log(report);
    writeSection(HEADING, report);
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const { server } of servers.values()) await close(server);
    await driver.close();
    await world.close();
  }
}

// Exits rather than waiting for the event loop to drain: nothing of this run should linger.
process.exit(await main());
