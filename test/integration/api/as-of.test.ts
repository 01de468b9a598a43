import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXPECTED, LINES, loadFixtureGraph, ORGS, PEOPLE, SOURCES } from '../../fixtures/graph.ts';
import { TestApi } from '../../support/graphql-client.ts';

// `asOf`: which claims hold on a day (src/graph/time.ts), over the invented fixture graph. Left out it
// means today; null means whenever. The fixture's answers for "today" hold from 2024-03-01 on.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

const today = () => new Date().toISOString().slice(0, 10);

interface MemberEdge {
  node: { handle: string };
  roles: string[];
  since: string | null;
  until: string | null;
  claims: {
    source: { key: string };
    line: number;
    since: string | null;
    until: string | null;
    chair: boolean | null;
  }[];
}

const MEMBERS = `totalCount edges { node { handle } roles since until claims { source { key } line since until chair } }`;

async function tocMembers(
  asOf: string | null | undefined,
): Promise<{ totalCount: number; edges: MemberEdge[] }> {
  const argument = asOf === undefined ? '' : `(asOf: ${asOf === null ? 'null' : JSON.stringify(asOf)})`;
  const data = await api.query<{ body: { members: { totalCount: number; edges: MemberEdge[] } } }>(
    `{ body(name: "TOC") { members${argument} { ${MEMBERS} } } }`,
  );
  return data.body.members;
}

const handles = (connection: { edges: { node: { handle: string } }[] }) =>
  connection.edges.map((edge) => edge.node.handle);

describe('the TOC on a day', () => {
  it('on 2021-06-01 has both overlapping terms, the alternate and the chair', async () => {
    const toc = await tocMembers('2021-06-01');
    expect(handles(toc)).toEqual(EXPECTED.tocOn20210601);
    expect(toc.totalCount).toBe(4);
    const byHandle = new Map(toc.edges.map((edge) => [edge.node.handle, edge]));
    expect(byHandle.get(PEOPLE.ada.handle)).toMatchObject({ since: '2020-01-01', until: '2022-01-01' });
    expect(byHandle.get(PEOPLE.cleo.handle)?.roles).toEqual(['alternate']);
    expect(byHandle.get(PEOPLE.dana.handle)?.claims).toEqual([
      { source: { key: SOURCES.roster.key }, line: 9, since: '2020-06-01', until: null, chair: true },
    ]);
  });

  it('on 2022-06-01 no longer has the term that ended on 2022-01-01', async () => {
    const toc = await tocMembers('2022-06-01');
    expect(handles(toc)).toEqual(EXPECTED.tocOn20220601);
    expect(toc.totalCount).toBe(3);
  });

  it('keeps two sources that disagree on a start date, each claim with its own source and line', async () => {
    const toc = await tocMembers('2022-06-01');
    const bob = toc.edges.find((edge) => edge.node.handle === PEOPLE.bob.handle);
    expect(bob?.claims).toEqual([
      {
        source: { key: SOURCES.article.key },
        line: LINES.bobTocSeatArticle,
        since: '2021-01-02',
        until: null,
        chair: null,
      },
      {
        source: { key: SOURCES.roster.key },
        line: LINES.bobTocSeatRoster,
        since: '2021-01-01',
        until: '2023-01-01',
        chair: null,
      },
    ]);
    // The edge's own dates: the earliest start, and the end the rule gives: the article's
    // open-ended claim ends with the roster's term, as the members of a later day say (time.ts).
    expect(bob).toMatchObject({ since: '2021-01-01', until: '2023-01-01' });
    expect((await tocMembers('2023-06-01')).edges.map((edge) => edge.node.handle)).not.toContain(
      PEOPLE.bob.handle,
    );
  });

  it('shows on each day only the claims that hold then: the article’s claim not before its date', async () => {
    const toc = await tocMembers('2021-01-01');
    const bob = toc.edges.find((edge) => edge.node.handle === PEOPLE.bob.handle);
    expect(bob?.claims.map((claim) => claim.source.key)).toEqual([SOURCES.roster.key]);
  });

  it('ends an open-ended claim where another source dates the end of the same term', async () => {
    // The article gives Bob a start and no end; the roster ends his term on 2023-01-01.
    expect(handles(await tocMembers('2022-12-31'))).toContain(PEOPLE.bob.handle);
    expect(handles(await tocMembers('2023-01-01'))).not.toContain(PEOPLE.bob.handle);
  });

  it('is today’s TOC when asOf is left out, the same as asking for today', async () => {
    const byDefault = await tocMembers(undefined);
    expect(handles(byDefault)).toEqual(EXPECTED.tocToday);
    expect(byDefault).toEqual(await tocMembers(today()));
  });

  it('is everyone who ever held a seat for asOf: null, with every claim', async () => {
    const toc = await tocMembers(null);
    expect(handles(toc)).toEqual(EXPECTED.tocWhenever);
    expect(toc.totalCount).toBe(4);
    expect(toc.edges.map((edge) => edge.claims.length)).toEqual([1, 2, 1, 1]);
  });

  it('filters people by body on the day asked', async () => {
    const data = await api.query<Record<string, { edges: { node: { handle: string } }[] }>>(`{
      past: people(filter: { body: "TOC" }, asOf: "2021-06-01") { edges { node { handle } } }
      now: people(filter: { body: "toc" }) { edges { node { handle } } }
      ever: people(filter: { body: "body:toc" }, asOf: null) { edges { node { handle } } }
    }`);
    expect(handles(data.past ?? { edges: [] })).toEqual(EXPECTED.tocOn20210601);
    expect(handles(data.now ?? { edges: [] })).toEqual(EXPECTED.tocToday);
    expect(handles(data.ever ?? { edges: [] })).toEqual(EXPECTED.tocWhenever);
  });
});

