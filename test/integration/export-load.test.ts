import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { EXPORT_RETRY_AFTER_SECONDS } from '../../src/export/http.ts';
import { createHttpServer } from '../../src/http-server.ts';
import { applySchema, writeSource } from '../../src/import/load.ts';
import type { ClaimFact, NodeFact, NodeLabel } from '../../src/import/model.ts';
import { createLogger } from '../../src/logger.ts';
import { CypherScripts } from '../../src/neo4j/cypher-scripts.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { claimAppender } from '../support/tiny-graph.ts';

// Exports of a graph of INVENTED facts as large as the real one (about 6 000 nodes and 10 000
// claims in 2026), through a real HTTP server, while /health is asked over and over. This file owns
// the shared database while it runs (files run one at a time), so it empties it first.
const neo = inject('neo4j');
const MAX_CONCURRENT = 2;
// "Fast" on a shared, loaded two-core machine: /health costs well under a millisecond of work, so
// anything near a second means the event loop was held. Before exports were limited and yielded,
// sixteen exports at once held /ready for 3.3 s.
const HEALTH_MAX_MS = 1_000;

let driver: Driver;
let server: Server;
let base: string;

function inventedGraph(): { nodes: NodeFact[]; claims: ClaimFact[] } {
  const nodes: NodeFact[] = [];
  const add = (label: NodeLabel, id: string, name: string, props: NodeFact['props'] = {}) => {
    const node: NodeFact = { label, id, name, aliases: [`${name} alias`], props };
    nodes.push(node);
    return node;
  };
  const people = Array.from({ length: 4_000 }, (_, index) =>
    add('Person', `person:gh:invented-${index}`, `Invented Person ${index}`, { handle: `invented-${index}` }),
  );
  const projects = Array.from({ length: 800 }, (_, index) =>
    add('Project', `project:invented-${index}`, `Invented Project ${index}`, {
      cncf: index % 3 === 0,
      maturity: 'sandbox',
      description: `An invented project, number ${index}, made up for a load test.`,
      homepage: `https://invented-${index}.invalid/`,
    }),
  );
  const organizations = Array.from({ length: 1_150 }, (_, index) =>
    add('Organization', `org:invented-${index}`, `Invented Org ${index}`, {
      homepage: `https://org-${index}.invalid/`,
    }),
  );
  const claims: ClaimFact[] = [];
  const claim = claimAppender(claims);
  people.forEach((person, index) => {
    const project = projects[index % projects.length] as NodeFact;
    const organization = organizations[index % organizations.length] as NodeFact;
    claim('MAINTAINS', person, project, { since: `20${10 + (index % 14)}-01-01`, group: 'maintainers' });
    claim('AFFILIATED_WITH', person, organization, { observedAt: '2024-01-01', forProject: project.id });
    if (index % 2 === 0)
      claim('CONTRIBUTES_TO', person, projects[(index * 7) % projects.length] as NodeFact, {});
  });
  return { nodes, claims };
}

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  const graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 60_000 });
  await graph.write('MATCH (n) DETACH DELETE n');
  const scripts = new CypherScripts();
  await applySchema(graph, scripts);
  const commit = '0'.repeat(40);
  await writeSource(
    graph,
    scripts,
    { sourceId: 'fixture/invented-load.md@0000000', ...inventedGraph(), rejected: [] },
    {
      kind: 'file',
      repository: 'example/invented-load',
      path: 'invented-load.md',
      commit,
      url: `https://github.com/example/invented-load/blob/${commit}/invented-load.md`,
      sha256: 'fixture',
    },
  );
  const api = { ...loadConfig({}).api, exportMaxConcurrent: MAX_CONCURRENT };
  const app = createApp({ graph, logger: createLogger('silent'), api });
  server = createHttpServer(app, loadConfig({}).server.timeouts);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await driver?.close();
});

/**
 * Sixteen clients, each asking again as soon as it is answered, for `argv[2]` ms against the
 * server at `argv[1]`: whole graphs (made once, then from the cache) and subgraphs of many days
 * (made each time, or refused). Prints the count of each status as JSON.
 */
