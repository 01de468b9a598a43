import { createHash } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTexts } from '../../src/import/history/acquire.ts';
import { importSources, type SourceInput } from '../../src/import/importer.ts';
import { markImportSettled } from '../../src/import/load.ts';
import { acquireInputs } from '../../src/import/run.ts';
import { consoleLog } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { cncfDataDir, testCacheDir } from '../support/cncf-data.ts';
import { graphDigest } from '../support/graph-digest.ts';

// Imports the real CNCF files into the shared Neo4j of the integration run and checks facts read in
// the files by hand. The graph is emptied first: this file owns the database while it runs.
const neo = inject('neo4j');
let driver: Driver;
let graph: GraphExecutor;
let inputs: SourceInput[];
const quiet = { ...consoleLog, info: () => {} };

const EMERITUS = 'toc/EMERITUS.md';
const LANDSCAPE = 'landscape/landscape.yml@153d699';
const MAINTAINERS = 'foundation/project-maintainers.csv';
const TOC_README = 'toc/README.md';

/** A pinned file with other text, or a history whose newest version has other text. */
function withText(input: SourceInput, text: string): SourceInput {
  const sha256 = createHash('sha256').update(text).digest('hex');
  if (!('versions' in input)) return { ...input, text, sha256 };
  const versions = input.versions.map((version, i) =>
    i === input.versions.length - 1 ? { ...version, text, blob: sha256 } : version,
  );
  return { ...input, versions, sha256 };
}

/** A pinned file's text, or a history's newest version's. */
async function textOf(input: SourceInput): Promise<string> {
  if (!('versions' in input)) return input.text;
  const [newest] = await withTexts(input, input.versions.slice(-1));
  return newest?.text ?? '';
}

/** The two busiest histories three commits short: what the graph was before their last commits. */
function threeCommitsShort(): SourceInput[] {
  return inputs.map((input) =>
    'versions' in input && [MAINTAINERS, TOC_README].includes(input.source.id)
      ? { ...input, versions: input.versions.slice(0, -3), sha256: `${input.sha256}-3` }
      : input,
  );
}

function inputFor(id: string): SourceInput {
  const input = inputs.find((candidate) => candidate.source.id === id);
  if (!input) throw new Error(`no input ${id}`);
  return input;
}

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 60_000 });
  await graph.write('MATCH (n) DETACH DELETE n');
  const { inputs: acquiredInputs } = await acquireInputs({
    dataDir: cncfDataDir,
    cacheDir: testCacheDir,
    log: quiet,
  });
  inputs = acquiredInputs;
  const summary = await importSources({ graph, inputs, log: quiet });
  expect(summary.sources.map((source) => source.status)).toEqual(inputs.map(() => 'loaded'));
});

afterAll(async () => {
  await driver?.close();
});

