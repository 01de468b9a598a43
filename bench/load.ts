/**
 * `npm run bench:load`: the service under sustained mixed load, over HTTP on 127.0.0.1, on the real
 * graph. The service runs in this process (createApp + node:http, as main.ts serves it); autocannon
 * runs in a child process (this file again, with --load-client), so the RSS measured here is the
 * service's alone and the load generator does not share the service's event loop.
 *
 * Two runs, cache off (RESPONSE_CACHE_TTL_MS=0) and cache on: each 10 s of warm-up, then 60 s at 32
 * connections. Requests rotate through seven operations whose variables are drawn with a fixed seed
 * from the graph itself, so the cache answers some requests but not all. Fails (exit 1) on any
 * connection error, timeout, non-2xx answer or GraphQL error, or when RSS at the end exceeds 1.2 ×
 * RSS after warm-up (both taken idle, after a full garbage collection; see `settled`). Prints a Markdown table and writes it to bench/results.md under
 * "## Load (issue 6)" (replacing that section if it is there).
 */
import { createServer } from 'node:http';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createDriver } from '../src/neo4j/driver.ts';
import { GraphExecutor } from '../src/neo4j/executor.ts';
import { observabilityPlugins } from '../src/observability/index.ts';
import { loadAutocannon } from './support/autocannon.ts';
import { inChild, isLoadClient, serveOneJob } from './support/child.ts';
import { close, listen } from './support/http.ts';
import { percentile, realGraph, seededRandom } from './support/real-graph.ts';
import { writeSection } from './support/results.ts';

const WARM_UP_SECONDS = 10;
const SECONDS = 60;
const CONNECTIONS = 32;
const RSS_RATIO_LIMIT = 1.2;
const SETTLE_MS = 2_000;
const HEADING = '## Load (issue 6)';
const COMMAND = 'CNCF_DATA_DIR=../shared/data/cncf npm run bench:load';

// A full collection on demand without asking for --expose-gc on the command line.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

// ── The workload ──────────────────────────────────────────────────────────────────────────────

/** Values drawn from the real graph that the operations' variables are picked from. */
interface Pools {
  handles: string[];
  maintainers: string[];
  centres: string[];
  words: string[];
}

type Kind = 'lookup' | 'list' | 'nested' | 'toc' | 'path' | 'neighbourhood' | 'search';

const OPERATIONS: Record<Kind, string> = {
  lookup: `query Lookup($handle: String!) {
    person(handle: $handle) { id name handle affiliations(asOf: null, first: 5) { edges { node { name } } } }
  }`,
  list: `query List($maturity: Maturity, $nameContains: String, $first: Int) {
    projects(filter: { maturity: $maturity, nameContains: $nameContains }, first: $first, orderBy: NAME) {
      totalCount edges { node { name maturity } }
    }
  }`,
  nested: `query Nested($nameContains: String, $first: Int) {
    projects(filter: { cncf: true, nameContains: $nameContains }, first: $first) {
      edges { node { name maturity maintainers(first: 10) {
        totalCount edges { node { name handle } organization { name } }
      } } }
    }
  }`,
  toc: `query Toc($asOf: Date) {
    body(name: "TOC") { name members(asOf: $asOf) { totalCount edges { node { name handle } roles since until } } }
  }`,
  path: `query Path($from: ID!, $to: ID!) {
    path(from: $from, to: $to, maxHops: 4) { shortest { length hops { type explanation } } }
  }`,
  neighbourhood: `query Neighbourhood($id: ID!) {
    neighbourhood(id: $id, depth: 2) { truncated nodes { id kind depth } edges { id source target type } }
  }`,
  search: `query Search($text: String!) {
    search(text: $text, first: 10) {
      kind score entity { ... on Person { name } ... on Project { name } ... on Organization { name } }
    }
  }`,
};
const KINDS = Object.keys(OPERATIONS) as Kind[];
const MATURITIES = ['GRADUATED', 'INCUBATING', 'SANDBOX', 'ARCHIVED', null];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// The TOC on any day from the CNCF's first year to the end of the data.
const TOC_FROM = Date.UTC(2016, 0, 1);
const TOC_TO = Date.UTC(2026, 10, 26);

