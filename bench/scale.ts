/**
 * How cost grows with the graph: `npm run bench:scale [-- --sizes 1,10,100 --samples 200]`.
 *
 * For each size k it loads a graph k times the real one into a fresh local Neo4j and measures the
 * import, five questions, the rankings recompute (with requests running meanwhile), the service's
 * RSS and Neo4j's store size; then it writes a table, a log-log chart (bench/scale.svg) and the
 * fitted exponent per operation to bench/results.md.
 *
 * The graph of size k is k copies of the real one, cross-wired. The facts are the importer's own
 * (buildFacts: the real CNCF files, parsed and built as an import builds them); copy c renames every
 * node id, name, alias and handle (copy 0 keeps them, so the questions below ask about real
 * entities), and each copy's sources are loaded with the importer's own writeSource, through the
 * same cypher/ scripts, one transaction per source and copy as an import does. So degree
 * distributions, claim time spans and sources are the real ones, k times over. Copies are not left
 * apart: each claim of copy c > 0 points, with probability CROSS_WIRING, at the same node of an
 * earlier copy (drawn uniformly, seeded), which joins the copies into one graph the way overlapping
 * communities are joined, while every node keeps its own claims.
 *
 * The service runs in a process of its own (scale-service.ts: createApp as main.ts builds it, response
 * cache off), which also recomputes the rankings; questions are asked from this process one at a
 * time over HTTP on loopback, so p50 and p99 are one request's latency. RSS is the service
 * process's, each after a full collection: once the questions are answered (what a replica that
 * only serves holds) and after the rankings; then its peak (VmHWM) since it started.
 */
import { execFileSync, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BETWEENNESS_DEFAULTS, betweenness, sampledBetweenness } from '../src/analytics/betweenness.ts';
import { settleProjection } from '../src/analytics/projection.ts';
import { computeRankings, readProjection } from '../src/analytics/rankings.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { buildFacts } from '../src/import/importer.ts';
import { applySchema, countGraph, writeSource } from '../src/import/load.ts';
import type { ClaimFact, NodeFact, Properties, SourceFacts } from '../src/import/model.ts';
import { acquireInputs } from '../src/import/run.ts';
import { consoleLog } from '../src/logger.ts';
import { CypherScripts } from '../src/neo4j/cypher-scripts.ts';
import { createDriver } from '../src/neo4j/driver.ts';
import { GraphExecutor } from '../src/neo4j/executor.ts';
import { startLocalNeo4j } from '../src/neo4j/launcher/local-launcher.ts';
import { scaleChart } from './scale-chart.ts';
import { type ServiceMemory, startScaleService } from './scale-service.ts';
import { percentile, quiet, seededRandom } from './support/real-graph.ts';
import { writeSection } from './support/results.ts';

const CROSS_WIRING = 0.05;
const SEED = 18;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}
const SIZES = option('sizes', '1,10,100')
  .split(',')
  .map((size) => Number(size));
const SAMPLES = Number(option('samples', '200'));
const WARM_UP = 50;
const HEAP = option('heap', '4g');
const PAGE_CACHE = option('page-cache', '4g');

/** The questions, asked of copy 0 (the real entities) at every size. */
const QUESTIONS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  lookup: {
    query: 'query ($name: String!) { project(name: $name) { name cncf maturity } }',
    variables: { name: 'Kubernetes' },
  },
  'two levels': {
    query: `{ ${['Prometheus', 'Envoy', 'containerd', 'etcd', 'Helm']
      .map(
        (name, i) =>
          `p${i}: project(name: "${name}") { name maintainers(asOf: null, first: 100) { edges { node { key } } } }`,
      )
      .join(' ')} }`,
  },
  path: {
    query: `query ($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, asOf: null) { shortest { length } } }`,
    variables: { from: 'person:gh:resouer', to: 'person:gh:thockin' },
  },
  'neighbourhood, depth 2': {
    query: `query ($id: ID!) { neighbourhood(id: $id, depth: 2, asOf: null, limitPerHop: 200) { nodes { id } } }`,
    variables: { id: 'person:gh:resouer' },
  },
  search: { query: '{ search(text: "kube", first: 20) { entity { __typename } } }' },
};