const LOAD_CLIENTS = `
const [base, duration] = process.argv.slice(1);
const until = Date.now() + Number(duration);
const counts = {};
await Promise.all(Array.from({ length: 16 }, async (_, client) => {
  for (let round = 0; Date.now() < until; round += 1) {
    const day = String((round % 28) + 1).padStart(2, '0');
    const query = client % 4 === 0 ? '' : '?asOf=2023-' + String((client % 12) + 1).padStart(2, '0') + '-' + day;
    const response = await fetch(base + '/export/graph.json' + query);
    await response.arrayBuffer();
    counts[response.status] = (counts[response.status] ?? 0) + 1;
  }
}));
process.stdout.write(JSON.stringify(counts));
`;

/** One export, read to its end; its status, Retry-After and how long it took. */
async function exportOnce(query: string) {
  const started = performance.now();
  const response = await fetch(`${base}/export/graph.json${query}`);
  const body = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    nodes: response.headers.get('x-export-nodes'),
    bytes: body.length,
    ms: performance.now() - started,
  };
}

describe('exports under load', () => {
  it('makes at most the configured number at once and refuses the rest with 429 and Retry-After', async () => {
    // Ten different days: different subgraphs, so none is shared or served from the cache.
    const days = Array.from({ length: 10 }, (_, index) => `2024-01-${String(index + 10).padStart(2, '0')}`);
    const results = await Promise.all(days.map((day) => exportOnce(`?asOf=${day}`)));
    const served = results.filter((result) => result.status === 200);
    const refused = results.filter((result) => result.status === 429);
    console.info(
      `[export-load] 10 exports at once: ${served.length} served (${served.map((r) => Math.round(r.ms)).join(', ')} ms), ` +
        `${refused.length} refused in at most ${Math.round(Math.max(...refused.map((r) => r.ms)))} ms`,
    );
    expect(served.length + refused.length).toBe(10);
    expect(served.length).toBeGreaterThanOrEqual(MAX_CONCURRENT);
    // Requests that arrive while two are being made are refused; a generous count, as one of the
    // two may finish before the last request arrives on a loaded machine.
    expect(refused.length).toBeGreaterThanOrEqual(5);
    for (const result of refused) expect(result.retryAfter).toBe(String(EXPORT_RETRY_AFTER_SECONDS));
    // Every invented node and the one Source node.
    for (const result of served) expect(result.nodes).toBe('5951');
  });

  it('keeps /health fast while clients ask for exports as fast as they can', async () => {
    // The clients run in a process of their own, so that this process's event loop does only the
    // server's work (and the probes).
    const clients = spawn(process.execPath, ['--input-type=module', '-e', LOAD_CLIENTS, base, '8000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let report = '';
    clients.stdout.on('data', (data: Buffer) => {
      report += data.toString();
    });
    const exited = new Promise<number | null>((resolve) => clients.once('exit', resolve));
    try {
      const health: number[] = [];
      const ready: number[] = [];
      const started = performance.now();
      while (performance.now() - started < 8_000) {
        const t0 = performance.now();
        expect((await fetch(`${base}/health`)).status).toBe(200);
        health.push(performance.now() - t0);
        const t1 = performance.now();
        await (await fetch(`${base}/ready`)).text();
        ready.push(performance.now() - t1);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await exited).toBe(0);
      const outcomes = JSON.parse(report) as Record<string, number>;
      const sorted = [...health].sort((a, b) => a - b);
      const maxHealth = sorted.at(-1) ?? 0;
      console.info(
        `[export-load] during 8 s of 16 export clients (${JSON.stringify(outcomes)}): /health median ` +
          `${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, max ${Math.round(maxHealth)} ms ` +
          `over ${health.length} probes; /ready max ${Math.round(Math.max(...ready))} ms`,
      );
      expect(Object.keys(outcomes).sort()).toEqual(['200', '429']);
      expect(maxHealth).toBeLessThan(HEALTH_MAX_MS);
    } finally {
      clients.kill();
    }
  }, 120_000);
});