/** The next request's operation and body: kinds in rotation, variables at random (seeded). */
function workload(pools: Pools, seed: number): () => { kind: Kind; body: string } {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const letter = () => pick([...LETTERS]);
  const variables: Record<Kind, () => Record<string, unknown>> = {
    lookup: () => ({ handle: pick(pools.handles) }),
    list: () => ({ maturity: pick(MATURITIES), nameContains: letter(), first: pick([10, 20, 50]) }),
    nested: () => ({ nameContains: letter(), first: pick([5, 10, 20]) }),
    toc: () => ({
      asOf: new Date(TOC_FROM + Math.floor(random() * ((TOC_TO - TOC_FROM) / 86_400_000)) * 86_400_000)
        .toISOString()
        .slice(0, 10),
    }),
    path: () => ({ from: pick(pools.maintainers), to: pick(pools.maintainers) }),
    neighbourhood: () => ({ id: pick(pools.centres) }),
    search: () => {
      const word = pick(pools.words);
      // A prefix as someone typing would send it: the last word also matches as a prefix.
      return { text: word.slice(0, 3 + Math.floor(random() * (word.length - 2))) };
    },
  };
  let index = 0;
  return () => {
    const kind = KINDS[index % KINDS.length] as Kind;
    index += 1;
    return { kind, body: JSON.stringify({ query: OPERATIONS[kind], variables: variables[kind]() }) };
  };
}

// ── The load client (child process) ───────────────────────────────────────────────────────────

interface LoadJob {
  url: string;
  seconds: number;
  connections: number;
  seed: number;
  pools: Pools;
}

interface KindStats {
  requests: number;
  graphqlErrors: number;
  p50: number;
  p99: number;
  firstError: string | null;
}

interface LoadOutcome {
  requests: number;
  seconds: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  byKind: Record<string, KindStats>;
}

interface AutocannonContext {
  kind?: Kind;
  sentAt?: number;
}

async function runClient(job: LoadJob): Promise<LoadOutcome> {
  const autocannon = loadAutocannon();
  const next = workload(job.pools, job.seed);
  const latencies = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
  const errors = new Map<Kind, { count: number; first: string | null }>(
    KINDS.map((kind) => [kind, { count: 0, first: null }]),
  );
  const instance = autocannon<AutocannonContext>({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [
      {
        // Called as each request is built, just before it is written (one request in flight per
        // connection), so the context carries its operation and start time to onResponse.
        setupRequest: (request, context) => {
          const { kind, body } = next();
          context.kind = kind;
          context.sentAt = performance.now();
          return { ...request, path: '/graphql', body };
        },
        onResponse: (status, body, context) => {
          const kind = context.kind;
          if (kind === undefined || context.sentAt === undefined) return;
          latencies.get(kind)?.push(performance.now() - context.sentAt);
          // Yoga answers a request whose execution failed with 200 and an `errors` list.
          if (status === 200 && body.includes('"errors"')) {
            const entry = errors.get(kind);
            if (entry) {
              entry.count += 1;
              entry.first ??= body.slice(0, 300);
            }
          }
        },
      },
    ],
  });
  process.once('disconnect', () => instance.stop());
  const result = await instance;
  const byKind: Record<string, KindStats> = {};
  for (const kind of KINDS) {
    const sorted = (latencies.get(kind) ?? []).sort((a, b) => a - b);
    const failures = errors.get(kind) ?? { count: 0, first: null };
    byKind[kind] = {
      requests: sorted.length,
      graphqlErrors: failures.count,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      firstError: failures.first,
    };
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    latency: result.latency,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors: Object.values(byKind).reduce((sum, stats) => sum + stats.graphqlErrors, 0),
    byKind,
  };
}

/** One load run in a child process (see support/child.ts). */
function load(job: LoadJob): Promise<LoadOutcome> {
  return inChild<LoadJob, LoadOutcome>(fileURLToPath(import.meta.url), job);
}

// ── The service and the measurements (parent process) ─────────────────────────────────────────

interface RunResult {
  label: string;
  outcome: LoadOutcome;
  /** One-minute load average as the run started: other work on the machine skews every figure. */
  loadAverage: number;
  roundTripsPerRequest: number;
  /** After warm-up and at the end: each taken idle, after a full garbage collection; max: over the samples. */
  rss: { afterWarmUp: number; end: number; max: number; samples: number[] };
  /** V8 heap in use after those collections: what the service holds on to (a leak makes it grow). */
  heap: { afterWarmUp: number; end: number; samples: number[] };
}

