import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXPECTED, LINES, loadFixtureGraph, ORGS, PEOPLE, SOURCES } from '../../fixtures/graph.ts';
import { TestApi } from '../../support/graphql-client.ts';

// Every relation connection, with the claims behind each edge and where each claim comes from, over
// the invented fixture graph. Default `asOf` (today) unless a test says otherwise.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

const CLAIM = 'claims { type source { key commit url } line url since until observedAt supersededAt }';

interface Claim {
  type: string;
  source: { key: string; commit: string | null; url: string | null };
  line: number | null;
  url: string | null;
  since: string | null;
  until: string | null;
  observedAt: string | null;
  supersededAt: string | null;
}

interface Edge<Node> {
  node: Node;
  roles: string[];
  since: string | null;
  until: string | null;
  claims: Claim[];
}

type Connection<Node, Extra = object> = { totalCount: number; edges: (Edge<Node> & Extra)[] };

const fileClaim = (
  source: { key: string; commit: string; url: string },
  type: string,
  line: number,
  dates: Partial<Pick<Claim, 'since' | 'until' | 'observedAt' | 'supersededAt'>>,
): Claim => ({
  type,
  source: { key: source.key, commit: source.commit, url: source.url },
  line,
  url: `${source.url}#L${line}`,
  since: null,
  until: null,
  observedAt: null,
  supersededAt: null,
  ...dates,
});

const snapshot2026 = { observedAt: SOURCES.maintainers2026.snapshotDate };

describe('a person’s connections', () => {
  it('lists the projects a person maintains, each with the employer given for that project', async () => {
    const data = await api.query<{
      person: { projects: Connection<{ name: string }, { organization: { name: string } | null }> };
    }>(`{ person(handle: "ada-example") { projects {
      totalCount edges { node { name } organization { name } roles since until ${CLAIM} }
    } } }`);
    expect(data.person.projects).toEqual({
      totalCount: 2,
      edges: [
        {
          node: { name: 'Gadget' },
          organization: { name: ORGS.globex.name },
          roles: ['Steering Committee'],
          since: null,
          until: null,
          claims: [fileClaim(SOURCES.maintainers2026, 'MAINTAINS', LINES.adaGadget, snapshot2026)],
        },
        {
          node: { name: 'Widget' },
          organization: { name: ORGS.acme.name },
          roles: [],
          since: null,
          until: null,
          claims: [fileClaim(SOURCES.maintainers2026, 'MAINTAINS', LINES.adaWidget, snapshot2026)],
        },
      ],
    });
  });

  it('lists a person’s roles in bodies: a TOC seat with its dates, a TAG liaison duty', async () => {
    const data = await api.query<{
      person: {
        roles: Connection<{ name: string; kind: string }, { claims: (Claim & { chair: boolean })[] }>;
      };
    }>(`{ person(handle: "dana-example") { roles {
      totalCount edges { node { name kind } roles since until claims {
        type source { key commit url } line url since until observedAt supersededAt chair
      } }
    } } }`);
    expect(data.person.roles).toEqual({
      totalCount: 2,
      edges: [
        {
          node: { name: 'TAG Widgetry', kind: 'TAG' },
          roles: [],
          since: null,
          until: null,
          claims: [
            {
              ...fileClaim(SOURCES.roster, 'LIAISON_FOR', 26, { observedAt: SOURCES.roster.snapshotDate }),
              chair: null,
            },
          ],
        },
        {
          node: { name: 'TOC', kind: 'TOC' },
          roles: ['member'],
          since: '2020-06-01',
          until: null,
          claims: [{ ...fileClaim(SOURCES.roster, 'SERVES_ON', 9, { since: '2020-06-01' }), chair: true }],
        },
      ],
    });
  });

  it('lists a person’s employers, one edge per organization with each statement of it', async () => {
    const data = await api.query<{
      person: {
        affiliations: Connection<{ name: string }, { claims: { companyAsWritten: string; line: number }[] }>;
      };
    }>(`{ person(handle: "ada-example") { affiliations {
      totalCount edges { node { name } claims { companyAsWritten line } }
    } } }`);
    expect(data.person.affiliations).toEqual({
      totalCount: 2,
      edges: [
        { node: { name: 'Acme Corp' }, claims: [{ companyAsWritten: 'Acme', line: LINES.adaWidget }] },
        {
          node: { name: 'Globex' },
          claims: [{ companyAsWritten: 'Globex Corporation', line: LINES.adaGadget }],
        },
      ],
    });
  });
});