describe('emeritus listings', () => {
  it('show an undated emeritus TAG chair only when history is asked for', async () => {
    const data = await api.query<Record<string, { members: { edges: MemberEdge[] } }>>(`{
      now: body(name: "TAG Gizmos") { members { edges { node { handle } } } }
      then: body(name: "TAG Gizmos") { members(asOf: "2020-01-01") { edges { node { handle } } } }
      ever: body(name: "TAG Gizmos") { members(asOf: null) { edges { node { handle } roles } } }
    }`);
    expect(data.now?.members.edges).toEqual([]);
    expect(data.then?.members.edges).toEqual([]);
    expect(data.ever?.members.edges).toEqual([{ node: { handle: PEOPLE.finn.handle }, roles: ['chair'] }]);
  });
});

describe('maintainer snapshots', () => {
  const maintainersOf = async (project: string, asOf: string | null | undefined) => {
    const argument = asOf === undefined ? '' : `(asOf: ${asOf === null ? 'null' : JSON.stringify(asOf)})`;
    const data = await api.query<{
      project: {
        maintainers: {
          totalCount: number;
          edges: {
            node: { handle: string };
            organization: { key: string } | null;
            claims: { source: { key: string }; observedAt: string; supersededAt: string | null }[];
          }[];
        };
      };
    }>(`{ project(name: ${JSON.stringify(project)}) { maintainers${argument} {
      totalCount edges { node { handle } organization { key } claims { source { key } observedAt supersededAt } }
    } } }`);
    return data.project.maintainers;
  };

  it('between the two snapshots, are the older list’s, with the date it was superseded', async () => {
    const widget = await maintainersOf('Widget', '2022-01-01');
    expect(handles(widget)).toEqual(EXPECTED.widgetMaintainers2021Snapshot);
    expect(widget.edges.map((edge) => edge.organization?.key ?? null)).toEqual([
      ORGS.acme.id,
      ORGS.globex.id,
      null,
    ]);
    for (const edge of widget.edges) {
      expect(edge.claims).toEqual([
        {
          source: { key: SOURCES.maintainers2021.key },
          observedAt: SOURCES.maintainers2021.snapshotDate,
          supersededAt: SOURCES.maintainers2026.snapshotDate,
        },
      ]);
    }
  });

  it('from the newer snapshot’s date on, and today, are the newer list’s', async () => {
    const onTheDay = await maintainersOf('Widget', SOURCES.maintainers2026.snapshotDate);
    expect(handles(onTheDay)).toEqual(EXPECTED.widgetMaintainers2026Snapshot);
    expect(
      onTheDay.edges.every((edge) => edge.claims.every((c) => c.source.key === SOURCES.maintainers2026.key)),
    ).toBe(true);
    expect(await maintainersOf('Widget', undefined)).toEqual(onTheDay);
    expect(handles(await maintainersOf('Widget', '2026-01-31'))).toEqual(
      EXPECTED.widgetMaintainers2021Snapshot,
    );
  });

  it('before the first snapshot, are nobody; for asOf: null, everyone either list names', async () => {
    const before = await maintainersOf('Widget', '2021-02-28');
    expect(before).toEqual({ totalCount: 0, edges: [] });
    const ever = await maintainersOf('Widget', null);
    expect(handles(ever)).toEqual(EXPECTED.widgetMaintainersWhenever);
    expect(ever.totalCount).toBe(5);
    // Ada and Ivy are on both lists: one claim from each.
    const ada = ever.edges.find((edge) => edge.node.handle === PEOPLE.ada.handle);
    expect(ada?.claims.map((claim) => claim.source.key).sort()).toEqual([
      SOURCES.maintainers2021.key,
      SOURCES.maintainers2026.key,
    ]);
  });

  it('give the employers of the list current on the day', async () => {
    const data = await api.query<
      Record<
        string,
        { maintainerOrganizations: { organization: { name: string } | null; maintainers: number }[] }
      >
    >(`{
      then: project(name: "Widget") { maintainerOrganizations(asOf: "2022-01-01") { organization { name } maintainers } }
      now: project(name: "Widget") { maintainerOrganizations { organization { name } maintainers } }
    }`);
    const flat = (counts: { organization: { name: string } | null; maintainers: number }[] | undefined) =>
      (counts ?? []).map((count) => ({
        organization: count.organization?.name ?? null,
        maintainers: count.maintainers,
      }));
    expect(flat(data.then?.maintainerOrganizations)).toEqual(
      EXPECTED.widgetMaintainerOrganizations2021Snapshot,
    );
    expect(flat(data.now?.maintainerOrganizations)).toEqual(EXPECTED.widgetMaintainerOrganizationsNow);
  });

  it('decide a person’s projects, employers and an organization’s projects on the day', async () => {
    const data = await api.query<{
      then: {
        projects: { edges: { node: { name: string } }[] };
        affiliations: { edges: { node: { name: string } }[] };
      };
      globexThen: { maintainedProjects: { edges: { node: { name: string }; maintainerCount: number }[] } };
      globexPeopleThen: { people: { edges: { node: { handle: string } }[] } };
    }>(`{
      then: person(handle: "ada-example") {
        projects(asOf: "2022-01-01") { edges { node { name } } }
        affiliations(asOf: "2022-01-01") { edges { node { name } } }
      }
      globexThen: organization(name: "Globex") { maintainedProjects(asOf: "2022-01-01") { edges { node { name } maintainerCount } } }
      globexPeopleThen: organization(name: "Globex") { people(asOf: "2022-01-01") { edges { node { handle } } } }
    }`);
    expect(data.then.projects.edges).toEqual([{ node: { name: 'Widget' } }]);
    expect(data.then.affiliations.edges).toEqual([{ node: { name: 'Acme Corp' } }]);
    expect(data.globexThen.maintainedProjects.edges).toEqual([
      { node: { name: 'Widget' }, maintainerCount: 1 },
    ]);
    expect(handles(data.globexPeopleThen.people)).toEqual([PEOPLE.hal.handle]);
  });

  it('filter people by project and organization on the day', async () => {
    const data = await api.query<
      Record<string, { totalCount: number; edges: { node: { handle: string } }[] }>
    >(`{
      then: people(filter: { maintainerOf: "widgetjs" }, asOf: "2022-01-01") { totalCount edges { node { handle } } }
      now: people(filter: { maintainerOf: "project:widget" }) { totalCount edges { node { handle } } }
      acme: people(filter: { organization: "Acme" }) { totalCount edges { node { handle } } }
      globexOnGadget: people(filter: { organization: "Globex", maintainerOf: "Gadget" }, first: 100) { totalCount edges { node { handle } } }
    }`);
    expect(handles(data.then ?? { edges: [] })).toEqual(EXPECTED.widgetMaintainers2021Snapshot);
    expect(handles(data.now ?? { edges: [] })).toEqual(EXPECTED.widgetMaintainers2026Snapshot);
    expect(handles(data.acme ?? { edges: [] })).toEqual(EXPECTED.acmePeopleNow);
    expect(data.acme?.totalCount).toBe(9);
    expect(data.globexOnGadget?.totalCount).toBe(9);
    expect(handles(data.globexOnGadget ?? { edges: [] })).toContain(PEOPLE.samex.handle);
    expect(handles(data.globexOnGadget ?? { edges: [] })).not.toContain(PEOPLE.sam.handle);
  });
});