describe('importing the real CNCF files', () => {
  it('gives the TOC of 2021-06-01 as the TOC files date its terms', async () => {
    const rows = await graph.read<{ name: string }>(
      `MATCH (p:Person)-[r:SERVES_ON]->(:Body {id: 'body:toc'})
       WHERE r.since <= $day AND (r.until IS NULL OR r.until > $day) AND r.source STARTS WITH 'toc/'
         AND (r.listedUntil IS NULL OR r.listedUntil > $day)
       RETURN DISTINCT p.name AS name ORDER BY name`,
      { day: '2021-06-01' },
    );
    // EMERITUS.md and the README as it stood then: eleven people held a seat that day. A README
    // version lists a term only while it runs (listedUntil): the 2016 README's open-ended terms end
    // where a later version drops them.
    expect(rows.map((row) => row.name)).toEqual([
      'Alena Prokharchyk',
      'Cornelia Davis',
      'Davanum Srinivas',
      'Dave Zolotusky',
      'Erin Boyd',
      'Justin Cormack',
      'Lei Zhang (Harry)',
      'Liz Rice',
      'Ricardo Rocha',
      'Saad Ali',
      'Sheng Liang',
    ]);
  });

  it('keeps the two people named Lei Zhang apart, and only the Alibaba one on the TOC', async () => {
    const people = await graph.read<{ id: string; toc: number; projects: string[] }>(
      `MATCH (p:Person) WHERE p.name STARTS WITH 'Lei Zhang'
       OPTIONAL MATCH (p)-[m:MAINTAINS]->(project:Project) WHERE m.source STARTS WITH 'foundation/'
       RETURN p.id AS id, COUNT { (p)-[:SERVES_ON]->(:Body {id: 'body:toc'}) } AS toc,
              collect(DISTINCT project.name) AS projects ORDER BY id`,
    );
    expect(people).toEqual([
      { id: 'person:gh:resouer', toc: 3, projects: ['KubeVela'] },
      { id: 'person:gh:stevenleizhang', toc: 0, projects: ['KubeVela'] },
    ]);
  });

  it('keeps conflicting claims each with its own source, and says how a name was resolved', async () => {
    const seats = await graph.read<{
      source: string;
      since: string;
      line: number;
      by: string | null;
      via: string | null;
    }>(
      `MATCH (:Person {id: 'person:gh:resouer'})-[r:SERVES_ON]->(:Body {id: 'body:toc'})
       RETURN r.source AS source, r.since AS since, r.line AS line, r.addedIn AS addedIn,
              r.personResolvedBy AS by, r.personResolvedVia AS via ORDER BY source`,
    );
    expect(seats).toEqual([
      {
        source: 'article/inside-cncf-zhang-lei',
        since: '2021-02-02',
        line: 14,
        addedIn: null,
        by: 'name-and-organization-match',
        via: 'foundation/project-maintainers.csv@7a9eb3e#L746',
      },
      {
        // Listed as emeritus from the commit that ended the 2021–2023 terms, at line 27 then.
        source: 'toc/EMERITUS.md',
        since: '2021-02-01',
        line: 27,
        addedIn: 'ffdb5287c29a9506cd35a0cda33e2edc413a8d57',
        by: 'name-and-body-match',
        via: 'article/inside-cncf-zhang-lei#L14',
      },
      {
        // First listed by "Update README.md (#602)", the 2021 election, at line 22.
        source: 'toc/README.md',
        since: '2021-02-01',
        line: 22,
        addedIn: '6a0b7c9bfcfc6a341367e8a33f2c18511e42a907',
        by: 'name-and-body-match',
        via: 'article/inside-cncf-zhang-lei#L14',
      },
    ]);
    // The article calls him a Kubernetes co-maintainer; no maintainers list does. Both stand.
    const kubernetes = await graph.read<{ source: string }>(
      `MATCH (:Person {id: 'person:gh:resouer'})-[r:MAINTAINS]->(:Project {name: 'Kubernetes'}) RETURN r.source AS source`,
    );
    expect(kubernetes).toEqual([{ source: 'article/inside-cncf-zhang-lei' }]);
  });

  it('links every fact to the file and commit that states it', async () => {
    const unsourced = await graph.read<{ n: number }>(
      `MATCH (a)-[r]->(b) WHERE r.source IS NULL OR NOT EXISTS { MATCH (s:Source {id: r.source}) } RETURN count(r) AS n`,
    );
    expect(unsourced[0]?.n).toBe(0);
    const orphanNodes = await graph.read<{ n: number }>(
      'MATCH (n:Entity) WHERE size(n.sources) = 0 RETURN count(n) AS n',
    );
    expect(orphanNodes[0]?.n).toBe(0);
    const emeritus = await graph.read<Record<string, string>>(
      `MATCH (s:Source {id: $id}) RETURN s.kind AS kind, s.commit AS commit, s.url AS url, s.repository AS repository,
         s.headCommit AS headCommit, s.coveredFrom AS coveredFrom, s.coveredUntil AS coveredUntil`,
      { id: EMERITUS },
    );
    // The file through its history: first version 828311b (2018-09-26), newest 85c34b6 (2026-05-14),
    // known unchanged up to the repository head read, 4acc1dc (2026-06-30).
    expect(emeritus).toEqual([
      {
        kind: 'history',
        commit: '85c34b62ecc58e6441fbaa6339feed36a66b16fa',
        repository: 'cncf/toc',
        url: 'https://github.com/cncf/toc/blob/85c34b62ecc58e6441fbaa6339feed36a66b16fa/EMERITUS.md',
        headCommit: '4acc1dcf3e5cab23fb02eba784baff82449e87f5',
        coveredFrom: '2018-09-26',
        coveredUntil: '2026-06-30',
      },
    ]);
  });

  it('loads membership tiers, maturity history and the article projects not hosted by the CNCF', async () => {
    const alibaba = await graph.read<{ project: string; cncf: boolean | null }>(
      `MATCH (p:Project)-[:ORIGINATED_AT]->(:Organization {id: 'org:alibaba'})
       WHERE p.name IN ['Dubbo', 'Apache RocketMQ', 'Spring Cloud Alibaba', 'Open Application Model']
       RETURN p.name AS project, p.cncf AS cncf ORDER BY project`,
    );
    // The article's "RocketMQ" is the landscape's "Apache RocketMQ", an item the CNCF does not host.
    expect(alibaba.map((row) => row.project)).toEqual([
      'Apache RocketMQ',
      'Dubbo',
      'Open Application Model',
      'Spring Cloud Alibaba',
    ]);
    expect(alibaba.every((row) => row.cncf !== true)).toBe(true);
    const kubernetes = await graph.read<{ level: string; since: string; until: string | null }>(
      `MATCH (:Project {name: 'Kubernetes'})-[r:HAS_MATURITY]->() RETURN r.level AS level, r.since AS since, r.until AS until ORDER BY since`,
    );
    expect(kubernetes.at(-1)).toMatchObject({ level: 'graduated', until: null });
    const tiers = await graph.read<{ tier: string; n: number }>(
      `MATCH (:Organization)-[m:MEMBER_OF]->(:Body {id: 'body:cncf'}) WHERE m.tier = 'Platinum' RETURN m.tier AS tier, count(*) AS n`,
    );
    expect(tiers).toEqual([{ tier: 'Platinum', n: 17 }]);
  });

  it('holds no e-mail address anywhere', async () => {
    const rows = await graph.read<{ props: Record<string, unknown> }>(
      'MATCH (n) RETURN properties(n) AS props UNION ALL MATCH ()-[r]->() RETURN properties(r) AS props',
    );
    const email = /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i;
    expect(rows.filter((row) => email.test(JSON.stringify(row.props)))).toEqual([]);
  });
});

