// Registers the analytics fields on the builder before src/app.ts builds the schema, so the GraphQL
// tests below run whether or not src/schema/index.ts imports types/Analytics.ts yet.
import '../../src/schema/types/Analytics.ts';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RANKING_PROPERTIES } from '../../src/analytics/metrics.ts';
import { PAGERANK_TOLERANCE } from '../../src/analytics/pagerank.ts';
import { computeRankings } from '../../src/analytics/rankings.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import {
  footprintByOrganizationIds,
  governanceByProjectIds,
  listGovernanceOverlap,
  listProjectMaintainerEmployers,
  listRankings,
} from '../../src/graph/analytics.ts';
import { importSources, type SourceInput } from '../../src/import/importer.ts';
import { acquireInputs } from '../../src/import/run.ts';
import { consoleLog, createLogger, type Log } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { cncfDataDir, testCacheDir } from '../support/cncf-data.ts';
import { graphDigest } from '../support/graph-digest.ts';

// Imports the real CNCF files into the shared Neo4j of the integration run (this file owns the
// database while it runs, so it empties it first) and checks the analytics against facts read in the
// files by hand: foundation/project-maintainers.csv lists 105 Kubernetes rows for 104 people (Google
// 26 people, Red Hat 20, Microsoft 10, 6 independent); the article's 2021 "co-maintainer" claim
// about Lei Zhang no longer holds today (the 2021-07-23 list superseded it); KubeVela has 11 maintainers, 4 at Alibaba; the landscape has KubeVela
// accepted (sandbox) on 2021-06-22 and incubating since 2023-02-27.
const neo = inject('neo4j');
let driver: Driver;
let graph: GraphExecutor;
let inputs: SourceInput[];
let roundTrips = 0;
let app: ReturnType<typeof createApp>;
const messages: string[] = [];
const capturing: Log = { ...consoleLog, info: (message) => messages.push(message) };
const rankingLines = () => messages.filter((message) => message.startsWith('rankings:'));

const AFTER_2026_LIST = '2026-09-01';
const IN_2021 = '2021-08-01';

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  graph = new GraphExecutor(driver, {
    database: neo.database,
    queryTimeoutMs: 60_000,
    onRoundTrip: () => {
      roundTrips += 1;
    },
  });
  await graph.write('MATCH (n) DETACH DELETE n');
  ({ inputs } = await acquireInputs({
    dataDir: cncfDataDir,
    cacheDir: testCacheDir,
    log: { ...consoleLog, info: () => {} },
  }));
  const summary = await importSources({ graph, inputs, log: capturing });
  expect(summary.sources.map((source) => source.status)).toEqual(inputs.map(() => 'loaded'));
  app = createApp({ graph, logger: createLogger('silent') });
});

afterAll(async () => {
  await driver?.close();
});

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test reads of a JSON answer
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] };
}

/** Asks through an app without the response cache: the answers change with each computation. */
// biome-ignore lint/suspicious/noExplicitAny: test reads of a JSON answer
async function askUncached(query: string): Promise<any> {
  const uncached = createApp({
    graph,
    logger: createLogger('silent'),
    api: { ...loadConfig({}).api, responseCacheTtlMs: 0 },
  });
  const response = await uncached.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test reads of a JSON answer
  const { data, errors } = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(errors).toBeUndefined();
  return data;
}

