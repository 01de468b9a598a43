import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tocOn } from '../../../docs/examples/typed-client.ts';
import { PROJECT_ROOT } from '../../../src/config.ts';
import { importSources } from '../../../src/import/importer.ts';
import { acquireInputs } from '../../../src/import/run.ts';
import { consoleLog } from '../../../src/logger.ts';
import { cncfDataDir, testCacheDir } from '../../support/cncf-data.ts';
import { TestApi } from '../../support/graphql-client.ts';

// Questions analysts asked that took several requests and a script each (issue 16), and the
// export as NetworkX reads it, on the real CNCF graph. Facts asserted from the files quote them.
let api: TestApi;
const quiet = { ...consoleLog, info: () => {} };
const DAY = '2024-01-01';

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await api.graph.write('MATCH (n) DETACH DELETE n');
  const { inputs } = await acquireInputs({ dataDir: cncfDataDir, cacheDir: testCacheDir, log: quiet });
  await importSources({ graph: api.graph, inputs, log: quiet });
  await api.graph.write('CALL db.awaitIndexes(60)');
});

afterAll(async () => {
  await api?.close();
});

describe('project facts the landscape gives', () => {
  it('has the homepage, repository and Crunchbase page of Kubernetes (landscape.yml, lines 4622-4627)', async () => {
    const data = await api.query<{ project: Record<string, string> }>(
      '{ project(name: "Kubernetes") { homepage repoUrl crunchbase } }',
    );
    expect(data.project).toEqual({
      homepage: 'https://kubernetes.io/',
      repoUrl: 'https://github.com/kubernetes/kubernetes',
      crunchbase: 'https://www.crunchbase.com/organization/cloud-native-computing-foundation',
    });
  });

  it('counts the days from acceptance to each maturity step (Kubernetes: accepted and incubating 2016-03-10, graduated 2018-03-06)', async () => {
    const data = await api.query<{ project: { maturityHistory: unknown[] } }>(
      '{ project(name: "Kubernetes") { maturityHistory { level since daysFromAcceptance } } }',
    );
    expect(data.project.maturityHistory).toEqual([
      { level: 'incubating', since: '2016-03-10', daysFromAcceptance: 0 },
      { level: 'graduated', since: '2018-03-06', daysFromAcceptance: 726 },
    ]);
  });

  it('gives a maintainer’s employer as the list writes it (project-maintainers.csv: “Kun Yuan,Alibaba Cloud”, “Jianbo Sun,Alibaba”)', async () => {
    const query = `query ($name: String!) { project(name: $name) { maintainers(first: 100) {
      edges { node { handle } organization { key } employerAsWritten } } } }`;
    type Edges = {
      project: {
        maintainers: {
          edges: {
            node: { handle: string };
            organization: { key: string } | null;
            employerAsWritten: string | null;
          }[];
        };
      };
    };
    const byHandle = async (name: string) =>
      new Map(
        (await api.query<Edges>(query, { name })).project.maintainers.edges.map((edge) => [
          edge.node.handle,
          edge,
        ]),
      );
    const serverless = await byHandle('Serverless Devs');
    expect(serverless.get('heimanba')?.employerAsWritten).toBe('Alibaba Cloud');
    const kubevela = await byHandle('KubeVela');
    expect(kubevela.get('wonderflow')?.employerAsWritten).toBe('Alibaba');
    // “Zheng Xi Zhou,Independent”: no employer, so nothing written either.
    expect(kubevela.get('zzxwill')).toMatchObject({ organization: null, employerAsWritten: null });
  });

  it('filters a project’s maintainers by sub-group (project-maintainers.csv lines 2-9: “Kubernetes steering”)', async () => {
    type Edges = {
      project: {
        maintainers: { totalCount: number; edges: { node: { handle: string }; roles: string[] }[] };
      };
    };
    // The file at 7596c66 (2026-08-21) is the history's last version: it holds from then on.
    const steering = await api.query<Edges>(
      '{ project(name: "Kubernetes") { maintainers(group: "STEERING", asOf: "2026-09-01") { totalCount edges { node { handle } roles } } } }',
    );
    const handles = steering.project.maintainers.edges.map((edge) => edge.node.handle.toLowerCase()).sort();
    expect(handles).toEqual(
      ['aojea', 'katcosgrove', 'pacoxu', 'ritazh', 'saschagrunert', 'soltysh', 'bentheelder'].sort(),
    );
    expect(steering.project.maintainers.totalCount).toBe(7);
    for (const edge of steering.project.maintainers.edges)
      expect(edge.roles).toContain('Kubernetes steering');
    const all = await api.query<Edges>(
      '{ project(name: "Kubernetes") { maintainers(asOf: "2026-09-01") { totalCount } } }',
    );
    expect(all.project.maintainers.totalCount).toBeGreaterThan(7);
  });
});