describe('importing again', () => {
  it('changes nothing when nothing changed, and a forced reload gives the same graph', async () => {
    const before = await graphDigest(graph);
    const again = await importSources({ graph, inputs, log: quiet });
    expect(again.sources.every((source) => source.status === 'unchanged')).toBe(true);
    expect(await graphDigest(graph)).toBe(before);
    const forced = await importSources({ graph, inputs, log: quiet, force: true });
    expect(forced.sources.every((source) => source.status === 'loaded')).toBe(true);
    expect(await graphDigest(graph)).toBe(before);
  });

  it('after new commits writes only what they changed, and leaves the graph as a full import does', async () => {
    const before = await graphDigest(graph);
    const older = threeCommitsShort();
    await importSources({ graph, inputs: older, log: quiet });
    const olderDigest = await graphDigest(graph);
    expect(olderDigest).not.toBe(before);
    // Going back by three commits incrementally gives what writing that state afresh gives.
    await importSources({ graph, inputs: older, log: quiet, force: true });
    expect(await graphDigest(graph)).toBe(olderDigest);

    const newer = await importSources({ graph, inputs, log: quiet });
    expect(await graphDigest(graph)).toBe(before);
    const maintainers = newer.sources.find((source) => source.id === MAINTAINERS);
    expect(maintainers?.status).toBe('loaded');
    const written = maintainers?.written;
    const rows = (written?.claimsWritten ?? 0) + (written?.claimsRetracted ?? 0);
    // The three commits' rows: some, and a small share of the list's 7,000-odd claims.
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan((maintainers?.claims ?? 0) / 100);
    // A source whose facts did not change writes nothing and says so.
    const emeritus = newer.sources.find((source) => source.id === EMERITUS);
    expect(emeritus?.status).toBe('unchanged');
    expect(emeritus?.written).toEqual({
      claimsWritten: 0,
      claimsRetracted: 0,
      nodesWritten: 0,
      nodesRetracted: 0,
    });
  });

  it('completes an import whose write failed half way, leaving the graph as a full import does', async () => {
    const before = await graphDigest(graph);
    const older = threeCommitsShort();
    await importSources({ graph, inputs: older, log: quiet });
    // The maintainers list is written first and commits; the TOC README's write then fails.
    class FailingWrite extends GraphExecutor {
      override writeTransaction<T>(
        purpose: string,
        work: Parameters<GraphExecutor['writeTransaction']>[1],
        timeoutMs?: number,
      ): Promise<T> {
        if (purpose === `import:${TOC_README}`) return Promise.reject(new Error('connection lost'));
        return super.writeTransaction(purpose, work, timeoutMs) as Promise<T>;
      }
    }
    const failing = new FailingWrite(driver, { database: neo.database, queryTimeoutMs: 60_000 });
    const halfWay = await importSources({ graph: failing, inputs, log: quiet });
    const statusOf = (summary: typeof halfWay, id: string) =>
      summary.sources.find((source) => source.id === id)?.status;
    expect(statusOf(halfWay, MAINTAINERS)).toBe('loaded');
    expect(statusOf(halfWay, TOC_README)).toBe('failed');
    // The next import cannot trust what the sources' state fingerprints say, and reads them all.
    const next = await importSources({ graph, inputs, log: quiet });
    expect(statusOf(next, TOC_README)).toBe('loaded');
    expect(await graphDigest(graph)).toBe(before);
    // Settled again: an import with nothing new leaves every source alone.
    const again = await importSources({ graph, inputs, log: quiet });
    expect(again.sources.every((source) => source.status === 'unchanged')).toBe(true);
  });

  it('reads a source whose Source node does not list its nodes (an older graph), and lists them once written', async () => {
    const before = await graphDigest(graph);
    await importSources({ graph, inputs: threeCommitsShort(), log: quiet });
    // The graph as an importer that did not keep the lists left it, and no write of this process to
    // go by: every source's state is read, the two changed ones' by looking at every node.
    await graph.write('MATCH (s:Source) REMOVE s.nodeIds');
    await markImportSettled(graph, false);
    const summary = await importSources({ graph, inputs, log: quiet });
    expect(summary.sources.some((source) => source.id === MAINTAINERS && source.status === 'loaded')).toBe(
      true,
    );
    expect(await graphDigest(graph)).toBe(before);
    const unlisted = () =>
      graph.read<{ count: number }>('MATCH (s:Source) WHERE s.nodeIds IS NULL RETURN count(s) AS count');
    expect((await unlisted())[0]?.count).toBe(0);
    // A forced reload of such a graph retracts each source by looking at every node, to the same end.
    await graph.write('MATCH (s:Source) REMOVE s.nodeIds');
    await importSources({ graph, inputs, log: quiet, force: true });
    expect(await graphDigest(graph)).toBe(before);
    expect((await unlisted())[0]?.count).toBe(0);
  });

  it('lists on each Source node exactly the nodes that carry its source', async () => {
    const mismatched = await graph.read<{ source: string }>(
      `MATCH (s:Source)
       OPTIONAL MATCH (n:Entity) WHERE s.id IN n.sources
       WITH s, collect(n.id) AS carrying
       WHERE size(carrying) <> size(s.nodeIds) OR any(id IN carrying WHERE NOT id IN s.nodeIds)
       RETURN s.id AS source`,
    );
    expect(mismatched).toEqual([]);
  });

  it('replaces the facts of a changed source and touches no other source', async () => {
    const others = await graphDigest(graph, EMERITUS);
    const original = inputFor(EMERITUS);
    const withoutLeiZhang = (await textOf(original))
      .split('\n')
      .filter((line: string) => !line.startsWith('* Lei Zhang'))
      .join('\n');
    const changed = inputs.map((input) => (input === original ? withText(input, withoutLeiZhang) : input));
    const summary = await importSources({ graph, inputs: changed, log: quiet });
    expect(summary.sources.filter((source) => source.status === 'loaded').map((source) => source.id)).toEqual(
      [EMERITUS],
    );
    expect(await graphDigest(graph, EMERITUS)).toBe(others);
    // Earlier versions still list his seat; the changed newest version ends it.
    const seat = await graph.read<{ removedIn: string | null }>(
      `MATCH (:Person {id: 'person:gh:resouer'})-[r:SERVES_ON {source: $source}]->() RETURN r.removedIn AS removedIn`,
      { source: EMERITUS },
    );
    expect(seat.length).toBeGreaterThan(0);
    const newest = 'versions' in original ? original.versions.at(-1)?.commit : null;
    expect(seat.every((row) => row.removedIn === newest)).toBe(true);
    await importSources({ graph, inputs, log: quiet });
  });

  it('leaves the graph as it was when a file is malformed, and says which and why', async () => {
    const before = await graphDigest(graph);
    const broken = inputs.map((input) =>
      input.source.id === LANDSCAPE ? withText(input, 'landscape:\n  - category: [unclosed\n') : input,
    );
    const summary = await importSources({ graph, inputs: broken, log: quiet });
    const landscape = summary.sources.find((source) => source.id === LANDSCAPE);
    expect(landscape?.status).toBe('failed');
    expect(landscape?.error).toMatch(/cannot be parsed/);
    expect(await graphDigest(graph)).toBe(before);
  });
});
