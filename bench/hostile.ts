/**
 * `npm run probe:hostile`: every broken or hostile request of issue 15, in one run, against a real
 * server over HTTP on 127.0.0.1, on the real graph (CNCF_DATA_DIR). The service runs in this process
 * (createApp + createHttpServer, as main.ts serves it); the requests come from a child process (this
 * file again, with --load-client), and `/health` is asked every 50 ms throughout from a process
 * of its own that the child starts, so neither the requests' own work nor the service's is
 * measured as the other's. The child then runs at nice 10, the prober and the service at 0: on two
 * cores shared with Neo4j, the client's own work (decompressing 32 exports of the whole graph at
 * once) would otherwise be charged to the service's `/health`; real clients are elsewhere.
 *
 * It fails (exit 1) when any answer is a 500 (or any 5xx outside the paused-Neo4j phase and the
 * exports' coded timeouts), takes more than 2 s (exports aside: see their phase), carries an error without `extensions.code` or a stack trace; when `/health` takes 100 ms
 * or more; when a phase's own expectation is not met; or when the heap, idle after a full garbage
 * collection, ends more than 10 MB above where it stood before the requests.
 *
 * The server runs with short timeouts so that "no answer slower than 2 s" also holds while Neo4j is
 * paused: NEO4J_QUERY_TIMEOUT_MS 1000 + NEO4J_DEADLINE_MARGIN_MS 500, HTTP_HEADERS_TIMEOUT_MS 1000,
 * HTTP_REQUEST_TIMEOUT_MS 1500 and RESPONSE_CACHE_TTL_MS 5000 (so cached answers are gone before
 * the heap is measured). Writes its table to bench/results.md under "## Hostile probe (issue 15)".
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import os, { setPriority } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createHttpServer } from '../src/http-server.ts';
import { importConfiguredSources } from '../src/import/run.ts';
import { introspectionWorkerFor } from '../src/introspection.ts';
import { consoleLog, createLogger } from '../src/logger.ts';
import { createDriver } from '../src/neo4j/driver.ts';
import { GraphExecutor } from '../src/neo4j/executor.ts';
import { obtainNeo4j } from '../src/neo4j/obtain.ts';
import { observabilityPlugins } from '../src/observability/index.ts';
import { schema } from '../src/schema/index.ts';
import { CORPUS, faultsOf, megabyte, nearLimit, send } from '../test/support/bad-requests.ts';
import { landscapeMembers } from '../test/support/cncf-data.ts';
import { heapInUse } from '../test/support/gc.ts';
import type { Probe } from '../test/support/http-probe.ts';
import { STACK_TRACE } from '../test/support/http-probe.ts';
import { inChild, isLoadClient, serveOneJob } from './support/child.ts';
import { close, listen } from './support/http.ts';
import { percentile, quiet } from './support/real-graph.ts';
import { writeSection } from './support/results.ts';

const HEADING = '## Hostile probe (issue 15)';
const COMMAND = 'CNCF_DATA_DIR=../shared/data/cncf npm run probe:hostile';
const PROBE_ENV = {
  NEO4J_QUERY_TIMEOUT_MS: '1000',
  NEO4J_DEADLINE_MARGIN_MS: '500',
  HTTP_HEADERS_TIMEOUT_MS: '1000',
  HTTP_REQUEST_TIMEOUT_MS: '1500',
  RESPONSE_CACHE_TTL_MS: '5000',
};
const MAX_ANSWER_MS = 2_000;
const MAX_HEALTH_MS = 100;
const HEALTH_EVERY_MS = 50;
const MAX_HEAP_GROWTH_MB = 10;
// The load client's priority (see runProbe); the service and the prober keep the default, 0.
const CLIENT_NICE = 10;
// How long a paused Neo4j stays paused: longer than the deadline, so only the deadline can end a wait.
const PAUSE_MS = 5_000;
// A project and entities of the real graph to traverse from (their keys are the readable ids).
const CENTRE = 'project:kubernetes';
const OTHER_PROJECT = 'project:prometheus';
const ORGANIZATION = 'org:google';

// ── What the child reports ─────────────────────────────────────────────────────────────────────

interface Answer {
  label: string;
  status: number;
  ms: number;
}

interface PhaseOutcome {
  name: string;
  answers: Answer[];
  /** What went wrong, each naming the request: empty when the phase passed. */
  faults: string[];
  /** What the phase saw that the table should show (statuses, times). */
  notes: string[];
  /** When it ran (Date.now()), to tell which phase a slow `/health` fell in. */
  startedAt: number;
  endedAt: number;
}

interface ProbeJob {
  url: string;
  neo4jPid: number | null;
  dataDir: string;
  warmUpOnly: boolean;
  seconds: number;
}