type Figures = {
  size: number;
  nodes: number;
  relationships: number;
  importMs: number;
  latency: Record<string, { p50: number; p99: number }>;
  rankings: {
    ms: number;
    method: string;
    eventLoopP99: number;
    eventLoopMax: number;
    lookupP99During: number;
  };
  /**
   * The service process's RSS after the questions and after the rankings (each after a full
   * collection), and its peak.
   */
  servingRssMb: number;
  rssMb: number;
  peakRssMb: number;
  storeMb: number;
  sampling?: SamplingCheck;
};

type SamplingCheck = {
  connected: number;
  pivots: number;
  exactMs: number;
  sampledMs: number;
  bound: number;
  maxError: number;
  maxScore: number;
  topTenKept: number;
};

function renamed(id: string, copy: number): string {
  return copy === 0 ? id : `${id}-c${copy}`;
}

function nodeCopy(node: NodeFact, copy: number): NodeFact {
  if (copy === 0) return node;
  const tag = ` (copy ${copy})`;
  const props: Properties = { ...node.props };
  if (typeof props.handle === 'string') props.handle = `${props.handle}-c${copy}`;
  return {
    ...node,
    id: renamed(node.id, copy),
    name: `${node.name}${tag}`,
    aliases: node.aliases.map((a) => `${a}${tag}`),
    props,
  };
}

function claimCopy(claim: ClaimFact, copy: number, random: () => number): ClaimFact {
  if (copy === 0) return claim;
  const target = random() < CROSS_WIRING ? Math.floor(random() * copy) : copy;
  return {
    ...claim,
    key: `${claim.key}~c${copy}`,
    from: { ...claim.from, id: renamed(claim.from.id, copy) },
    to: { ...claim.to, id: renamed(claim.to.id, target) },
  };
}

function sourceCopy(facts: SourceFacts, copy: number, random: () => number): SourceFacts {
  return {
    sourceId: copy === 0 ? facts.sourceId : `${facts.sourceId}~c${copy}`,
    nodes: facts.nodes.map((node) => nodeCopy(node, copy)),
    claims: facts.claims.map((claim) => claimCopy(claim, copy, random)),
    rejected: [],
  };
}

async function timeQuestion(
  origin: string,
  ask: { query: string; variables?: Record<string, unknown> },
): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ask),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  const took = performance.now() - started;
  if (response.status !== 200 || body.errors)
    throw new Error(`question failed: ${JSON.stringify(body.errors ?? response.status)}`);
  return took;
}

