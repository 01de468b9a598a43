/**
 * `CNCF_DATA_DIR=/work/shared/data/cncf node --import tsx bench/peers/check.ts`: before any timing,
 * checks that this service, the @neo4j/graphql peer and hand-written Cypher give the same answers
 * on the real graph (after questions.ts's normalisers). Exits 1 on a mismatch or an error.
 */
import { isDeepStrictEqual } from 'node:util';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { realGraph } from '../support/real-graph.ts';
import { createNeo4jGraphqlPeer } from './neo4j-graphql.ts';
import { type Ask, questions } from './questions.ts';

type Fetcher = { fetch: (url: string, init: RequestInit) => Response | Promise<Response> };

async function ask(app: Fetcher, { query, variables }: Ask): Promise<unknown> {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: variables ?? {} }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 1000));
  return body.data;
}

/** Where two normalised answers first differ, as a readable line. */
function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (Array.isArray(a) && Array.isArray(b)) {
    const left = new Set(a.map((x) => JSON.stringify(x)));
    const right = new Set(b.map((x) => JSON.stringify(x)));
    const onlyA = [...left].filter((x) => !right.has(x));
    const onlyB = [...right].filter((x) => !left.has(x));
    if (onlyA.length || onlyB.length)
      return `${path}: ${a.length} vs ${b.length} items; only left (${onlyA.length}): ${onlyA.slice(0, 3).join(', ')}; only right (${onlyB.length}): ${onlyB.slice(0, 3).join(', ')}`;
    for (let i = 0; i < a.length; i += 1)
      if (!isDeepStrictEqual(a[i], b[i])) return firstDifference(a[i], b[i], `${path}[${i}]`);
    return `${path}: same items, different order`;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${key}`);
    }
  }
  return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

const size = (value: unknown) => (Array.isArray(value) ? `${value.length} items` : JSON.stringify(value));

const config = loadConfig();
const world = await realGraph(config);
let failures = 0;
try {
  const service = createApp({ graph: world.graph, logger: createLogger('silent') });
  const peer = await createNeo4jGraphqlPeer(world.driver, world.connection.database);
  const floor = { driver: world.driver, database: world.connection.database };

  for (const question of questions) {
    console.log(`\n■ ${question.name}`);
    if (question.note) console.log(`  note: ${question.note}`);
    try {
      const fromService = question.normalise.service(await ask(service, question.service));
      const fromRaw = question.normalise.raw(await question.raw(floor));
      const fromPeer = question.peer ? question.normalise.peer(await ask(peer, question.peer)) : undefined;
      console.log(`  service: ${size(fromService)}`);
      console.log(`  raw:     ${size(fromRaw)}`);
      if (question.peer) console.log(`  peer:    ${size(fromPeer)}`);
      else console.log('  peer:    not expressible (skipped)');

      const pairs: [string, unknown, unknown][] = [['service vs raw', fromService, fromRaw]];
      if (question.peer) pairs.push(['peer vs raw', fromPeer, fromRaw]);
      for (const [label, left, right] of pairs) {
        if (isDeepStrictEqual(left, right)) console.log(`  ✓ ${label}: equal`);
        else {
          failures += 1;
          console.log(`  ✗ ${label}: ${firstDifference(left, right)}`);
        }
      }
    } catch (error) {
      failures += 1;
      console.log(`  ✗ error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  await world.close();
}
console.log(failures === 0 ? '\nAll answers agree.' : `\n${failures} mismatch(es) or error(s).`);
process.exitCode = failures === 0 ? 0 : 1;