interface ProbeOutcome {
  phases: PhaseOutcome[];
  health: { samples: number; p50: number; p99: number; max: number; failures: number };
  /** Every `/health` answer: when it was asked (Date.now()), how long it took, its status. */
  /** [when, ms, status, of those ms the prober's own wait for a core]. */
  healthSamples: [number, number, number, number][];
  /** Requests sent a second time because their pooled connection had been closed (never answered). */
  retried: number;
}

// ── The child: the requests ──────────────────────────────────────────────────────────────────

/** One phase's answers and faults; the general rules are checked on every answer it records. */
class Phase {
  readonly outcome: PhaseOutcome;
  constructor(
    name: string,
    private readonly rules: { serverErrors?: number[]; timed?: boolean } = {},
  ) {
    this.outcome = { name, answers: [], faults: [], notes: [], startedAt: Date.now(), endedAt: 0 };
  }

  fault(label: string, what: string): void {
    this.outcome.faults.push(`${label}: ${what}`);
  }

  note(text: string): void {
    this.outcome.notes.push(text);
  }

  /** The outcome, timed to now. */
  done(): PhaseOutcome {
    this.outcome.endedAt = Date.now();
    return this.outcome;
  }

  /** Records an answer and checks what holds for every answer: status, time, codes, no stack. */
  record(label: string, result: Probe): Probe {
    this.outcome.answers.push({ label, status: result.status, ms: result.ms });
    if (result.status >= 500 && !this.rules.serverErrors?.includes(result.status))
      this.fault(label, `status ${result.status}`);
    if (this.rules.timed !== false && result.ms > MAX_ANSWER_MS)
      this.fault(label, `answered in ${Math.round(result.ms)} ms`);
    if (STACK_TRACE.test(result.text)) this.fault(label, 'a stack trace in the answer');
    for (const error of result.body?.errors ?? []) {
      if (typeof error.extensions?.code !== 'string')
        this.fault(label, `an error without a code: ${error.message.slice(0, 120)}`);
    }
    return result;
  }

  expect(label: string, holds: boolean, what: string): void {
    if (!holds) this.fault(label, what);
  }
}

const target = { fetch: (url: string, init: RequestInit) => fetch(url, init) };

async function graphql(
  base: string,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
  accept = 'application/graphql-response+json, application/json',
): Promise<Probe> {
  return send(
    target,
    {
      body: { query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) },
      accept,
    },
    base,
  );
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Probe> {
  return send(target, { method: 'GET', path, accept: headers.accept ?? '*/*' }, base);
}