describe('rankings after an import', () => {
  it('are stored on every person, project and organization, once, with the time it took logged', async () => {
    const properties = Object.values(RANKING_PROPERTIES).flatMap((metric) => Object.values(metric));
    const rows = await graph.read<{ nodes: number; missing: number; pagerank: number; top: number }>(
      `MATCH (n:Person|Project|Organization)
       RETURN count(n) AS nodes,
              count(CASE WHEN any(p IN $properties WHERE n[p] IS NULL) THEN 1 END) AS missing,
              sum(n.scorePagerank) AS pagerank,
              count(CASE WHEN n.rankDegree = 1 THEN 1 END) AS top`,
      { properties },
    );
    expect(rows[0]?.nodes).toBeGreaterThan(5_000);
    expect(rows[0]?.missing).toBe(0);
    expect(rows[0]?.pagerank).toBeCloseTo(1, 6);
    expect(rows[0]?.top).toBe(1);
    // Other nodes get none.
    const others = await graph.read<{ n: number }>(
      'MATCH (n) WHERE NOT n:Person AND NOT n:Project AND NOT n:Organization AND n.rankDegree IS NOT NULL RETURN count(n) AS n',
    );
    expect(others[0]?.n).toBe(0);
    expect(rankingLines()).toHaveLength(1);
    expect(rankingLines()[0]).toMatch(/ranked in \d+ ms .*betweenness \d+/);
  });

  it('give the degree Cypher counts: distinct people, projects and organizations joined by a claim', async () => {
    const rows = await graph.read<{ id: string; stored: number; counted: number }>(
      `MATCH (n:Entity) WHERE n.id IN ['project:kubernetes', 'org:google', 'person:gh:resouer', 'project:kubevela']
       RETURN n.id AS id, n.scoreDegree AS stored,
              COUNT { MATCH (n)-[:MAINTAINS|AFFILIATED_WITH|ORIGINATED_AT|CONTRIBUTES_TO]-(m:Person|Project|Organization)
                      WHERE m <> n RETURN DISTINCT m } AS counted`,
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.stored).toBe(row.counted);
  });

  it('put Kubernetes first among projects by degree, PageRank and betweenness', async () => {
    for (const metric of ['degree', 'pagerank', 'betweenness'] as const) {
      const [first] = await listRankings(graph, metric, 'Project', 1);
      expect(first?.entity.id).toBe('project:kubernetes');
      expect(first?.rank).toBe(1);
    }
    // 104 people in the 2026 list, the 2021 list's steering committee, Lei Zhang by the article.
    const [kubernetes] = await listRankings(graph, 'degree', 'Project', 1);
    expect(kubernetes?.score).toBeGreaterThan(104);
  });

  it('list ties by id and rank among the kind asked for', async () => {
    const people = await listRankings(graph, 'degree', 'Person', 100);
    expect(people).toHaveLength(100);
    expect(people.every((ranking) => ranking.entity.label === 'Person')).toBe(true);
    for (let k = 1; k < people.length; k++) {
      const [before, after] = [people[k - 1], people[k]] as [(typeof people)[0], (typeof people)[0]];
      expect(before.score).toBeGreaterThanOrEqual(after.score);
      if (before.score === after.score) {
        expect(after.rank).toBe(before.rank);
        expect(before.entity.id < after.entity.id).toBe(true);
      } else {
        expect(after.rank).toBe(k + 1);
      }
    }
  });

  it('are not recomputed by an import that changes nothing nor for the same projection, and recomputing gives the same graph', async () => {
    const before = await graphDigest(graph);
    // A marker only a recomputation would overwrite.
    await graph.write(`MATCH (n:Project {id: 'project:kubernetes'}) SET n.rankDegree = -1`);
    messages.length = 0;
    const again = await importSources({ graph, inputs, log: capturing });
    expect(again.sources.every((source) => source.status === 'unchanged')).toBe(true);
    expect(rankingLines()).toEqual([]);
    const marker = await graph.read<{ rank: number }>(
      `MATCH (n:Project {id: 'project:kubernetes'}) RETURN n.rankDegree AS rank`,
    );
    expect(marker[0]?.rank).toBe(-1);
    // Asked to rank the projection it ranked last, it keeps the stored scores.
    expect((await computeRankings(graph, capturing)).computed).toBe(false);
    const kept = await graph.read<{ rank: number }>(
      `MATCH (n:Project {id: 'project:kubernetes'}) RETURN n.rankDegree AS rank`,
    );
    expect(kept[0]?.rank).toBe(-1);
    // A node without scores (written afresh since) is ranked again, with the rest.
    await graph.write(`MATCH (n:Project {id: 'project:kubernetes'}) REMOVE n.rankDegree`);
    expect((await computeRankings(graph, capturing)).computed).toBe(true);
    expect(await graphDigest(graph)).toBe(before);

    // A run that failed after marking the stored scores stale (cypher/915) is computed again.
    await graph.write('MATCH (state:RankingState) SET state.projectionDigest = null');
    expect((await computeRankings(graph, capturing)).computed).toBe(true);
    expect((await computeRankings(graph, capturing)).computed).toBe(false);
    expect(await graphDigest(graph)).toBe(before);

    const stats = await computeRankings(graph, capturing, { force: true });
    expect(stats.computed).toBe(true);
    expect(stats.nodes).toBeGreaterThan(5_000);
    expect(stats.ms.betweenness).toBeLessThan(10_000);
    expect(await graphDigest(graph)).toBe(before);
  });

  it('store whether PageRank converged, which the API shows, and say so when it stopped at its cap', async () => {
    const read = async () =>
      (await askUncached('{ rankingComputation { pagerank { converged iterations change tolerance } } }'))
        .rankingComputation;
    // The real projection needs more than the 100 iterations PageRank once stopped at (it was still
    // moving by 3.5e-8 there); now it runs to its tolerance.
    const converged = (await read()).pagerank;
    expect(converged).toMatchObject({ converged: true, tolerance: PAGERANK_TOLERANCE });
    expect(converged.iterations).toBeGreaterThan(100);
    expect(converged.change).toBeLessThan(PAGERANK_TOLERANCE);

    // Capped at 100, it does not converge: the import warns and the API says so.
    const warnings: string[] = [];
    const capped = await computeRankings(
      graph,
      { ...capturing, warn: (message) => warnings.push(message) },
      { force: true, pagerank: { maxIterations: 100 } },
    );
    expect(capped).toMatchObject({ computed: true, pagerankConverged: false, pagerankIterations: 100 });
    expect(warnings).toEqual([
      expect.stringMatching(/^rankings: PageRank stopped at its cap of 100 iterations/),
    ]);
    const stopped = (await read()).pagerank;
    expect(stopped).toMatchObject({ converged: false, iterations: 100 });
    expect(stopped.change).toBeGreaterThan(PAGERANK_TOLERANCE);

    // Rankings stored before convergence was recorded are computed again, not kept.
    await graph.write('MATCH (state:RankingState) REMOVE state.pagerankConverged');
    expect(await read()).toBeNull();
    const again = await computeRankings(graph, capturing);
    expect(again).toMatchObject({ computed: true, pagerankConverged: true });
    expect((await read()).pagerank).toEqual(converged);
  });

  it('store whether betweenness is exact or sampled, with its pivots, seed and bound, which the API shows', async () => {
    const read = () =>
      askUncached(
        '{ rankingComputation { betweenness { exact pivots seed confidence errorBound } } rankings(metric: BETWEENNESS, first: 1) { score } }',
      );
    const scores = async () =>
      new Map(
        (
          await graph.read<{ id: string; score: number }>(
            `MATCH (n:Person|Project|Organization) RETURN n.id AS id, n.${RANKING_PROPERTIES.betweenness.score} AS score`,
          )
        ).map(({ id, score }) => [id, score]),
      );
    // The real graph is below the size where sampling starts: exact.
    await computeRankings(graph, capturing, { force: true });
    const exact = await read();
    const exactScores = await scores();
    expect(exact.rankingComputation.betweenness).toEqual({
      exact: true,
      pivots: null,
      seed: null,
      confidence: null,
      errorBound: null,
    });

    // Asked to sample (as a graph above the threshold is), it says so and stays within its bound.
    messages.length = 0;
    const sampled = await computeRankings(graph, capturing, {
      force: true,
      betweenness: { exactUpTo: 100, pivots: 500, seed: 7 },
    });
    expect(sampled.betweenness).toMatchObject({ exact: false, pivots: 500, seed: 7, confidence: 0.95 });
    expect(rankingLines().join('\n')).toMatch(/betweenness \d+ sampled from 500 pivots/);
    const estimate = await read();
    const stated = estimate.rankingComputation.betweenness;
    expect(stated).toMatchObject({ exact: false, pivots: 500, seed: 7, confidence: 0.95 });
    expect(stated.errorBound).toBeGreaterThan(0);
    // Each score is within the bound of its exact one, for all but a few (the bound holds per score
    // with probability 0.95); the most central entity's score too.
    const sampledScores = await scores();
    const outside = [...exactScores].filter(
      ([id, score]) => Math.abs((sampledScores.get(id) ?? Number.NaN) - score) > stated.errorBound,
    );
    expect(outside.length / exactScores.size).toBeLessThanOrEqual(0.05);
    const top = exact.rankings[0].score as number;
    const topId = [...exactScores].find(([, score]) => score === top)?.[0] as string;
    expect(Math.abs((sampledScores.get(topId) as number) - top)).toBeLessThan(stated.errorBound);

    // Back to the default: exact again, and the API says so.
    await computeRankings(graph, capturing, { force: true });
    expect((await read()).rankingComputation.betweenness.exact).toBe(true);
  });
});