describe('memberships on a day', () => {
  it('start on the join date', async () => {
    const data = await api.query<
      Record<string, { memberOrganizations: { edges: { node: { name: string } }[] } }>
    >(`{
      before: body(name: "CNCF") { memberOrganizations(asOf: "2019-04-30") { edges { node { name } } } }
      then: body(name: "CNCF") { memberOrganizations(asOf: "2021-06-01") { edges { node { name } } } }
      now: body(name: "CNCF") { memberOrganizations { edges { node { name } } } }
    }`);
    expect(data.before?.memberOrganizations.edges).toEqual([]);
    expect(data.then?.memberOrganizations.edges).toEqual([{ node: { name: 'Acme Corp' } }]);
    expect(data.now?.memberOrganizations.edges).toEqual([
      { node: { name: 'Acme Corp' } },
      { node: { name: 'Globex' } },
    ]);
  });
});

describe('undated, unobserved claims', () => {
  // A claim with no since, until or observedAt (the article's ORIGINATED_AT, "Widget started at
  // Acme") always holds: a project's origin does not stop being true. Once, `observedAt <= $asOf`
  // was null for it, and originatedProjects was empty unless asOf: null was given.
  it('still hold today: where a project came from does not expire', async () => {
    const data = await api.query<
      Record<string, { originatedProjects: { edges: { node: { name: string } }[] } }>
    >(`{
      now: organization(name: "Acme") { originatedProjects { edges { node { name } } } }
      ever: organization(name: "Acme") { originatedProjects(asOf: null) { edges { node { name } } } }
    }`);
    expect(data.ever?.originatedProjects.edges).toEqual([{ node: { name: 'Widget' } }]);
    expect(data.now?.originatedProjects.edges).toEqual([{ node: { name: 'Widget' } }]);
  });
});