/** Runs `tasks` with at most `parallel` in flight. */
async function inParallel<T>(parallel: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next;
        next += 1;
        results[index] = await (tasks[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

/** The worked examples of GraphiQL's page, each operation alone and by name in the whole document. */
async function operationNames(base: string, document: string): Promise<PhaseOutcome> {
  const phase = new Phase('1. operationName picks the operation');
  const operations = parse(document).definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.name !== undefined,
  );
  const alone = new Map<string, string>();
  for (const operation of operations) {
    const name = operation.name?.value as string;
    const result = phase.record(`${name} alone`, await graphql(base, print(operation)));
    alone.set(name, JSON.stringify(result.body?.data));
  }
  // Last first: with a cache keyed by the document alone, every one would get the last one's answer.
  for (const operation of [...operations].reverse()) {
    const name = operation.name?.value as string;
    const result = phase.record(`${name} by name`, await graphql(base, document, undefined, name));
    phase.expect(name, JSON.stringify(result.body?.data) === alone.get(name), 'not the answer it gets alone');
  }
  phase.note(`${operations.length} operations`);
  return phase.done();
}

/** Every value of the traversal enums, on real nodes: no errors. */
async function traversalKinds(base: string): Promise<PhaseOutcome> {
  const phase = new Phase('2. every traversal kind answers');
  const enums = await graphql(
    base,
    '{ r: __type(name: "RelationshipKind") { enumValues { name } } e: __type(name: "EntityKind") { enumValues { name } } }',
  );
  type Enums = { r: { enumValues: { name: string }[] }; e: { enumValues: { name: string }[] } };
  const data = enums.body?.data as Enums | undefined;
  const relationships = data?.r.enumValues.map((value) => value.name) ?? [];
  const kinds = data?.e.enumValues.map((value) => value.name) ?? [];
  phase.expect('enums', relationships.length > 0 && kinds.length > 0, 'no enum values');
  const entity = '__typename ... on Node { id }';
  const cases: [string, string][] = [
    ...relationships.flatMap((via): [string, string][] => [
      [
        `neighbourhood via ${via}`,
        `{ neighbourhood(id: "${CENTRE}", via: [${via}], depth: 1) { nodes { id kind entity { ${entity} } } } }`,
      ],
      [
        `path via ${via}`,
        `{ path(from: "${CENTRE}", to: "${ORGANIZATION}", via: [${via}], maxHops: 3) { shortest { length nodes { ${entity} } } } }`,
      ],
      [
        `commonGround via ${via}`,
        `{ commonGround(a: "${CENTRE}", b: "${OTHER_PROJECT}", via: [${via}]) { jaccard shared { entity { ${entity} } } } }`,
      ],
    ]),
    ...kinds.map((kind): [string, string] => [
      `neighbourhood of kind ${kind}`,
      `{ neighbourhood(id: "${CENTRE}", kinds: [${kind}], depth: 2) { nodes { id kind entity { ${entity} } } } }`,
    ]),
  ];
  let nodes = 0;
  for (const [label, query] of cases) {
    const result = phase.record(label, await graphql(base, query));
    phase.expect(
      label,
      result.status === 200 && !result.body?.errors,
      `errors: ${result.text.slice(0, 200)}`,
    );
    nodes += (result.text.match(/"__typename"/g) ?? []).length;
  }
  phase.note(`${cases.length} traversals, ${nodes} entities returned`);
  return phase.done();
}

async function pagerank(base: string): Promise<PhaseOutcome> {
  const phase = new Phase('4. PageRank converged');
  const result = phase.record(
    'rankingComputation',
    await graphql(base, '{ rankingComputation { pagerank { converged iterations change tolerance } } }'),
  );
  const run = (result.body?.data as { rankingComputation?: { pagerank?: Record<string, unknown> } })
    ?.rankingComputation?.pagerank;
  phase.expect('pagerank', run?.converged === true, `not converged: ${JSON.stringify(run)}`);
  phase.note(`${run?.iterations} iterations, change ${run?.change}`);
  return phase.done();
}

/** Members per tier: the API's counts against landscape.yml read with a plain YAML parser. */
async function tiers(base: string, dataDir: string): Promise<PhaseOutcome> {
  const phase = new Phase('5. members per tier as the landscape lists them');
  const members = landscapeMembers(dataDir);
  const names = [...new Set(members.map((member) => member.tier))];
  const result = phase.record(
    'tiers',
    await graphql(
      base,
      `query (${names.map((_, index) => `$t${index}: String!`).join(', ')}) { ${names
        .map((_, index) => `t${index}: organizations(filter: { tier: $t${index} }) { totalCount }`)
        .join(' ')} }`,
      Object.fromEntries(names.map((tier, index) => [`t${index}`, tier])),
    ),
  );
  const data = (result.body?.data ?? {}) as Record<string, { totalCount: number }>;
  names.forEach((tier, index) => {
    const listed = members.filter((member) => member.tier === tier).length;
    const counted = data[`t${index}`]?.totalCount;
    phase.expect(tier, counted === listed, `API ${counted}, landscape ${listed}`);
  });
  phase.note(`${members.length} members in ${names.length} tiers`);
  return phase.done();
}

/** The bad-request corpus of the integration tests, one at a time and then eight at a time. */
async function corpus(base: string): Promise<PhaseOutcome> {
  const phase = new Phase('3, 9, 10. a corpus of bad requests');
  const judge = (label: string, result: Probe) => {
    phase.record(label, result);
    for (const fault of faultsOf(result)) phase.fault(label, fault);
    phase.expect(label, result.text.length < 10_000, `an answer of ${result.text.length} characters`);
  };
  for (const [label, request] of CORPUS) judge(label, await send(target, request, base));
  const together = await inParallel(
    8,
    CORPUS.map(
      ([, request]) =>
        () =>
          send(target, request, base),
    ),
  );
  for (const [index, result] of together.entries()) judge(`${CORPUS[index]?.[0]} (8 in flight)`, result);
  phase.note(`${CORPUS.length} requests, twice`);
  return phase.done();
}

/** Point 6: introspection nested 1,300 levels deep, six at once. */
async function introspection(base: string): Promise<PhaseOutcome> {
  const phase = new Phase('6. deep introspection');
  const levels = 1_300;
  const query = `{ __type(name: "Query") { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
  const results = await Promise.all(Array.from({ length: 6 }, () => graphql(base, query)));
  results.forEach((result, index) => {
    phase.record(`nested introspection #${index + 1}`, result);
    phase.expect(`#${index + 1}`, result.status === 400, `status ${result.status}`);
  });
  const standard = phase.record(
    'the standard introspection query',
    await graphql(base, (await import('graphql')).getIntrospectionQuery()),
  );
  phase.note(`${query.length} characters; standard query ${standard.status}`);
  return phase.done();
}