describe('governance read at request time', () => {
  it('gives Kubernetes’ maintainers by employer: Google then Red Hat the largest', async () => {
    const [kubernetes] = await governanceByProjectIds(graph, ['project:kubernetes'], AFTER_2026_LIST);
    expect(kubernetes).toMatchObject({ maintainers: 104, independentMaintainers: 6 });
    expect(kubernetes?.largest).toMatchObject({ organization: { id: 'org:google' }, maintainers: 26 });
    expect(kubernetes?.largest?.share).toBeCloseTo(26 / 104, 10);
    // 26 + 20 + 10 = 56, the first sum to reach half of 104.
    expect(kubernetes?.majority.map((group) => [group.organization?.name, group.maintainers])).toEqual([
      ['Google', 26],
      ['Red Hat', 20],
      ['Microsoft', 10],
    ]);
  });

  it('follows the day: KubeVela was nine-tenths Alibaba in 2021 and is four of eleven now', async () => {
    const [then] = await governanceByProjectIds(graph, ['project:kubevela'], IN_2021);
    expect(then?.largest).toMatchObject({ organization: { name: 'Alibaba' }, maintainers: 9, share: 0.9 });
    expect(then?.majority).toHaveLength(1);
    const [now] = await governanceByProjectIds(graph, ['project:kubevela'], AFTER_2026_LIST);
    expect(now).toMatchObject({ maintainers: 11, independentMaintainers: 1 });
    expect(now?.largest).toMatchObject({ organization: { name: 'Alibaba' }, maintainers: 4 });
    // 4 + 1 + 1 = 6 ≥ 5.5: Alibaba and two one-maintainer groups.
    expect(now?.majority).toHaveLength(3);
  });

  it('answers a batch of keys in key order, in one round trip, with nothing for unknown keys', async () => {
    roundTrips = 0;
    const keys = ['project:kubevela', 'project:does-not-exist', 'project:kubernetes'];
    const batch = await listProjectMaintainerEmployers(graph, keys, AFTER_2026_LIST);
    expect(roundTrips).toBe(1);
    expect(batch.map((maintainers) => maintainers.length)).toEqual([11, 0, 104]);
  });

  it('gives Alibaba’s footprint with KubeVela incubating now and in the sandbox in 2021', async () => {
    const [now, then] = [
      (await footprintByOrganizationIds(graph, ['org:alibaba'], AFTER_2026_LIST))[0],
      (await footprintByOrganizationIds(graph, ['org:alibaba'], IN_2021))[0],
    ];
    const level = (footprint: typeof now, name: string) =>
      footprint?.levels.find((candidate) => candidate.level === name);
    expect(level(now, 'incubating')?.projects).toContainEqual({
      project: { id: 'project:kubevela', name: 'KubeVela' },
      maintainers: 4,
    });
    expect(level(then, 'sandbox')?.projects).toContainEqual({
      project: { id: 'project:kubevela', name: 'KubeVela' },
      maintainers: 9,
    });
    // Every project counted once, in one level.
    const counted = now?.levels.reduce((sum, current) => sum + current.projects.length, 0);
    expect(counted).toBe(now?.projects);
  });

  it('finds Lei Zhang on the TOC and chairing TAG App Delivery while maintaining KubeVela in 2021', async () => {
    const overlap = await listGovernanceOverlap(graph, IN_2021);
    const lei = overlap.find((item) => item.person.id === 'person:gh:resouer');
    expect(lei?.roles.map((role) => [role.type, role.body.id])).toEqual(
      expect.arrayContaining([
        ['SERVES_ON', 'body:toc'],
        ['LEADS', 'body:tag-app-delivery'],
      ]),
    );
    expect(lei?.projects.map((project) => project.id)).toContain('project:kubevela');
    // Only TOC seats and TAG leads, each on the day.
    const tags = await graph.read<{ id: string }>(`MATCH (b:Body {kind: 'TAG'}) RETURN b.id AS id`);
    const tagIds = tags.map((row) => row.id);
    for (const item of overlap) {
      expect(item.projects.length).toBeGreaterThan(0);
      for (const role of item.roles) expect(['body:toc', ...tagIds]).toContain(role.body.id);
    }
  });
});

