import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importSources } from '../../../src/import/importer.ts';
import { acquireInputs } from '../../../src/import/run.ts';
import { consoleLog } from '../../../src/logger.ts';
import { cncfDataDir, landscapeMembers, testCacheDir } from '../../support/cncf-data.ts';
import { TestApi } from '../../support/graphql-client.ts';

// A smoke test of the API over the real CNCF files, imported as test/integration/import.test.ts does.
// Each fact asserted here was read in the files under the data directory (line numbers quoted).
let api: TestApi;
const quiet = { ...consoleLog, info: () => {} };

const ARTICLE = 'article/inside-cncf-zhang-lei';
// Files read through their histories: a claim's link names the commit that added its line.
const EMERITUS = 'toc/EMERITUS.md';
const TOC_README = 'toc/README.md';
const TAG_EMERITUS_LEADERS = 'toc/tags/emeritus_leaders.md';

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await api.graph.write('MATCH (n) DETACH DELETE n');
  const { inputs: acquiredInputs } = await acquireInputs({
    dataDir: cncfDataDir,
    cacheDir: testCacheDir,
    log: quiet,
  });
  const inputs = acquiredInputs;
  const summary = await importSources({ graph: api.graph, inputs, log: quiet });
  expect(summary.sources.map((source) => source.status)).toEqual(inputs.map(() => 'loaded'));
  await api.graph.write('CALL db.awaitIndexes(60)');
});

afterAll(async () => {
  await api?.close();
});

interface RoleClaim {
  type: string;
  source: { key: string; commit: string | null };
  line: number;
  url: string | null;
  since: string | null;
  until: string | null;
  role: string | null;
  emeritus: boolean | null;
  resolution: { method: string } | null;
}

interface RoleEdge {
  node: { key: string; name: string };
  roles: string[];
  since: string | null;
  until: string | null;
  claims: RoleClaim[];
}