/** Points 7 and 8: large variables and filters, over and under the body limit. */
async function largeInput(base: string): Promise<PhaseOutcome> {
  const phase = new Phase('7, 8. large text');
  const fiveMegabytes = megabyte.repeat(5);
  const cases: [string, string, Record<string, unknown>, number][] = [
    ['a 5 MB project name', 'query($s: String) { project(name: $s) { name } }', { s: fiveMegabytes }, 413],
    ['a 900 KB project name', 'query($s: String) { project(name: $s) { name } }', { s: nearLimit }, 400],
    [
      'a 2 MB nameContains',
      'query($s: String) { organizations(filter: { nameContains: $s }) { totalCount } }',
      { s: megabyte.repeat(2) },
      413,
    ],
    [
      'a 900 KB nameContains',
      'query($s: String) { organizations(filter: { nameContains: $s }) { totalCount } }',
      { s: nearLimit },
      400,
    ],
    [
      'a 200-character nameContains',
      'query($s: String) { organizations(filter: { nameContains: $s }) { totalCount } }',
      { s: 'x'.repeat(200) },
      200,
    ],
  ];
  for (const [label, query, variables, expected] of cases) {
    const results = await Promise.all(Array.from({ length: 8 }, () => graphql(base, query, variables)));
    for (const result of results) {
      phase.record(label, result);
      // The body limit is HTTP's (413); the length cap is an argument's error (its code, any status).
      const code = result.body?.errors?.[0]?.extensions?.code ?? null;
      const seen = result.status === 413 ? 413 : code === 'BAD_USER_INPUT' ? 400 : code === null ? 200 : code;
      phase.expect(label, seen === expected, `${result.status} ${result.text.slice(0, 120)}`);
    }
  }
  phase.note('8 of each at once');
  return phase.done();
}

/** Point 11: many exports at once. */
async function exports(base: string): Promise<PhaseOutcome> {
  // A whole-graph export is a bulk download that takes seconds to make (shared by every request
  // waiting for it), and with this probe's 1 s query timeout its read can time out (504, coded):
  // judged here are the statuses, Retry-After, and /health meanwhile, not the 2 s.
  const phase = new Phase('11. exports at once', { serverErrors: [503, 504], timed: false });
  const paths = [
    ...Array.from({ length: 16 }, () => '/export/graph.json'),
    ...Array.from({ length: 16 }, () => '/export/graph.graphml'),
    ...Array.from({ length: 8 }, () => `/export/graph.json?around=${encodeURIComponent(CENTRE)}&depth=2`),
  ];
  const counts = new Map<number, number>();
  let slowest = 0;
  const results = await Promise.all(
    paths.map(async (path) => {
      const started = performance.now();
      const response = await fetch(`${base}${path}`);
      const text = await response.text();
      return { path, response, text, ms: performance.now() - started };
    }),
  );
  for (const { path, response, text, ms } of results) {
    phase.record(path, {
      status: response.status,
      text: response.status === 200 ? '' : text,
      body: null,
      ms,
    });
    slowest = Math.max(slowest, ms);
    counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
    phase.expect(path, [200, 429, 503, 504].includes(response.status), `status ${response.status}`);
    if (response.status >= 500)
      phase.expect(path, text.includes('"error"'), `no error said: ${text.slice(0, 80)}`);
    if (response.status === 429)
      phase.expect(path, response.headers.get('retry-after') !== null, '429 without Retry-After');
    if (response.status === 200) phase.expect(path, text.length > 1_000, 'an empty export');
  }
  phase.expect('exports', (counts.get(200) ?? 0) > 0, 'no export made');
  phase.note(
    `${[...counts].map(([status, count]) => `${count} × ${status}`).join(', ')}; the last answered after ${Math.round(slowest)} ms`,
  );
  return phase.done();
}