describe('leaderboards', () => {
  type Entry = { rank: number; outOf: number };

  /** Ranks follow the counts: sorted, ties share a rank, a rank is one more than the entries above. */
  function expectRanked<E extends Entry>(entries: E[], count: (entry: E) => number) {
    entries.forEach((entry, index) => {
      const above = entries.filter((other) => count(other) > count(entry)).length;
      expect(entry.rank).toBe(above + 1);
      if (index > 0) expect(count(entries[index - 1] as E)).toBeGreaterThanOrEqual(count(entry));
    });
  }

  it('orders projects by maintainers, each count what the project’s own fields say on that day', async () => {
    type Row = Entry & { project: { name: string }; maintainers: number; organizations: number };
    const data = await api.query<{ projectsByMaintainers: Row[] }>(
      `{ projectsByMaintainers(asOf: "${DAY}", first: 8) { rank outOf project { name } maintainers organizations } }`,
    );
    const rows = data.projectsByMaintainers;
    expect(rows).toHaveLength(8);
    expectRanked(rows, (row) => row.maintainers);
    expect(rows[0]?.outOf).toBeGreaterThan(100);
    for (const row of rows) {
      const own = await api.query<{
        project: { maintainers: { totalCount: number }; governance: { organizations: number } };
      }>(
        `query ($name: String!) { project(name: $name) {
          maintainers(asOf: "${DAY}") { totalCount } governance(asOf: "${DAY}") { organizations } } }`,
        { name: row.project.name },
      );
      expect([row.maintainers, row.organizations]).toEqual([
        own.project.maintainers.totalCount,
        own.project.governance.organizations,
      ]);
    }
  });

  it('orders projects by maintainer organizations on request', async () => {
    type Row = Entry & { maintainers: number; organizations: number };
    const data = await api.query<{ projectsByMaintainers: Row[] }>(
      `{ projectsByMaintainers(asOf: "${DAY}", orderBy: ORGANIZATIONS, first: 10) { rank outOf maintainers organizations } }`,
    );
    expectRanked(data.projectsByMaintainers, (row) => row.organizations);
  });

  it('orders people by the projects they maintain, as each person’s own list says', async () => {
    type Row = Entry & { person: { key: string }; projects: number };
    const data = await api.query<{ peopleByMaintainedProjects: Row[] }>(
      `{ peopleByMaintainedProjects(asOf: "${DAY}", first: 5) { rank outOf person { key } projects } }`,
    );
    const rows = data.peopleByMaintainedProjects;
    expectRanked(rows, (row) => row.projects);
    expect(rows[0]?.projects).toBeGreaterThan(1);
    for (const row of rows) {
      const own = await api.query<{ person: { projects: { totalCount: number } } }>(
        `query ($id: ID!) { person(id: $id) { projects(asOf: "${DAY}") { totalCount } } }`,
        { id: row.person.key },
      );
      expect(row.projects).toBe(own.person.projects.totalCount);
    }
  });

  it('orders organizations by maintained projects at a maturity, as each one’s footprint says', async () => {
    type Row = Entry & { organization: { key: string }; projects: number; maintainers: number };
    const all = await api.query<{ organizationsByMaintainedProjects: Row[] }>(
      `{ organizationsByMaintainedProjects(asOf: "${DAY}", first: 5) { rank outOf organization { key } projects maintainers } }`,
    );
    const graduated = await api.query<{ organizationsByMaintainedProjects: Row[] }>(
      `{ organizationsByMaintainedProjects(asOf: "${DAY}", maturity: GRADUATED, first: 5) { rank outOf organization { key } projects maintainers } }`,
    );
    for (const rows of [all.organizationsByMaintainedProjects, graduated.organizationsByMaintainedProjects]) {
      expect(rows).toHaveLength(5);
      expectRanked(rows, (row) => row.projects);
    }
    const fewer = graduated.organizationsByMaintainedProjects[0]?.outOf ?? 0;
    expect(fewer).toBeGreaterThan(0);
    expect(fewer).toBeLessThan(all.organizationsByMaintainedProjects[0]?.outOf ?? 0);
    for (const row of graduated.organizationsByMaintainedProjects) {
      const own = await api.query<{ organization: { footprint: { graduated: { projectCount: number } } } }>(
        `query ($id: ID!) { organization(id: $id) { footprint(asOf: "${DAY}") { graduated { projectCount } } } }`,
        { id: row.organization.key },
      );
      expect(row.projects).toBe(own.organization.footprint.graduated.projectCount);
    }
  });

  it('refuses a first outside 1–100', async () => {
    const { errors } = await api.request('{ peopleByMaintainedProjects(first: 0) { rank } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('governanceOverlap with subgroup leads', () => {
  // toc/tags.yaml lines 279 and 301-303: Niki Manoledaki leads the Green Reviews subproject (listed
  // from 2026-01-02 in the file's history); project-maintainers.csv line 1655: she maintains Kepler.
  const ON = '2026-06-01';
  type Row = {
    person: { key: string };
    roles: { kind: string; body: { name: string; kind: string } }[];
    projects: { name: string }[];
  };
  const overlap = async (flag: boolean) =>
    (
      await api.query<{ governanceOverlap: Row[] }>(
        `{ governanceOverlap(asOf: "${ON}", includeSubgroupLeads: ${flag}) {
          person { key } roles { kind body { name kind } } projects { name } } }`,
      )
    ).governanceOverlap;

  it('adds people who lead a TAG subproject or working group, and keeps everyone it had', async () => {
    const without = await overlap(false);
    const withLeads = await overlap(true);
    const keys = (rows: Row[]) => rows.map((row) => row.person.key);
    expect(keys(withLeads)).toEqual(expect.arrayContaining(keys(without)));
    for (const row of without) {
      expect(row.roles.every((role) => ['TOC', 'TAG'].includes(role.body.kind))).toBe(true);
    }
    const added = withLeads.filter((row) => !keys(without).includes(row.person.key));
    for (const row of added) {
      expect(row.roles.some((role) => ['Subproject', 'WG'].includes(role.body.kind))).toBe(true);
    }
    const niki = added.find((row) => row.person.key === 'person:gh:nikimanoledaki');
    expect(niki?.roles).toContainEqual({
      kind: 'SUBGROUP_LEAD',
      body: { name: 'Green Reviews', kind: 'Subproject' },
    });
    expect(niki?.projects.map((project) => project.name)).toContain('Kepler');
  });
});

describe('one rule for "as of": traversals judge a claim with the other claims of its pair', () => {
  const BODY_ROLES = '[SERVES_ON, LEADS, LIAISON_FOR, MEMBER_OF]';
  const bodiesAround = async (id: string, day: string) =>
    (
      await api.query<{ neighbourhood: { nodes: { id: string; depth: number }[] } }>(
        `query ($id: ID!) { neighbourhood(id: $id, kinds: [BODY], via: ${BODY_ROLES}, asOf: "${day}", limitPerHop: 100) { nodes { id depth } } }`,
        { id },
      )
    ).neighbourhood.nodes
      .filter((node) => node.depth === 1)
      .map((node) => node.id)
      .sort();
  const bodiesOf = async (id: string, day: string) =>
    (
      await api.query<{ person: { roles: { edges: { node: { key: string } }[] } } }>(
        `query ($id: ID!) { person(id: $id) { roles(asOf: "${day}", first: 100) { edges { node { key } } } } }`,
        { id },
      )
    ).person.roles.edges
      .map((edge) => edge.node.key)
      .sort();

  it('does not seat Lei Zhang on the TOC after his term (article: “elected 2021-02-02”, no end; EMERITUS.md: 2021-02-01 to 2023-02-01)', async () => {
    expect(await bodiesAround('person:gh:resouer', '2022-06-01')).toContain('body:toc');
    expect(await bodiesAround('person:gh:resouer', '2024-06-01')).not.toContain('body:toc');
    const path = await api.query<{ path: { shortest: { length: number } | null } }>(
      '{ path(from: "person:gh:resouer", to: "body:toc", maxHops: 1, via: [SERVES_ON], asOf: "2024-06-01") { shortest { length } } }',
    );
    expect(path.path.shortest).toBeNull();
  });

  it('gives each person whose claims the pair rule changes the same bodies as their roles, on days across the history', async () => {
    // Everyone with a role claim that the other claims of its pair end or set aside: an open-ended
    // dated claim another one closes, or a snapshot where the pair has dated claims.
    const people = await api.graph.read<{ id: string }>(
      `MATCH (p:Person)-[c:SERVES_ON|LEADS|LIAISON_FOR|MEMBER_OF]->(b:Body)
       WITH p, b, type(c) AS t, collect(c) AS claims
       WHERE any(d IN claims WHERE d.since IS NOT NULL OR d.until IS NOT NULL)
         AND any(d IN claims WHERE (d.since IS NULL AND d.until IS NULL) OR d.until IS NULL)
       RETURN DISTINCT p.id AS id ORDER BY id`,
    );
    expect(people.map((row) => row.id)).toContain('person:gh:resouer');
    for (const { id } of people) {
      for (const day of [
        '2019-06-01',
        '2021-06-01',
        '2022-06-01',
        '2023-06-01',
        '2024-06-01',
        '2026-06-01',
      ]) {
        expect({ id, day, bodies: await bodiesAround(id, day) }).toEqual({
          id,
          day,
          bodies: await bodiesOf(id, day),
        });
      }
    }
  });
});

describe('paging backward (last / before), as frontends page from the end', () => {
  type Page = {
    totalCount: number;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
    edges: { cursor: string; node: { key: string } }[];
  };
  const PAGE =
    'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { key } }';

  /** Every page from the end back to the start, following `startCursor`; the cursors in list order. */
  async function walkBackward(fetchPage: (before: string | null) => Promise<Page>) {
    const keys: string[][] = [];
    let before: string | null = null;
    let total = 0;
    for (let pages = 0; ; pages += 1) {
      const page = await fetchPage(before);
      total = page.totalCount;
      keys.unshift(page.edges.map((edge) => edge.cursor));
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) return { keys: keys.flat(), total };
      before = page.pageInfo.startCursor;
      if (pages > 200) throw new Error('paging backward does not end');
    }
  }
  async function walkForward(fetchPage: (after: string | null) => Promise<Page>) {
    const keys: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await fetchPage(after);
      keys.push(...page.edges.map((edge) => edge.cursor));
      if (!page.pageInfo.hasNextPage) return keys;
      after = page.pageInfo.endCursor;
    }
  }

  it('walks every Kubernetes maintainer there ever was from the end to the start, with no gap or duplicate', async () => {
    const query = (args: string) =>
      `query ($cursor: String) { project(name: "Kubernetes") { maintainers(asOf: null, ${args}) { ${PAGE} } } }`;
    const page = async (args: string, cursor: string | null) =>
      (await api.query<{ project: { maintainers: Page } }>(query(args), { cursor })).project.maintainers;
    const backward = await walkBackward((before) => page('last: 37, before: $cursor', before));
    const forward = await walkForward((after) => page('first: 41, after: $cursor', after));
    expect(backward.total).toBeGreaterThan(100);
    expect(backward.keys).toHaveLength(backward.total);
    expect(new Set(backward.keys).size).toBe(backward.total);
    expect(backward.keys).toEqual(forward);
  });

  it('walks a root list and the changes list backward, each matching its forward walk and its totalCount', async () => {
    const projects = async (args: string, cursor: string | null) =>
      (
        await api.query<{ projects: Page }>(`query ($cursor: String) { projects(${args}) { ${PAGE} } }`, {
          cursor,
        })
      ).projects;
    const backward = await walkBackward((before) => projects('last: 100, before: $cursor', before));
    expect(backward.keys).toHaveLength(backward.total);
    expect(backward.keys).toEqual(
      await walkForward((after) => projects('first: 100, after: $cursor', after)),
    );

    const CHANGES_PAGE = PAGE.replace('node { key }', 'node { date }');
    const changes = async (args: string, cursor: string | null) =>
      (
        await api.query<{ changes: Page }>(
          `query ($cursor: String) { changes(from: "2024-01-01", to: "2024-06-30", ${args}) { ${CHANGES_PAGE} } }`,
          { cursor },
        )
      ).changes;
    const changesBackward = await walkBackward((before) => changes('last: 50, before: $cursor', before));
    expect(changesBackward.total).toBeGreaterThan(50);
    expect(changesBackward.keys).toHaveLength(changesBackward.total);
    expect(changesBackward.keys).toEqual(
      await walkForward((after) => changes('first: 50, after: $cursor', after)),
    );
  });

  it('gives the last items of a relation asked below a list (look-ahead), and refuses first with last', async () => {
    const nested = await api.query<{ projects: { edges: { node: { name: string; maintainers: Page } }[] } }>(
      `{ projects(first: 3, filter: { maturity: GRADUATED }) { edges { node { name maintainers(asOf: null, last: 2) { ${PAGE} } } } } }`,
    );
    for (const { node } of nested.projects.edges) {
      const all = await api.query<{ project: { maintainers: Page } }>(
        `query ($name: String!) { project(name: $name) { maintainers(asOf: null, first: 100) { ${PAGE} } } }`,
        { name: node.name },
      );
      const keys = all.project.maintainers.edges.map((edge) => edge.node.key);
      expect(node.maintainers.edges.map((edge) => edge.node.key)).toEqual(keys.slice(-2));
    }
    const { errors } = await api.request('{ projects(first: 2, last: 2) { totalCount } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('who held a role during a range of days (during: {from, to})', () => {
  type Edge = { node: { key: string }; overlapFrom: string | null; overlapUntil: string | null };
  const membersDuring = async (from: string, to: string) =>
    (
      await api.query<{ body: { members: { totalCount: number; edges: Edge[] } } }>(
        `{ body(name: "TOC") { members(during: {from: "${from}", to: "${to}"}, first: 100) {
          totalCount edges { node { key } overlapFrom overlapUntil } } } }`,
      )
    ).body.members;
  const membersOn = async (day: string) =>
    (
      await api.query<{ body: { members: { edges: { node: { key: string } }[] } } }>(
        `{ body(name: "TOC") { members(asOf: "${day}", first: 100) { edges { node { key } } } } }`,
      )
    ).body.members.edges.map((edge) => edge.node.key);

  it('gives everyone on the TOC in 2021 with the overlap’s dates, each on the TOC on its first day', async () => {
    const during = await membersDuring('2021-01-01', '2021-12-31');
    expect(during.edges).toHaveLength(during.totalCount);
    const keys = during.edges.map((edge) => edge.node.key);
    // EMERITUS.md line 27: Lei Zhang's term ran 2021-02-01 to 2023-02-01, so through the end of 2021.
    expect(during.edges.find((edge) => edge.node.key === 'person:gh:resouer')).toMatchObject({
      overlapFrom: '2021-02-01',
      overlapUntil: null,
    });
    // Everyone on it on any first of the month is there, and nobody else is on it for no day.
    const months = Array.from({ length: 12 }, (_, month) => `2021-${String(month + 1).padStart(2, '0')}-01`);
    for (const day of [...months, '2021-12-31'])
      expect(keys).toEqual(expect.arrayContaining(await membersOn(day)));
    for (const edge of during.edges) {
      const from = edge.overlapFrom ?? '';
      expect(from >= '2021-01-01' && from <= '2021-12-31').toBe(true);
      expect(await membersOn(from)).toContain(edge.node.key);
      if (edge.overlapUntil !== null) expect(await membersOn(edge.overlapUntil)).not.toContain(edge.node.key);
    }
  });

  it('is the same as asOf for a one-day range, and refuses a range that ends before it begins or comes with asOf', async () => {
    const oneDay = await membersDuring('2021-06-01', '2021-06-01');
    expect(oneDay.edges.map((edge) => edge.node.key).sort()).toEqual((await membersOn('2021-06-01')).sort());
    for (const args of [
      'during: {from: "2022-01-01", to: "2021-01-01"}',
      'asOf: "2021-06-01", during: {from: "2021-01-01", to: "2021-12-31"}',
    ]) {
      const { errors } = await api.request(`{ body(name: "TOC") { members(${args}) { totalCount } } }`);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('the export for NetworkX', () => {
  it('is read by networkx 3.6 with its defaults (docs/examples/networkx_export.py), every score as `rankings` gives it', async () => {
    const response = await api.app.fetch('http://yoga/export/graph.json');
    expect(response.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'networkx-'));
    try {
      const file = path.join(dir, 'graph.json');
      writeFileSync(file, await response.text());
      // The machines here and CI have python3 with networkx 3.6 (the env's package list); a missing
      // one fails this test rather than skipping it.
      const out = execFileSync(
        'python3',
        [path.join(PROJECT_ROOT, 'docs/examples/networkx_export.py'), file],
        {
          encoding: 'utf8',
        },
      );
      const summary = JSON.parse(out) as {
        type: string;
        nodes: number;
        edges: number;
        topByPagerank: [string, number][];
      };
      expect(summary.type).toBe('MultiDiGraph');
      expect(summary.nodes).toBe(Number(response.headers.get('x-export-nodes')));
      expect(summary.edges).toBe(Number(response.headers.get('x-export-links')));
      const rankings = await api.query<{ rankings: { score: number; entity: { key: string } }[] }>(
        '{ rankings(metric: PAGERANK, first: 5) { score entity { ... on Person { key } ... on Project { key } ... on Organization { key } } } }',
      );
      expect(summary.topByPagerank).toEqual(
        rankings.rankings.map((ranking) => [ranking.entity.key, ranking.score]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carries the three scores on people, projects and organizations in GraphML too', async () => {
    const response = await api.app.fetch('http://yoga/export/graph.graphml');
    const xml = await response.text();
    for (const name of ['scoreDegree', 'scorePagerank', 'scoreBetweenness']) {
      expect(xml.includes(`for="node" attr.name="${name}"`), name).toBe(true);
    }
    const kubernetes = xml.slice(xml.indexOf('<node id="project:kubernetes">'));
    expect(kubernetes.slice(0, kubernetes.indexOf('</node>'))).toMatch(
      /<data key="n_scorePagerank">0\.\d+<\/data>/,
    );
  });
});

describe('the typed client example (docs/examples/typed-client.ts)', () => {
  it('runs against the app and lists the TOC of 2021-06-01: eleven members, Lei Zhang’s term ending 2023-02-01 (EMERITUS.md line 27)', async () => {
    const lines = await tocOn('2021-06-01', 'http://yoga/graphql', async (url, init) =>
      api.app.fetch(url, init),
    );
    expect(lines).toHaveLength(11);
    // The article's "elected 2021-02-02" has no end; the term's end comes from EMERITUS.md.
    expect(lines).toContain('Lei Zhang (Harry), 2021-02-01 – 2023-02-01');
  });
});