describe('Lei Zhang (resouer)', () => {
  it('has his TOC seat over time, each source’s claim with its own dates, file and line', async () => {
    const data = await api.query<{ person: { name: string; roles: { edges: RoleEdge[] } } }>(`{
      person(handle: "resouer") { name roles(asOf: null) { edges {
        node { key name } roles since until
        claims { type source { key commit } line url since until role emeritus resolution { method } }
      } } }
    }`);
    expect(data.person.name).toBe('Lei Zhang (Harry)');
    const toc = data.person.roles.edges.find((edge) => edge.node.key === 'body:toc');
    expect(toc).toMatchObject({ roles: ['member'], since: '2021-02-01' });
    const claims = (toc?.claims ?? []).map(({ source, line, url, since, until }) => ({
      source: source.key,
      line,
      url,
      since,
      until,
    }));
    expect(claims).toEqual([
      // The article: "elected … announced 2021-02-02", no end, no public URL.
      { source: ARTICLE, line: 14, url: null, since: '2021-02-02', until: null },
      // EMERITUS.md line 27: "* Lei Zhang (2/1/2021-2/1/2023)", added by ffdb528 when the term ended.
      {
        source: EMERITUS,
        line: 27,
        url: 'https://github.com/cncf/toc/blob/ffdb5287c29a9506cd35a0cda33e2edc413a8d57/EMERITUS.md#L27',
        since: '2021-02-01',
        until: '2023-02-01',
      },
      // The TOC README from the 2021 election on (6a0b7c9), line 22.
      {
        source: TOC_README,
        line: 22,
        url: 'https://github.com/cncf/toc/blob/6a0b7c9bfcfc6a341367e8a33f2c18511e42a907/README.md#L22',
        since: '2021-02-01',
        until: '2023-02-01',
      },
    ]);
    // Every source names him without a handle: each claim says how the name was matched.
    expect(toc?.claims.every((claim) => claim.resolution !== null)).toBe(true);
  });

  it('chaired TAG App Delivery: the article’s claim and the emeritus listing both stand', async () => {
    const data = await api.query<{ person: { roles: { edges: RoleEdge[] } } }>(`{
      person(handle: "resouer") { roles(asOf: null) { edges {
        node { key name } roles since until
        claims { type source { key commit } line url since until role emeritus resolution { method } }
      } } }
    }`);
    const tag = data.person.roles.edges.find((edge) => edge.node.key === 'body:tag-app-delivery');
    expect(tag?.node.name).toBe('TAG App Delivery');
    expect(tag?.roles).toContain('chair');
    const leads = (tag?.claims ?? []).filter((claim) => claim.type === 'LEADS');
    // The article (line 16) dates it from 2019; emeritus_leaders.md line 6 lists him undated.
    expect(leads).toContainEqual(
      expect.objectContaining({
        source: expect.objectContaining({ key: ARTICLE }),
        line: 16,
        since: '2019-01-01',
      }),
    );
    expect(leads).toContainEqual(
      expect.objectContaining({
        source: expect.objectContaining({ key: TAG_EMERITUS_LEADERS }),
        line: 6,
        role: 'chair',
        emeritus: true,
      }),
    );
  });

  it('is on the TOC in 2022 and off it after his term ended on 2023-02-01', async () => {
    type Roles = { roles: { edges: { node: { key: string } }[] } };
    const data = await api.query<{ during: Roles; after: Roles }>(`{
      during: person(handle: "resouer") { roles(asOf: "2022-06-01") { edges { node { key } } } }
      after: person(handle: "resouer") { roles(asOf: "2023-06-01") { edges { node { key } } } }
    }`);
    const bodies = (person: Roles) => person.roles.edges.map((edge) => edge.node.key);
    expect(bodies(data.during)).toContain('body:toc');
    expect(bodies(data.after)).not.toContain('body:toc');
  });

  it('is kept apart from the other Lei Zhang, a JD.com maintainer of KubeVela with no TOC role', async () => {
    const data = await api.query<{
      person: {
        key: string;
        name: string;
        roles: { totalCount: number };
        projects: { edges: { node: { name: string }; organization: { name: string } | null }[] };
        affiliations: { edges: { node: { name: string } }[] };
      };
      search: { kind: string; entity: { key: string; name: string } }[];
    }>(`{
      person(handle: "StevenLeiZhang") {
        key name
        roles(asOf: null) { totalCount }
        projects(asOf: null) { edges { node { name } organization { name } } }
        affiliations(asOf: null) { edges { node { name } } }
      }
      search(text: "Lei Zhang") { kind entity { ... on Person { key name } } }
    }`);
    // foundation/project-maintainers.csv line 1207: ",,Lei Zhang,JD.com,StevenLeiZhang,".
    expect(data.person).toEqual({
      key: 'person:gh:stevenleizhang',
      name: 'Lei Zhang',
      roles: { totalCount: 0 },
      projects: { edges: [{ node: { name: 'KubeVela' }, organization: { name: 'JD.com' } }] },
      affiliations: { edges: [{ node: { name: 'JD.com' } }] },
    });
    const people = data.search.filter((hit) => hit.kind === 'PERSON').map((hit) => hit.entity.key);
    expect(people).toEqual(expect.arrayContaining(['person:gh:resouer', 'person:gh:stevenleizhang']));
  });
});

describe('Kubernetes', () => {
  it('has Google and Red Hat employing the most of its maintainers', async () => {
    const data = await api.query<{
      project: { maintainerOrganizations: { organization: { name: string } | null; maintainers: number }[] };
    }>('{ project(name: "kubernetes") { maintainerOrganizations { organization { name } maintainers } } }');
    // Counted by hand in foundation/project-maintainers.csv (2026), steering and maintainers groups,
    // distinct handles: Google 26, Red Hat 20, Microsoft 10.
    expect(
      data.project.maintainerOrganizations
        .slice(0, 3)
        .map((count) => [count.organization?.name ?? null, count.maintainers]),
    ).toEqual([
      ['Google', 26],
      ['Red Hat', 20],
      ['Microsoft', 10],
    ]);
  });
});