/** Sends `head` (and `body` a chunk at a time) on a raw socket; how long until the server closes it. */
function slowClient(
  url: string,
  head: string,
  chunks: number,
  everyMs: number,
): Promise<{ ms: number; reply: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let reply = '';
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= chunks || socket.destroyed) return clearInterval(timer);
        socket.write('x');
        sent += 1;
      }, everyMs);
      socket.once('close', () => clearInterval(timer));
    });
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      reply += data;
    });
    socket.once('close', () =>
      resolve({ ms: performance.now() - started, reply: reply.split('\r\n')[0] ?? '' }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
}

/** Point 12: headers on answers, and clients too slow to send their request. */
async function http(base: string): Promise<PhaseOutcome> {
  const phase = new Phase('12. HTTP headers and slow clients');
  const answer = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  await answer.text();
  phase.expect('POST /graphql', answer.headers.get('x-content-type-options') === 'nosniff', 'no nosniff');
  phase.expect('POST /graphql', answer.headers.get('cache-control') !== null, 'no Cache-Control');
  const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
  await page.text();
  phase.expect(
    'GraphiQL',
    page.headers.get('content-security-policy') !== null,
    'no Content-Security-Policy',
  );
  phase.expect('GraphiQL', page.headers.get('x-content-type-options') === 'nosniff', 'no nosniff');
  // The server's own limits, plus its once-a-second check and a second of slack.
  const headersLimit = Number(PROBE_ENV.HTTP_HEADERS_TIMEOUT_MS) + 2_000;
  const requestLimit = Number(PROBE_ENV.HTTP_REQUEST_TIMEOUT_MS) + 2_000;
  const [slowHeaders, slowBody] = await Promise.all([
    slowClient(base, 'GET /health HTTP/1.1\r\nHost: probe\r\n', 0, 100),
    slowClient(
      base,
      'POST /graphql HTTP/1.1\r\nHost: probe\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n',
      1_000,
      100,
    ),
  ]);
  phase.expect(
    'headers never finished',
    slowHeaders.ms < headersLimit,
    `held ${Math.round(slowHeaders.ms)} ms`,
  );
  phase.expect(
    'a body sent a byte at a time',
    slowBody.ms < requestLimit,
    `held ${Math.round(slowBody.ms)} ms`,
  );
  phase.note(
    `slow headers cut off after ${Math.round(slowHeaders.ms)} ms (${slowHeaders.reply || 'closed'}), ` +
      `slow body after ${Math.round(slowBody.ms)} ms (${slowBody.reply || 'closed'})`,
  );
  return phase.done();
}

/** Point 13: Neo4j paused (SIGSTOP); uncached requests answer by the deadline; it recovers. */
async function hungNeo4j(base: string, pid: number | null): Promise<PhaseOutcome> {
  const phase = new Phase('13. Neo4j paused', { serverErrors: [503] });
  if (pid === null) {
    phase.fault(
      'Neo4j',
      'not a process of this machine (NEO4J_URI or a container): it cannot be paused here',
    );
    return phase.done();
  }
  const unique = () => `probe-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const ask = () => graphql(base, 'query($s: String) { project(name: $s) { name } }', { s: unique() });
  process.kill(pid, 'SIGSTOP');
  let codes: string[] = [];
  try {
    await sleep(200);
    const results = await Promise.all(Array.from({ length: 6 }, ask));
    results.forEach((result, index) => {
      phase.record(`uncached query #${index + 1}, Neo4j paused`, result);
      const code = result.body?.errors?.[0]?.extensions?.code;
      codes.push(String(code));
      phase.expect(
        `#${index + 1}`,
        code === 'SERVICE_UNAVAILABLE' || code === 'QUERY_TIMEOUT',
        `answered ${result.status} ${result.text.slice(0, 120)}`,
      );
    });
    const ready = phase.record('/ready, Neo4j paused', await get(base, '/ready'));
    phase.expect('/ready', ready.status === 503, `status ${ready.status}`);
    await sleep(Math.max(0, PAUSE_MS - 2_500));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  codes = [...new Set(codes)];
  const resumed = performance.now();
  let recovered: number | null = null;
  while (performance.now() - resumed < 30_000) {
    const result = await ask();
    if (result.status === 200 && !result.body?.errors) {
      recovered = performance.now() - resumed;
      phase.record('uncached query after resuming', result);
      break;
    }
    await sleep(200);
  }
  phase.expect('recovery', recovered !== null, 'no answer within 30 s of resuming Neo4j');
  phase.note(
    `paused for ${PAUSE_MS / 1000} s: ${codes.join(', ')}; answering again ${Math.round(recovered ?? -1)} ms after resuming`,
  );
  return phase.done();
}

/** Normal traffic: what the baseline heap is measured after (caches made, code compiled). */
async function warmUp(base: string, document: string): Promise<PhaseOutcome> {
  const phase = new Phase('warm-up');
  for (let round = 0; round < 3; round += 1) {
    await operationNames(base, document);
    await traversalKinds(base);
    for (const path of ['/export/graph.json', '/export/graph.graphml'])
      phase.record(path, await get(base, path));
  }
  return phase.done();
}

/**
 * `/health` every 50 ms from a process of its own, once ready, until told to stop; sends the
 * samples and exits. Its own process, not a thread of the load client: a thread shares the
 * client's garbage collector helpers and heap pressure (the exports phase decodes megabytes there),
 * which a monitor outside would not; so that what it times is the service and the network.
 */
const HEALTH_PROBER = `
const [url, everyMs] = process.argv.slice(1);
let stop = false;
const samples = [];
process.on('message', () => { stop = true; });
(async () => {
  // One untimed request first: a fresh process's first fetch loads and compiles the HTTP client
  // (about 200 ms), which says nothing of the service.
  await (await fetch(url + '/health')).text();
  process.send('ready');
  // How long this process's own thread was runnable but not on a core (Linux schedstat, ns): the
  // part of a sample's time that is the prober's wait, not the service's. NaN elsewhere.
  const waited = () => {
    try {
      return Number(require('node:fs').readFileSync('/proc/self/task/' + process.pid + '/schedstat', 'utf8').split(' ')[1]) / 1e6;
    } catch {
      return NaN;
    }
  };
  while (!stop) {
    const waitedBefore = waited();
    const started = performance.now();
    let status = 0;
    try {
      const response = await fetch(url + '/health');
      await response.text();
      status = response.status;
    } catch {}
    samples.push([Date.now(), performance.now() - started, status, waited() - waitedBefore]);
    await new Promise((resolve) => setTimeout(resolve, Number(everyMs)));
  }
  process.send(samples, () => process.exit(0));
})();
`;