describe('the GraphQL fields', () => {
  it('rank entities, with the entity and its centrality', async () => {
    const { data, errors } = await graphql(`{
      rankings(metric: DEGREE, kind: PROJECT, first: 3) {
        rank score kind entity { __typename ... on Project { key centrality { degree { score rank kindRank } } } }
      }
      all: rankings(metric: PAGERANK) { rank kind }
    }`);
    expect(errors).toBeUndefined();
    expect(data.rankings[0]).toMatchObject({
      rank: 1,
      kind: 'PROJECT',
      entity: { __typename: 'Project', key: 'project:kubernetes', centrality: { degree: { kindRank: 1 } } },
    });
    expect(data.rankings[0].entity.centrality.degree.score).toBe(data.rankings[0].score);
    expect(data.all).toHaveLength(10);
    expect(data.all[0].rank).toBe(1);
  });

  it('refuse a page size out of range', async () => {
    const { errors } = await graphql('{ rankings(metric: BETWEENNESS, first: 0) { rank } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('give governance and footprints in one round trip per level, whatever the number of items', async () => {
    const query = `query ($first: Int!, $asOf: Date) {
      projects(first: $first, filter: { cncf: true }, orderBy: MATURITY) {
        edges { node { name
          governance(asOf: $asOf) { maintainers organizations majoritySize
            largestOrganization { share organization { name footprint(asOf: $asOf) { projects graduated { projectCount } } } }
            majority { maintainers independentMaintainer { handle } }
          }
        } }
      }
    }`;
    roundTrips = 0;
    const small = await graphql(query, { first: 3, asOf: AFTER_2026_LIST });
    const smallTrips = roundTrips;
    roundTrips = 0;
    const large = await graphql(query, { first: 40, asOf: AFTER_2026_LIST });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data.projects.edges.length).toBe(40);
    expect(roundTrips).toBe(smallTrips);
    // The list, every project's governance, every largest employer's record, every footprint.
    expect(smallTrips).toBe(4);
  });

  it('default to today and take null for whenever', async () => {
    const { data, errors } = await graphql(`{
      project(name: "Kubernetes") {
        today: governance { maintainers largestOrganization { organization { name } } }
        ever: governance(asOf: null) { maintainers }
      }
      organization(name: "Alibaba") { footprint { incubating { projects { project { name } maintainers } } } }
      governanceOverlap(asOf: "${IN_2021}") { person { handle } roles { kind body { name } roles } projects { name } }
    }`);
    expect(errors).toBeUndefined();
    const today = new Date().toISOString().slice(0, 10);
    const [expected] = await governanceByProjectIds(graph, ['project:kubernetes'], today);
    expect(data.project.today.maintainers).toBe(expected?.maintainers);
    expect(data.project.ever.maintainers).toBeGreaterThan(data.project.today.maintainers);
    expect(data.organization.footprint.incubating.projects).toContainEqual({
      project: { name: 'KubeVela' },
      maintainers: 4,
    });
    const lei = data.governanceOverlap.find(
      (item: { person: { handle: string } }) => item.person.handle === 'resouer',
    );
    expect(lei.roles).toContainEqual({ kind: 'TOC_SEAT', body: { name: 'TOC' }, roles: ['member'] });
  });
});