describe('Kubernetes over time', () => {
  it('counts, on each day of its maintainer history, whom maintainers(asOf:) lists and their employers', async () => {
    const data = await api.query<{
      project: { maintainerHistory: { date: string; maintainers: number; organizations: number }[] };
    }>(
      '{ project(name: "kubernetes") { maintainerHistory(from: "2021-01-01", to: "2026-06-30", every: YEAR) { date maintainers organizations } } }',
    );
    const history = data.project.maintainerHistory;
    expect(history.map((point) => point.date)).toEqual([
      '2021-01-01',
      '2022-01-01',
      '2023-01-01',
      '2024-01-01',
      '2025-01-01',
      '2026-01-01',
    ]);
    for (const point of history) {
      const day = await api.query<{
        project: {
          maintainers: { totalCount: number };
          maintainerOrganizations: { organization: { key: string } | null }[];
        };
      }>(
        `query ($day: Date) { project(name: "kubernetes") {
          maintainers(asOf: $day) { totalCount }
          maintainerOrganizations(asOf: $day) { organization { key } } } }`,
        { day: point.date },
      );
      expect(point.maintainers, point.date).toBe(day.project.maintainers.totalCount);
      expect(point.organizations, point.date).toBe(
        day.project.maintainerOrganizations.filter((count) => count.organization !== null).length,
      );
    }
    // The maintainers list's first version is of 2021-07-23: from 2022 on, every point has maintainers.
    expect(history.slice(1).every((point) => point.maintainers > 0)).toBe(true);
  });
});