/**
 * fetch, tried once more when a pooled keep-alive connection turns out to have been closed by the
 * server before the request went out ("other side closed", no answer at all): the classic
 * keep-alive race of any HTTP client, which a browser or curl would retry too. The server never saw
 * the request, so it is not judged; how often it happened is reported.
 */
function retryingOnStaleConnections(fetchOnce: typeof fetch, retried: { count: number }): typeof fetch {
  return async (input, init) => {
    try {
      return await fetchOnce(input, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (cause?.code !== 'UND_ERR_SOCKET' || cause.message !== 'other side closed') throw error;
      retried.count += 1;
      return fetchOnce(input, init);
    }
  };
}

/**
 * Lowers every thread of this process to `nice` (Linux keeps a nice value per thread, and
 * os.setPriority takes a thread id as a pid), threads made later inherit it. Elsewhere it lowers the
 * process. Lowering needs no privilege.
 */
function lowerOwnPriority(nice: number): void {
  try {
    for (const tid of readdirSync('/proc/self/task')) setPriority(Number(tid), nice);
  } catch {
    setPriority(nice);
  }
}

async function runProbe(job: ProbeJob): Promise<ProbeOutcome> {
  const retried = { count: 0 };
  globalThis.fetch = retryingOnStaleConnections(globalThis.fetch, retried);
  const { readFile } = await import('node:fs/promises');
  const document = await readFile(
    new URL('../src/graphiql/default-document.graphql', import.meta.url),
    'utf8',
  );
  const prober = spawn(process.execPath, ['-e', HEALTH_PROBER, job.url, String(HEALTH_EVERY_MS)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => prober.once('message', resolve));
  // The prober started at the service's priority; from here the client's own work (decompressing
  // 32 whole-graph exports at once, say) stands for clients on other machines and yields the cores.
  lowerOwnPriority(CLIENT_NICE);
  const phases: PhaseOutcome[] = [];
  try {
    if (job.warmUpOnly) {
      phases.push(await warmUp(job.url, document));
    } else {
      phases.push(await operationNames(job.url, document));
      phases.push(await traversalKinds(job.url));
      phases.push(await corpus(job.url));
      phases.push(await pagerank(job.url));
      phases.push(await tiers(job.url, job.dataDir));
      phases.push(await introspection(job.url));
      phases.push(await largeInput(job.url));
      phases.push(await exports(job.url));
      phases.push(await http(job.url));
      phases.push(await hungNeo4j(job.url, job.neo4jPid));
    }
  } finally {
    prober.send('stop');
  }
  const samples = await new Promise<[number, number, number, number][]>((resolve) =>
    prober.once('message', (message) => resolve(message as [number, number, number, number][])),
  );
  const times = samples.map(([, ms]) => ms).sort((a, b) => a - b);
  return {
    phases,
    retried: retried.count,
    health: {
      samples: samples.length,
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
      max: times.at(-1) ?? 0,
      failures: samples.filter(([, , status]) => status !== 200).length,
    },
    healthSamples: samples,
  };
}

// ── The parent: the service, the heap, the report ─────────────────────────────────────────────

/** Heap in use after a full collection (the tests' own, test/support/gc.ts), in MB. */
async function settledHeapMb(): Promise<number> {
  return (await heapInUse()) / 2 ** 20;
}

const format = (ms: number) => `${Math.round(ms)} ms`;

/**
 * Time the main thread has spent on a core and runnable but waiting for one, in ms, since it
 * started (Linux's /proc/<pid>/task/<pid>/schedstat; NaN elsewhere).
 */
function mainThreadSchedule(): { onCpuMs: number; waitingMs: number } {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { onCpuMs: Number(onCpu) / 1e6, waitingMs: Number(waiting) / 1e6 };
  } catch {
    return { onCpuMs: Number.NaN, waitingMs: Number.NaN };
  }
}

/**
 * The service's own event-loop lag, sampled in its process every 10 ms: how late each tick came.
 * `/health` timed from outside also counts the time the OS gave the service no core (the JVM, the
 * client and the service share two); this counts only what held the service's loop. Preallocated,
 * so the samples do not show as heap growth.
 */
class LoopLag {
  private readonly at = new Float64Array(120_000);
  private readonly lag = new Float64Array(120_000);
  // How the service's main thread spent each tick, from Linux's schedstat: on a core (its own work,
  // GC pauses included) or runnable and waiting for one. A lag mostly spent waiting is time the OS
  // gave the service no core (two cores, shared with Neo4j and the client), not work that held it.
  private readonly onCpu = new Float64Array(120_000);
  private readonly waiting = new Float64Array(120_000);
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  // Garbage-collection pauses of the service's process: when (Date.now()) and how long.
  private readonly gcAt = new Float64Array(20_000);
  private readonly gcMs = new Float64Array(20_000);
  private gcCount = 0;
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (this.gcCount >= this.gcAt.length) return;
      this.gcAt[this.gcCount] = performance.timeOrigin + entry.startTime;
      this.gcMs[this.gcCount] = entry.duration;
      this.gcCount += 1;
    }
  });

  start(): void {
    let last = performance.now();
    let lastSched = mainThreadSchedule();
    this.timer = setInterval(() => {
      const now = performance.now();
      const sched = mainThreadSchedule();
      if (this.count < this.at.length) {
        this.at[this.count] = Date.now();
        this.lag[this.count] = Math.max(0, now - last - 10);
        this.onCpu[this.count] = sched.onCpuMs - lastSched.onCpuMs;
        this.waiting[this.count] = sched.waitingMs - lastSched.waitingMs;
        this.count += 1;
      }
      last = now;
      lastSched = sched;
    }, 10);
    this.observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    clearInterval(this.timer);
    this.observer.disconnect();
  }

  /**
   * The longest lag of a tick whose delay fell between `from` and `to` (Date.now()), and how the
   * main thread spent that tick (its 10 ms included): on a core, or waiting for one.
   */
  maxBetween(from: number, to: number): { lag: number; onCpu: number; waiting: number } {
    const max = { lag: 0, onCpu: 0, waiting: 0 };
    for (let index = 0; index < this.count; index += 1) {
      const at = this.at[index] as number;
      const lag = this.lag[index] as number;
      if (at >= from && at - lag <= to && lag > max.lag) {
        max.lag = lag;
        max.onCpu = this.onCpu[index] as number;
        max.waiting = this.waiting[index] as number;
      }
    }
    return max;
  }

  /** The longest garbage-collection pause that began between `from` and `to`. */
  longestGcBetween(from: number, to: number): number {
    let max = 0;
    for (let index = 0; index < this.gcCount; index += 1) {
      const at = this.gcAt[index] as number;
      if (at >= from && at <= to) max = Math.max(max, this.gcMs[index] as number);
    }
    return max;
  }
}