async function latency(origin: string, ask: { query: string; variables?: Record<string, unknown> }) {
  for (let i = 0; i < WARM_UP; i++) await timeQuestion(origin, ask);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push(await timeQuestion(origin, ask));
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

function directorySizeMb(directory: string): number {
  return Number(execFileSync('du', ['-sb', directory], { encoding: 'utf8' }).split('\t')[0]) / 1e6;
}

async function checkSampling(graph: GraphExecutor): Promise<SamplingCheck> {
  const { projection } = await readProjection(graph);
  const adjacency = settleProjection(projection).graph;
  let connected = 0;
  for (let v = 0; v < adjacency.nodeCount; v++)
    if (adjacency.offsets[v] !== adjacency.offsets[v + 1]) connected++;
  let started = performance.now();
  const exact = betweenness(adjacency);
  const exactMs = performance.now() - started;
  started = performance.now();
  const { pivots, seed, confidence } = BETWEENNESS_DEFAULTS;
  const sampled = sampledBetweenness(adjacency, pivots, seed, confidence);
  const sampledMs = performance.now() - started;
  const top = (scores: number[]) =>
    scores
      .map((score, node) => [score, node] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 10)
      .map(([, node]) => node);
  const exactTop = new Set(top(exact));
  return {
    connected,
    pivots,
    exactMs,
    sampledMs,
    bound: sampled.errorBound,
    maxError: Math.max(...exact.map((score, node) => Math.abs((sampled.scores[node] as number) - score))),
    maxScore: Math.max(...exact),
    topTenKept: top(sampled.scores).filter((node) => exactTop.has(node)).length,
  };
}

async function measure(size: number, base: { facts: SourceFacts; props: Properties }[]): Promise<Figures> {
  const config = loadConfig();
  const home = await mkdtemp(path.join(os.tmpdir(), `neo4j-scale-${size}x-`));
  const neo = await startLocalNeo4j({
    version: config.neo4j.local.version,
    boltPort: null,
    homeDir: home,
    heap: HEAP,
    pageCache: PAGE_CACHE,
    password: config.neo4j.password,
    startTimeoutMs: config.neo4j.local.startTimeoutMs,
    javaHome: config.neo4j.local.javaHome,
    cacheDir: config.cacheDir,
    log: consoleLog,
  });
  const driver = createDriver(neo);
  const graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 600_000 });
  try {
    const scripts = new CypherScripts();
    const random = seededRandom(SEED);
    const importStarted = performance.now();
    await applySchema(graph, scripts);
    for (let copy = 0; copy < size; copy++) {
      for (const { facts, props } of base)
        await writeSource(graph, scripts, sourceCopy(facts, copy, random), props);
      if (size >= 10 && (copy + 1) % Math.max(1, size / 10) === 0)
        console.error(
          `${size}×: ${copy + 1} copies loaded in ${Math.round((performance.now() - importStarted) / 1000)} s`,
        );
    }
    const firstRanking = await computeRankings(graph, quiet);
    const importMs = performance.now() - importStarted;
    const counted = await countGraph(graph);
    const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
    const counts = { nodes: sum(counted.nodes), relationships: sum(counted.relationships) };
    console.error(
      `${size}×: ${counts.nodes} nodes, ${counts.relationships} relationships, imported in ${Math.round(importMs / 1000)} s (rankings ${firstRanking.ms.total} ms)`,
    );

    // The service in a process of its own (scale-service.ts): its RSS is a replica's, not this one's.
    const service = await startScaleService({
      uri: neo.uri,
      user: neo.user,
      password: neo.password,
      database: neo.database,
    });
    const figures: Figures['latency'] = {};
    let rankings: Figures['rankings'];
    let memory: ServiceMemory;
    let serving: ServiceMemory;
    try {
      for (const [name, ask] of Object.entries(QUESTIONS)) {
        figures[name] = await latency(service.origin, ask);
        console.error(
          `${size}×: ${name} p50 ${figures[name].p50.toFixed(1)} ms, p99 ${figures[name].p99.toFixed(1)} ms`,
        );
      }

      // What a replica that only serves holds, before any recompute in its process.
      serving = await service.memory();

      // The recompute with requests running: the service's event-loop delay and a lookup's latency
      // meanwhile.
      let done = false;
      const during: number[] = [];
      const recompute = service.rankings().finally(() => {
        done = true;
      });
      while (!done) during.push(await timeQuestion(service.origin, QUESTIONS.lookup as { query: string }));
      const { stats, eventLoopP99, eventLoopMax } = await recompute;
      during.sort((a, b) => a - b);
      const method =
        stats.betweenness?.exact === false ? `sampled (${stats.betweenness.pivots} pivots)` : 'exact';
      const { read, degree, pagerank, betweenness: brandes, write } = stats.ms;
      console.error(
        `${size}×: rankings by step: read ${read} ms, worker (sort, digest, degree ${degree}, PageRank ${pagerank}, betweenness ${brandes}) ${stats.ms.total - read - write} ms, write ${write} ms`,
      );
      rankings = {
        ms: stats.ms.total,
        method,
        eventLoopP99,
        eventLoopMax,
        lookupP99During: percentile(during, 0.99),
      };
      console.error(
        `${size}×: rankings ${rankings.ms} ms (${method}), event-loop delay p99 ${rankings.eventLoopP99.toFixed(1)} ms (max ${rankings.eventLoopMax.toFixed(0)}), lookup p99 meanwhile ${rankings.lookupP99During.toFixed(1)} ms over ${during.length}`,
      );
      memory = await service.memory();
      console.error(
        `${size}×: service (pid ${service.pid}) RSS ${serving.rssMb.toFixed(0)} MB serving, ${memory.rssMb.toFixed(0)} MB after the rankings (each after a collection), peak ${memory.peakRssMb.toFixed(0)} MB; V8 heap in use ${serving.heapUsedMb.toFixed(0)} then ${memory.heapUsedMb.toFixed(0)} MB, external ${serving.externalMb.toFixed(0)} then ${memory.externalMb.toFixed(0)} MB`,
      );
    } finally {
      await service.stop();
    }

    const sampling = size <= 10 ? await checkSampling(graph) : undefined;
    if (sampling) console.error(`${size}×: sampling check ${JSON.stringify(sampling)}`);
    return {
      size,
      nodes: counts.nodes,
      relationships: counts.relationships,
      importMs,
      latency: figures,
      rankings,
      servingRssMb: serving.rssMb,
      rssMb: memory.rssMb,
      peakRssMb: memory.peakRssMb,
      storeMb: directorySizeMb(path.join(home, 'data')),
      sampling,
    };
  } finally {
    await driver.close();
    await neo.stop();
    await rm(home, { recursive: true, force: true });
  }
}