describe('the TOC', () => {
  it('on 2021-06-01 had eleven members, as its files date their terms', async () => {
    const data = await api.query<{
      body: {
        members: {
          totalCount: number;
          edges: { node: { name: string }; claims: { source: { key: string } }[] }[];
        };
      };
    }>(`{ body(name: "TOC") { members(asOf: "2021-06-01", first: 50) {
      totalCount edges { node { name } claims { source { key } } }
    } } }`);
    expect(data.body.members.totalCount).toBe(11);
    expect(data.body.members.edges.map((edge) => edge.node.name)).toEqual([
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
    const lei = data.body.members.edges.find((edge) => edge.node.name === 'Lei Zhang (Harry)');
    expect(lei?.claims.map((claim) => claim.source.key)).toEqual([ARTICLE, EMERITUS, TOC_README]);
  });
});

describe('Alibaba', () => {
  interface Alibaba {
    organization: {
      name: string;
      everyone: { edges: { node: { handle: string | null } }[] };
      maintainedProjects: { edges: { node: { name: string }; maintainerCount: number }[] };
      originatedProjects: {
        edges: { node: { name: string }; claims: { source: { key: string }; line: number }[] }[];
      };
    };
  }

  it('has people, the projects they maintain for it, and the projects it started', async () => {
    const data = await api.query<Alibaba>(`{ organization(name: "Alibaba") {
      name
      everyone: people(asOf: null, first: 100) { edges { node { handle } } }
      maintainedProjects(first: 100) { edges { node { name } maintainerCount } }
      originatedProjects(asOf: null, first: 100) { edges { node { name } claims { source { key } line } } }
    } }`);
    const { organization } = data;
    expect(organization.name).toBe('Alibaba');
    // The 2021 maintainers list (line 746) gives resouer's employer as Alibaba.
    expect(organization.everyone.edges.map((edge) => edge.node.handle)).toContain('resouer');
    // The 2026 list has four KubeVela maintainers at Alibaba: wonderflow, somefive, barnettzqg, chivalryq.
    expect(organization.maintainedProjects.edges).toContainEqual({
      node: { name: 'KubeVela' },
      maintainerCount: 4,
    });
    // The article, line 18: "Dubbo, RocketMQ, … KubeVela …" came from Alibaba.
    const originated = organization.originatedProjects.edges.map((edge) => edge.node.name);
    expect(originated).toEqual(
      expect.arrayContaining(['Dubbo', 'KubeVela', 'OpenKruise', 'Apache RocketMQ']),
    );
    const dubbo = organization.originatedProjects.edges.find((edge) => edge.node.name === 'Dubbo');
    expect(dubbo?.claims).toEqual([{ source: { key: ARTICLE }, line: 18 }]);
  });

  // The article's ORIGINATED_AT claims have no date at all; a claim with no date of any kind always
  // holds (src/graph/time.ts), so the default asOf shows them (the GraphiQL example
  // "AlibabaPeopleAndProjects" asks that way). Once, they held on no day.
  it('still has the projects it started today, with asOf left out', async () => {
    const data = await api.query<{
      organization: { originatedProjects: { edges: { node: { name: string } }[] } };
    }>('{ organization(name: "Alibaba") { originatedProjects(first: 100) { edges { node { name } } } } }');
    expect(data.organization.originatedProjects.edges.map((edge) => edge.node.name)).toContain('Dubbo');
  });
});

describe('CNCF membership tiers', () => {
  const members = landscapeMembers();
  const tiers = [...new Set(members.map((member) => member.tier))];
  const anonymous = members.filter((member) => member.anonymous);

  it('count as many members per tier as landscape.yml lists, the 15 listed without a name included', async () => {
    // Platinum 17, Gold 17, Silver 582, Academic 3, Nonprofit 22, End User Supporter and Contributor 81.
    expect(members).toHaveLength(722);
    expect(anonymous).toHaveLength(15);
    const data = await api.query<Record<string, { totalCount: number }>>(
      `query (${tiers.map((_, index) => `$t${index}: String!`).join(', ')}) { ${tiers
        .map((_, index) => `t${index}: organizations(filter: { tier: $t${index} }) { totalCount }`)
        .join(' ')} }`,
      Object.fromEntries(tiers.map((tier, index) => [`t${index}`, tier])),
    );
    const counted = Object.fromEntries(tiers.map((tier, index) => [tier, data[`t${index}`]?.totalCount]));
    const listed = Object.fromEntries(
      tiers.map((tier) => [tier, members.filter((member) => member.tier === tier).length]),
    );
    expect(counted).toEqual(listed);
  });

  it('lists each anonymous member in its tier, marked anonymous, under a stable org:anonymous: key', async () => {
    const data = await api.query<{
      organizations: { edges: { node: { key: string; name: string; anonymous: boolean } }[] };
    }>(
      `{ organizations(filter: { tier: "Nonprofit" }, first: 100) { edges { node { key name anonymous } } } }`,
    );
    const nodes = data.organizations.edges.map((edge) => edge.node);
    // landscape.yml lines 18102 and 18108: "Non-Public Organization Octopus (member)" and "… Quail (member)".
    expect(nodes.filter((node) => node.anonymous)).toEqual([
      { key: 'org:anonymous:octopus', name: 'Non-Public Organization Octopus', anonymous: true },
      { key: 'org:anonymous:quail', name: 'Non-Public Organization Quail', anonymous: true },
    ]);
    expect(nodes.filter((node) => !node.anonymous)).toHaveLength(20);
    // Every placeholder its own organization, under its own word.
    const endUser = await api.query<{
      organizations: { edges: { node: { key: string; anonymous: boolean } }[] };
    }>(`{ organizations(first: 100, filter: { tier: "End User Supporter and Contributor" }) {
        edges { node { key anonymous } } } }`);
    expect(
      endUser.organizations.edges.filter((edge) => edge.node.anonymous).map((edge) => edge.node.key),
    ).toEqual(
      ['bear', 'dog', 'elephant', 'flamingo', 'giraffe', 'horse', 'iguana', 'jellyfish', 'kiwi'].map(
        (animal) => `org:anonymous:${animal}`,
      ),
    );
    // Found by its key, with the claim that gives its tier.
    const bear = await api.query<{ organization: unknown }>(`{
      organization(id: "org:anonymous:bear") { key anonymous
        memberships(asOf: null) { edges { node { key } claims { tier line } } } }
    }`);
    expect(bear.organization).toEqual({
      key: 'org:anonymous:bear',
      anonymous: true,
      // landscape.yml line 18400: the "- item:" of "Non-Public Organization Bear (supporter)".
      memberships: {
        edges: [
          {
            node: { key: 'body:cncf' },
            claims: [{ tier: 'End User Supporter and Contributor', line: 18400 }],
          },
        ],
      },
    });
  });

  it('never return an anonymous member from a search, a lookup by name or a name filter', async () => {
    const data = await api.query<{
      search: { entity: { key: string } }[];
      animal: { entity: { key: string } }[];
      byName: { key: string } | null;
      filtered: { totalCount: number };
      named: { key: string } | null;
    }>(`{
      search(text: "Non-Public", first: 50) { entity { ... on Organization { key } } }
      animal: search(text: "Non-Public Organization Bear", first: 50) { entity { ... on Organization { key } } }
      byName: organization(name: "Non-Public Organization Bear") { key }
      filtered: organizations(filter: { nameContains: "Non-Public" }) { totalCount }
      named: organization(name: "Alibaba Cloud") { key }
    }`);
    expect(data.search).toEqual([]);
    expect(data.animal).toEqual([]);
    expect(data.byName).toBeNull();
    expect(data.filtered.totalCount).toBe(0);
    // Named members are still found by name.
    expect(data.named).toEqual({ key: 'org:alibabacloud' });
  });
});