function report(
  outcome: ProbeOutcome,
  heap: { before: number; after: number },
  loop: LoopLag,
  faults: string[],
): string {
  const rows = outcome.phases.map((phase) => {
    const statuses = new Map<number, number>();
    for (const answer of phase.answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    const slowest = Math.max(0, ...phase.answers.map((answer) => answer.ms));
    const inPhase = outcome.healthSamples.filter(
      ([at, ms]) => at + ms >= phase.startedAt && at <= phase.endedAt,
    );
    const slowestHealth = inPhase.reduce<[number, number, number, number] | null>(
      (worst, sample) => (worst === null || sample[1] > worst[1] ? sample : worst),
      null,
    );
    const health = slowestHealth?.[1] ?? 0;
    const lag = loop.maxBetween(phase.startedAt, phase.endedAt);
    return `| ${phase.name} | ${phase.answers.length} | ${[...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${count} × ${status}`)
      .join(
        ', ',
      )} | ${format(slowest)} | ${health.toFixed(1)} ms${slowestHealth ? ` (prober waiting for a core ${slowestHealth[3].toFixed(0)} ms)` : ''} | ${lag.lag.toFixed(0)} ms (on a core ${lag.onCpu.toFixed(0)} ms, waiting for one ${lag.waiting.toFixed(0)} ms) | ${loop.longestGcBetween(phase.startedAt, phase.endedAt).toFixed(0)} ms | ${phase.faults.length} | ${phase.notes.join('; ')} |`;
  });
  const health = outcome.health;
  return [
    HEADING,
    '',
    `\`${COMMAND}\`, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, Node ${process.version}.`,
    'Every broken or hostile request of issue 15 against the service over HTTP on 127.0.0.1 (real graph,',
    `response cache on), from a child process at nice ${CLIENT_NICE} (real clients are on other machines), with`,
    "`/health` asked every 50 ms throughout from a process of its own at the service's priority. Server settings: NEO4J_QUERY_TIMEOUT_MS 1000 + NEO4J_DEADLINE_MARGIN_MS 500,",
    'HTTP_HEADERS_TIMEOUT_MS 1000, HTTP_REQUEST_TIMEOUT_MS 1500, RESPONSE_CACHE_TTL_MS 5000. "Service loop',
    'lag" is the longest delay of a 10 ms timer in the service\'s own process during the phase, and how its',
    'main thread spent that tick (Linux schedstat): on a core is work that held the event loop (a GC pause',
    'included); waiting for one is time the OS gave the service no core (two cores, shared with Neo4j, the',
    "client and the service's own helper threads). The slowest `/health` says how much of it the prober's own",
    'thread spent runnable but not on a core: that part is the machine, not the service (it is still judged).',
    '',
    '| phase | answers | statuses | slowest answer | slowest `/health` | service loop lag | longest GC pause | faults | seen |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `- \`/health\`: ${health.samples} answers, p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, ` +
      `max ${health.max.toFixed(1)} ms (limit ${MAX_HEALTH_MS} ms), ${health.failures} not 200.`,
    `- Heap in use after a full collection: ${heap.before.toFixed(1)} MB after warm-up, ${heap.after.toFixed(1)} MB ` +
      `after the probe (${(heap.after - heap.before).toFixed(1)} MB; limit ${MAX_HEAP_GROWTH_MB} MB).`,
    `- Requests sent again because the server had closed their idle keep-alive connection first: ${outcome.retried}.`,
    `- Faults: ${faults.length === 0 ? 'none' : faults.length}.`,
    ...faults.slice(0, 80).map((fault) => `  - ${fault}`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ...PROBE_ENV });
  const dataDir = config.import.dataDir;
  if (!dataDir) throw new Error('Set CNCF_DATA_DIR to the CNCF data directory for this probe');
  const connection = await obtainNeo4j(config, 'test', consoleLog);
  const driver = createDriver(connection);
  const pid = connection.pid;
  try {
    const importer = new GraphExecutor(driver, { database: connection.database, queryTimeoutMs: 120_000 });
    await importConfiguredSources({ config, graph: importer, log: quiet });
    const graph = new GraphExecutor(driver, {
      database: connection.database,
      queryTimeoutMs: config.neo4j.queryTimeoutMs,
      deadlineMarginMs: config.neo4j.deadlineMarginMs,
    });
    const logger = createLogger('silent');
    const app = createApp({
      graph,
      logger,
      api: config.api,
      // As main.ts serves it.
      exportWorker: {
        connection,
        queryTimeoutMs: config.neo4j.queryTimeoutMs,
        deadlineMarginMs: config.neo4j.deadlineMarginMs,
      },
      plugins: [...observabilityPlugins({ logger, metrics: config.api.metrics })],
    });
    // As main.ts does.
    introspectionWorkerFor(schema).warm();
    const server = createHttpServer(app, config.server.timeouts);
    const url = await listen(server);
    const file = fileURLToPath(import.meta.url);
    const job: ProbeJob = { url, neo4jPid: pid, dataDir, warmUpOnly: true, seconds: 120 };
    try {
      const warm = await inChild<ProbeJob, ProbeOutcome>(file, job);
      // A fresh JVM compiles its first whole-graph read slowly (past the 1 s timeout at times): the
      // warm-up is there to get that done, so what it meets is shown, not judged.
      const warmFaults = warm.phases.flatMap((phase) => phase.faults);
      if (warmFaults.length > 0) console.log(`Warm-up: ${warmFaults.slice(0, 5).join('; ')}`);
      await sleep(config.api.responseCacheTtlMs + 1_000);
      const loop = new LoopLag();
      const before = await settledHeapMb();
      loop.start();
      const outcome = await inChild<ProbeJob, ProbeOutcome>(file, {
        ...job,
        warmUpOnly: false,
        seconds: 300,
      });
      loop.stop();
      await sleep(config.api.responseCacheTtlMs + 1_000);
      const after = await settledHeapMb();
      const faults = outcome.phases.flatMap((phase) =>
        phase.faults.map((fault) => `${phase.name}: ${fault}`),
      );
      if (outcome.health.max >= MAX_HEALTH_MS)
        faults.push(`/health took ${outcome.health.max.toFixed(1)} ms`);
      if (outcome.health.failures > 0) faults.push(`/health failed ${outcome.health.failures} times`);
      if (after - before > MAX_HEAP_GROWTH_MB)
        faults.push(`the heap grew by ${(after - before).toFixed(1)} MB`);
      const text = report(outcome, { before, after }, loop, faults);
      console.log(text);
      writeSection(HEADING, text);
      process.exitCode = faults.length === 0 ? 0 : 1;
    } finally {
      await close(server);
      await app.dispose();
    }
  } finally {
    // Whatever happened in the child: a paused JVM would neither answer nor stop.
    if (pid !== null) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Already gone.
      }
    }
    await driver.close();
    await connection.stop();
  }
}

if (isLoadClient()) serveOneJob(runProbe);
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