describe('a project’s connections', () => {
  it('lists its maintainers with the employer listed on the same line, null for an independent one', async () => {
    const data = await api.query<{
      project: {
        maintainers: Connection<{ handle: string }, { organization: { key: string } | null }>;
        maintainerOrganizations: { organization: { name: string } | null; maintainers: number }[];
      };
    }>(`{ project(name: "Widget") {
      maintainers { totalCount edges { node { handle } organization { key } roles since until ${CLAIM} } }
      maintainerOrganizations { organization { name } maintainers }
    } }`);
    const { maintainers, maintainerOrganizations } = data.project;
    expect(maintainers.totalCount).toBe(4);
    expect(maintainers.edges.map((edge) => [edge.node.handle, edge.organization?.key ?? null])).toEqual([
      ['ada-example', ORGS.acme.id],
      ['ivy-example', null],
      ['jo-example', ORGS.initech.id],
      ['sam-example', ORGS.acme.id],
    ]);
    expect(maintainers.edges.map((edge) => edge.claims)).toEqual([
      [fileClaim(SOURCES.maintainers2026, 'MAINTAINS', 2, snapshot2026)],
      [fileClaim(SOURCES.maintainers2026, 'MAINTAINS', 4, snapshot2026)],
      [fileClaim(SOURCES.maintainers2026, 'MAINTAINS', 5, snapshot2026)],
      [fileClaim(SOURCES.maintainers2026, 'MAINTAINS', 3, snapshot2026)],
    ]);
    expect(
      maintainerOrganizations.map((count) => ({
        organization: count.organization?.name ?? null,
        maintainers: count.maintainers,
      })),
    ).toEqual(EXPECTED.widgetMaintainerOrganizationsNow);
  });

  it('counts a project’s maintainers per employer, largest first, independents as null', async () => {
    const data = await api.query<{
      project: { maintainerOrganizations: { organization: { name: string } | null; maintainers: number }[] };
    }>('{ project(name: "Gadget") { maintainerOrganizations { organization { name } maintainers } } }');
    expect(
      data.project.maintainerOrganizations.map((count) => ({
        organization: count.organization?.name ?? null,
        maintainers: count.maintainers,
      })),
    ).toEqual(EXPECTED.gadgetMaintainerOrganizations);
  });

  it('lists where a project came from and its landscape categories', async () => {
    const data = await api.query<{
      project: {
        originatedAt: Connection<{ name: string }>;
        categories: { edges: { node: { name: string; kind: string; parentName: string | null } }[] };
      };
    }>(`{ project(name: "Widget") {
      originatedAt(asOf: null) { totalCount edges { node { name } roles since until ${CLAIM} } }
      categories { edges { node { name kind parentName } } }
    } }`);
    expect(data.project.originatedAt).toEqual({
      totalCount: 1,
      edges: [
        {
          node: { name: 'Acme Corp' },
          roles: [],
          since: null,
          until: null,
          claims: [
            {
              type: 'ORIGINATED_AT',
              // The article is not a public file: no commit, no URL.
              source: { key: SOURCES.article.key, commit: null, url: null },
              line: 9,
              url: null,
              since: null,
              until: null,
              observedAt: null,
              supersededAt: null,
            },
          ],
        },
      ],
    });
    expect(data.project.categories.edges).toEqual([
      { node: { name: 'Assembly', kind: 'subcategory', parentName: 'Widgets' } },
    ]);
  });

  it('lists a category’s projects, its subcategories’ included', async () => {
    const data = await api.query<{ category: { projects: Connection<{ name: string }> } }>(
      '{ category(name: "widgets") { projects { totalCount edges { node { name } } } } }',
    );
    expect(data.category.projects.totalCount).toBe(4);
    expect(data.category.projects.edges.map((edge) => edge.node.name)).toEqual([
      'Doohickey',
      'Gadget',
      'Sprocket',
      'Widget',
    ]);
  });
});