/** The least-squares slope of log(cost) against log(size): cost grows as size to this power. */
function exponent(points: [number, number][]): number {
  const xs = points.map(([x]) => Math.log(x));
  const ys = points.map(([, y]) => Math.log(Math.max(y, 1e-9)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? Number.NaN : num / den;
}

function report(all: Figures[]): string {
  const series: [string, (f: Figures) => number][] = [
    ['import (ms)', (f) => f.importMs],
    ...Object.keys(QUESTIONS).map(
      (name) =>
        [`${name} p50 (ms)`, (f: Figures) => f.latency[name]?.p50 ?? 0] as [string, (f: Figures) => number],
    ),
    ['rankings recompute (ms)', (f) => f.rankings.ms],
    ['service RSS serving (MB)', (f) => f.servingRssMb],
    ['service RSS after rankings (MB)', (f) => f.rssMb],
    ['service peak RSS (MB)', (f) => f.peakRssMb],
    ['Neo4j store (MB)', (f) => f.storeMb],
  ];
  const header = [
    'size',
    'nodes',
    'relationships',
    'import s',
    ...Object.keys(QUESTIONS).map((name) => `${name} p50 / p99 ms`),
    'rankings s',
    'event-loop delay p99 / max during rankings',
    'lookup p99 during rankings',
    'service RSS MB: serving / after rankings / peak',
    'store MB',
  ];
  const lines = [
    '## Scale (issue 18)',
    '',
    `\`CNCF_DATA_DIR=../shared/data/cncf npm run bench:scale -- --sizes ${SIZES.join(',')}\` — ${new Date().toISOString().slice(0, 10)}, ` +
      `${os.cpus().length} cores, Node ${process.version}, local Neo4j ${loadConfig().neo4j.local.version} (heap ${HEAP}, page cache ${PAGE_CACHE}); ` +
      `${SAMPLES} requests per question after ${WARM_UP} of warm-up, one at a time; each size in a process of its own.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${'---|'.repeat(header.length)}`,
    ...all.map((f) =>
      [
        `${f.size}×`,
        f.nodes,
        f.relationships,
        (f.importMs / 1000).toFixed(1),
        ...Object.keys(QUESTIONS).map(
          (name) => `${f.latency[name]?.p50.toFixed(1)} / ${f.latency[name]?.p99.toFixed(1)}`,
        ),
        `${(f.rankings.ms / 1000).toFixed(1)} (${f.rankings.method})`,
        `${f.rankings.eventLoopP99.toFixed(1)} / ${f.rankings.eventLoopMax.toFixed(0)} ms`,
        `${f.rankings.lookupP99During.toFixed(1)} ms`,
        `${f.servingRssMb.toFixed(0)} / ${f.rssMb.toFixed(0)} / ${f.peakRssMb.toFixed(0)}`,
        f.storeMb.toFixed(0),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
    '',
    '![Cost against size, log-log, each operation divided by its cost at the smallest size](scale.svg)',
    '',
    'Fitted exponents (cost ∝ size^e, least squares over the sizes measured):',
    '',
    ...series.map(([label, of]) => `- ${label}: e = ${exponent(all.map((f) => [f.size, of(f)])).toFixed(2)}`),
  ];
  writeFileSync(
    path.join(PROJECT_ROOT, 'bench', 'scale.svg'),
    scaleChart(
      series.map(([label, of]) => ({ label, points: all.map((f) => [f.size, of(f)] as [number, number]) })),
    ),
  );
  const checks = all.filter((f) => f.sampling);
  if (checks.length > 0) {
    lines.push('', 'Sampled betweenness against exact, on the same projection:', '');
    lines.push(
      '| size | nodes with an edge | pivots | exact s | sampled s | stated bound | largest error | largest exact score | top 10 kept |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const { size, sampling: s } of checks) {
      if (!s) continue;
      lines.push(
        `| ${size}× | ${s.connected} | ${s.pivots} | ${(s.exactMs / 1000).toFixed(1)} | ${(s.sampledMs / 1000).toFixed(1)} | ${s.bound.toPrecision(3)} | ${s.maxError.toPrecision(3)} | ${s.maxScore.toPrecision(3)} | ${s.topTenKept}/10 |`,
      );
    }
  }
  return lines.join('\n');
}

// Each size is measured in a process of its own (this file, started again with --child), so that
// no size inherits another's JIT warm-up, heap or caches, and RSS is that size's alone.
if (process.argv.includes('--child')) {
  const config = loadConfig();
  if (!config.import.dataDir)
    throw new Error('Set CNCF_DATA_DIR to the CNCF data directory for this benchmark');
  const { inputs } = await acquireInputs({
    dataDir: config.import.dataDir,
    cacheDir: config.cacheDir,
    log: quiet,
  });
  const base = await buildFacts(inputs, quiet);
  const figures = await measure(Number(option('size', '1')), base);
  process.send?.(figures);
  process.disconnect?.();
} else {
  const all: Figures[] = [];
  for (const size of SIZES) {
    all.push(
      await new Promise<Figures>((resolve, reject) => {
        const child = fork(
          fileURLToPath(import.meta.url),
          ['--child', '--size', String(size), ...forwarded()],
          {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          },
        );
        let figures: Figures | undefined;
        child.once('message', (message) => {
          figures = message as Figures;
        });
        child.once('error', reject);
        child.once('exit', (code) =>
          figures
            ? resolve(figures)
            : reject(new Error(`the ${size}× run (pid ${child.pid}) exited with ${code}`)),
        );
      }),
    );
  }
  const text = report(all);
  console.log(text);
  writeSection('## Scale (issue 18)', text);
}

/** The options a child measures with (--samples, --heap, --page-cache). */
function forwarded(): string[] {
  return ['samples', 'heap', 'page-cache'].flatMap((name) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? [`--${name}`, process.argv[at + 1] ?? ''] : [];
  });
}