async function runService(): Promise<number> {
  const config = loadConfig();
  const world = await realGraph(config);
  // The service's own driver, as main.ts makes it: its pool is sized to the Bolt threads the local
  // Neo4j has (the benchmark setup's driver has the driver's default, larger pool).
  const driver = createDriver(world.connection);
  try {
    const pools = await readPools(world.graph);
    const runs: RunResult[] = [];
    for (const [label, ttl] of [
      ['cache off', 0],
      ['cache on', 60_000],
    ] as const) {
      let roundTrips = 0;
      // The service's own executor (its timeout, not the benchmark setup's), counting round trips.
      const graph = new GraphExecutor(driver, {
        database: world.connection.database,
        queryTimeoutMs: config.neo4j.queryTimeoutMs,
        onRoundTrip: () => {
          roundTrips += 1;
        },
      });
      // As main.ts builds it, with the request log at warn: a JSON line per request on this
      // terminal would bury the report (pino drops a line below its level before formatting it).
      const logger = createLogger('warn');
      const app = createApp({
        graph,
        logger,
        api: { ...config.api, responseCacheTtlMs: ttl },
        plugins: [...observabilityPlugins({ logger, metrics: config.api.metrics })],
      });
      const server = createServer(app);
      const url = await listen(server);
      const samples: number[] = [];
      const heapSamples: number[] = [];
      const sample = () => {
        const { rss, heapUsed } = process.memoryUsage();
        samples.push(rss);
        heapSamples.push(heapUsed);
        return { rss, heapUsed };
      };
      const sampler = setInterval(sample, 1000);
      // Between two collections the heap, and with it RSS, swings by 100 MB or more under this load, so
      // a lone sample says more about when the collector last ran than about what the service keeps.
      // The two figures compared are therefore taken at rest, each after a full collection and a
      // pause: V8 hands freed pages back to the system in the background, a moment after collecting.
      const settled = async () => {
        collectGarbage();
        collectGarbage();
        await sleep(SETTLE_MS);
        return sample();
      };
      try {
        console.error(`${label}: warming up for ${WARM_UP_SECONDS} s at ${CONNECTIONS} connections`);
        const job = { url, connections: CONNECTIONS, pools };
        const loadAverage = os.loadavg()[0] ?? 0;
        await load({ ...job, seconds: WARM_UP_SECONDS, seed: 1 });
        const afterWarmUp = await settled();
        // The measured run's samples start with the figure just taken.
        samples.splice(0, samples.length, afterWarmUp.rss);
        heapSamples.splice(0, heapSamples.length, afterWarmUp.heapUsed);
        const tripsBefore = roundTrips;
        console.error(`${label}: measuring for ${SECONDS} s`);
        const outcome = await load({ ...job, seconds: SECONDS, seed: 2 });
        const end = await settled();
        runs.push({
          label,
          outcome,
          loadAverage,
          roundTripsPerRequest: (roundTrips - tripsBefore) / Math.max(1, outcome.requests),
          rss: {
            afterWarmUp: afterWarmUp.rss,
            end: end.rss,
            max: Math.max(...samples),
            samples: [...samples],
          },
          heap: { afterWarmUp: afterWarmUp.heapUsed, end: end.heapUsed, samples: [...heapSamples] },
        });
      } finally {
        clearInterval(sampler);
        await close(server);
      }
    }

    const failures = runs.flatMap(verdict);
    const report = render(runs, world.connection.kind, failures);
    console.log(report);
    for (const run of runs) {
      console.error(`${run.label}: RSS every second (MB): ${run.rss.samples.map(mb).join(' ')}`);
      console.error(`${run.label}: heap used every second (MB): ${run.heap.samples.map(mb).join(' ')}`);
      for (const [kind, stats] of Object.entries(run.outcome.byKind)) {
        if (stats.firstError)
          console.error(`${run.label}: first GraphQL error in ${kind}: ${stats.firstError}`);
      }
    }
    writeSection(HEADING, report);
    if (failures.length > 0) {
      console.error(`\nFAILED:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
      return 1;
    }
    return 0;
  } finally {
    await driver.close();
    await world.close();
  }
}

async function readPools(graph: GraphExecutor): Promise<Pools> {
  const column = async (cypher: string) =>
    (await graph.read<{ value: string }>(cypher)).map((row) => row.value);
  const handles = await column(
    'MATCH (p:Person) WHERE p.handle IS NOT NULL RETURN p.handle AS value ORDER BY value',
  );
  const maintainers = await column(
    'MATCH (p:Person)-[:MAINTAINS]->() RETURN DISTINCT p.id AS value ORDER BY value',
  );
  const centres = await column(
    `MATCH (n) WHERE n:Organization OR n:Project OR (n:Person AND EXISTS { (n)-[:MAINTAINS]->() })
     RETURN n.id AS value ORDER BY value`,
  );
  const names = await column(
    'MATCH (n) WHERE n:Person OR n:Project OR n:Organization RETURN n.name AS value ORDER BY value',
  );
  const words = [
    ...new Set(
      names.flatMap((name) => name.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3),
    ),
  ];
  for (const [name, pool] of Object.entries({ handles, maintainers, centres, words })) {
    if (pool.length === 0) throw new Error(`The graph gave no ${name} to draw variables from`);
  }
  console.error(
    `Pools: ${handles.length} handles, ${maintainers.length} maintainers, ${centres.length} centres, ${words.length} words`,
  );
  return { handles, maintainers, centres, words };
}

function verdict(run: RunResult): string[] {
  const { outcome, rss, label } = run;
  const problems: string[] = [];
  if (outcome.errors > 0) problems.push(`${label}: ${outcome.errors} connection errors`);
  if (outcome.timeouts > 0) problems.push(`${label}: ${outcome.timeouts} timeouts`);
  if (outcome.non2xx > 0) problems.push(`${label}: ${outcome.non2xx} non-2xx answers`);
  if (outcome.graphqlErrors > 0)
    problems.push(`${label}: ${outcome.graphqlErrors} answers with GraphQL errors`);
  const ratio = rss.end / rss.afterWarmUp;
  if (ratio > RSS_RATIO_LIMIT) {
    problems.push(`${label}: RSS grew ${ratio.toFixed(2)}× after warm-up (limit ${RSS_RATIO_LIMIT})`);
  }
  return problems;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const ms = (value: number) => `${value.toFixed(0)} ms`;

function render(runs: RunResult[], neo4jKind: string, failures: string[]): string {
  const cpu = os.cpus();
  const rows = runs.map(({ label, outcome: o, rss, heap, roundTripsPerRequest, loadAverage }) =>
    [
      label,
      (o.requests / o.seconds).toFixed(1),
      ms(o.latency.p50),
      ms(o.latency.p90),
      ms(o.latency.p99),
      o.errors,
      o.non2xx,
      o.timeouts,
      o.graphqlErrors,
      roundTripsPerRequest.toFixed(2),
      `${mb(rss.afterWarmUp)} / ${mb(rss.end)} / ${mb(rss.max)} MB`,
      (rss.end / rss.afterWarmUp).toFixed(2),
      `${mb(heap.afterWarmUp)} / ${mb(heap.end)} MB`,
      loadAverage.toFixed(1),
    ].join(' | '),
  );
  const kindRows = KINDS.map((kind) =>
    [
      kind,
      ...runs.flatMap(({ outcome }) => {
        const stats = outcome.byKind[kind];
        return stats ? [stats.requests, ms(stats.p50), ms(stats.p99)] : ['', '', ''];
      }),
    ].join(' | '),
  );
  const verdictLine =
    failures.length === 0
      ? `Passed: no errors, non-2xx answers, timeouts or GraphQL errors; RSS end ÷ after warm-up ≤ ${RSS_RATIO_LIMIT} in both runs.`
      : `FAILED: ${failures.join('; ')}.`;
  return `${HEADING}

\`${COMMAND}\` (\`node --import tsx bench/load.ts\`) — ${new Date().toISOString().slice(0, 10)}, ${cpu.length} cores
(${cpu[0]?.model.trim() ?? 'cpu'}), Node ${process.version}, a fresh Neo4j from the ${neo4jKind} provider holding the real
graph on the same machine: its JVM shares the cores with the service and the load generator.

The service runs in the benchmark's process as main.ts builds it (createApp with the observability plugins and the
service's driver, node:http on 127.0.0.1; log level warn, so no line per request); autocannon runs in a child process: ${CONNECTIONS} connections, one request in flight on each, ${WARM_UP_SECONDS} s of warm-up, then ${SECONDS} s
measured. Requests rotate through seven operations: a person by handle; projects filtered by maturity and name;
projects → maintainers → organization; the TOC on a random day; a shortest path between two random maintainers; a
depth-2 neighbourhood of a random organization, project or maintainer; a search by word prefix. Variables are drawn
from the graph with a fixed seed, so with the cache on some requests hit and many miss. RSS is the service process's,
sampled every second for the maximum; RSS and V8 heap in use after warm-up and at the end are taken with the service
idle, each 2 s after a full garbage collection (the heap swings by 100 MB or more between collections under this load, so
a lone sample mostly says when the collector last ran). The last column is the machine's one-minute load average as
the run started.

| run | requests/s | p50 | p90 | p99 | errors | non-2xx | timeouts | GraphQL errors | Cypher round trips / request | RSS after warm-up / end / max | RSS end ÷ after warm-up | V8 heap after warm-up / end | load average |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((row) => `| ${row} |`).join('\n')}

By operation (requests, then latency as the load generator saw it):

| operation | ${runs.map(({ label }) => `${label}: requests | p50 | p99`).join(' | ')} |
|---|${runs.map(() => '---|---|---|').join('')}
${kindRows.map((row) => `| ${row} |`).join('\n')}

${verdictLine}
`;
}

// ── Entry point ───────────────────────────────────────────────────────────────────────────────

if (isLoadClient()) {
  serveOneJob(runClient);
} else {
  // Exits rather than waiting for the event loop to drain: nothing of this run should linger.
  process.exit(await runService());
}