describe('an organization’s connections', () => {
  it('lists the people it employs', async () => {
    const data = await api.query<{ organization: { people: Connection<{ handle: string }> } }>(
      '{ organization(name: "Initech") { people { totalCount edges { node { handle } } } } }',
    );
    expect(data.organization.people.totalCount).toBe(6);
    expect(data.organization.people.edges.map((edge) => edge.node.handle)).toEqual([
      'jo-example',
      'oli-sample',
      'pia-sample',
      'quin-sample',
      'rae-sample',
      'tess-sample',
    ]);
  });

  it('lists the projects its people maintain for it, with how many of them', async () => {
    const data = await api.query<
      Record<string, { maintainedProjects: Connection<{ name: string }, { maintainerCount: number }> }>
    >(`{
      acme: organization(name: "Acme Corp") { maintainedProjects { totalCount edges { node { name } maintainerCount } } }
      globex: organization(name: "Globex") { maintainedProjects { totalCount edges { node { name } maintainerCount } } }
    }`);
    // Ada maintains Gadget for Globex and Widget for Acme: each counts for its own project only.
    expect(data.acme?.maintainedProjects).toEqual({
      totalCount: 2,
      edges: [
        { node: { name: 'Gadget' }, maintainerCount: 8 },
        { node: { name: 'Widget' }, maintainerCount: 2 },
      ],
    });
    expect(data.globex?.maintainedProjects).toEqual({
      totalCount: 1,
      edges: [{ node: { name: 'Gadget' }, maintainerCount: 9 }],
    });
  });

  it('lists its memberships with the tier and join date', async () => {
    const data = await api.query<{
      organization: { memberships: Connection<{ key: string }, { claims: (Claim & { tier: string })[] }> };
    }>(`{ organization(name: "Acme") { memberships {
      totalCount edges { node { key } roles since until claims {
        type source { key commit url } line url since until observedAt supersededAt tier
      } }
    } } }`);
    expect(data.organization.memberships).toEqual({
      totalCount: 1,
      edges: [
        {
          node: { key: 'body:cncf' },
          roles: ['Gold'],
          since: '2019-05-01',
          until: null,
          claims: [
            {
              ...fileClaim(SOURCES.landscape, 'MEMBER_OF', 60, {
                since: '2019-05-01',
                observedAt: SOURCES.landscape.snapshotDate,
              }),
              tier: 'Gold',
            },
          ],
        },
      ],
    });
  });
});

describe('a body’s connections', () => {
  it('lists the people with a role in it: a chair and a TOC liaison', async () => {
    const data = await api.query<{ body: { members: Connection<{ handle: string }> } }>(
      `{ body(name: "TAG Widgetry") { members { totalCount edges { node { handle } roles since until ${CLAIM} } } } }`,
    );
    const observedAt = SOURCES.roster.snapshotDate;
    expect(data.body.members).toEqual({
      totalCount: 2,
      edges: [
        {
          node: { handle: PEOPLE.dana.handle },
          roles: [],
          since: null,
          until: null,
          claims: [fileClaim(SOURCES.roster, 'LIAISON_FOR', 26, { observedAt })],
        },
        {
          node: { handle: PEOPLE.gus.handle },
          roles: ['chair'],
          since: null,
          until: null,
          claims: [fileClaim(SOURCES.roster, 'LEADS', 25, { observedAt })],
        },
      ],
    });
  });

  it('lists its member organizations with their tiers', async () => {
    const data = await api.query<{ body: { memberOrganizations: Connection<{ name: string }> } }>(
      '{ body(name: "CNCF") { memberOrganizations { totalCount edges { node { name } roles since until } } } }',
    );
    expect(data.body.memberOrganizations).toEqual({
      totalCount: 2,
      edges: [
        { node: { name: 'Acme Corp' }, roles: ['Gold'], since: '2019-05-01', until: null },
        { node: { name: 'Globex' }, roles: ['Silver'], since: '2024-01-01', until: null },
      ],
    });
  });

  it('lists the bodies within it, and the body a TAG belongs to', async () => {
    const data = await api.query<{
      toc: { parts: Connection<{ name: string }> };
      tag: { partOf: Connection<{ name: string }> };
    }>(`{
      toc: body(name: "TOC") { parts { totalCount edges { node { name } ${CLAIM} } } }
      tag: body(name: "TAG Gizmos") { partOf { totalCount edges { node { name } } } }
    }`);
    const observedAt = SOURCES.roster.snapshotDate;
    expect(data.toc.parts).toEqual({
      totalCount: 2,
      edges: [
        { node: { name: 'TAG Gizmos' }, claims: [fileClaim(SOURCES.roster, 'PART_OF', 21, { observedAt })] },
        {
          node: { name: 'TAG Widgetry' },
          claims: [fileClaim(SOURCES.roster, 'PART_OF', 20, { observedAt })],
        },
      ],
    });
    expect(data.tag.partOf).toEqual({ totalCount: 1, edges: [{ node: { name: 'TOC' } }] });
  });
});
