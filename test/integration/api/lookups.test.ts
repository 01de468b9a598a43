import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BODIES, loadFixtureGraph, ORGS, PEOPLE, PROJECTS } from '../../fixtures/graph.ts';
import { TestApi } from '../../support/graphql-client.ts';

// Lookups by handle, name, alias, readable key and global id, over the invented fixture graph.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

interface Named {
  id: string;
  key: string;
  name: string;
}

describe('person(handle:)', () => {
  it('finds a person by handle whatever its case, with or without @', async () => {
    const data = await api.query<Record<string, (Named & { handle: string; githubUrl: string }) | null>>(`{
      plain: person(handle: "ada-example") { id key name handle githubUrl }
      upper: person(handle: "ADA-Example") { id key name handle githubUrl }
      at: person(handle: "@Ada-Example") { id key name handle githubUrl }
    }`);
    expect(data.plain).toEqual({
      id: encodeGlobalID('Person', PEOPLE.ada.id),
      key: 'person:gh:ada-example',
      name: 'Ada Example',
      handle: 'ada-example',
      githubUrl: 'https://github.com/ada-example',
    });
    expect(data.upper).toEqual(data.plain);
    expect(data.at).toEqual(data.plain);
  });

  it('keeps two people with the same name apart, each under its own handle', async () => {
    const data = await api.query<Record<string, Named & { handle: string }>>(`{
      one: person(handle: "sam-example") { id key name handle }
      two: person(handle: "samex") { id key name handle }
    }`);
    expect(data.one).toMatchObject({ name: 'Sam Example', key: PEOPLE.sam.id, handle: 'sam-example' });
    expect(data.two).toMatchObject({ name: 'Sam Example', key: PEOPLE.samex.id, handle: 'samex' });
    expect(data.one?.id).not.toBe(data.two?.id);
  });

  it('answers null, with no error, for a handle nobody has', async () => {
    const result = await api.request<{ person: unknown }>('{ person(handle: "nobody-at-all") { name } }');
    expect(result).toEqual({ data: { person: null } });
  });
});

describe('project(name:), organization(name:), body(name:)', () => {
  it('finds a project by name in any case, and by another spelling a source uses', async () => {
    const data = await api.query<Record<string, (Named & { aliases: string[] }) | null>>(`{
      exact: project(name: "Widget") { key name aliases }
      lower: project(name: "gadget") { key name aliases }
      alias: project(name: "widgetjs") { key name aliases }
    }`);
    expect(data.exact).toEqual({ key: PROJECTS.widget.id, name: 'Widget', aliases: ['WidgetJS'] });
    expect(data.lower).toEqual({ key: PROJECTS.gadget.id, name: 'Gadget', aliases: [] });
    expect(data.alias).toEqual(data.exact);
  });

  it('finds an organization by name or by a spelling variant, in any case', async () => {
    const data = await api.query<Record<string, Named | null>>(`{
      name: organization(name: "ACME CORP") { key name }
      variant: organization(name: "acme") { key name }
      other: organization(name: "globex corporation") { key name }
    }`);
    expect(data.name).toEqual({ key: ORGS.acme.id, name: 'Acme Corp' });
    expect(data.variant).toEqual(data.name);
    expect(data.other).toEqual({ key: ORGS.globex.id, name: 'Globex' });
  });

  it('finds a body by name in any case, by another name, and by its written-out name', async () => {
    const data = await api.query<
      Record<string, (Named & { kind: string; fullName: string | null }) | null>
    >(`{
      toc: body(name: "toc") { key name kind fullName }
      written: body(name: "Technical Oversight Committee") { key name kind fullName }
      tag: body(name: "sig widgetry") { key name kind fullName }
    }`);
    expect(data.toc).toEqual({
      key: BODIES.toc.id,
      name: 'TOC',
      kind: 'TOC',
      fullName: 'Technical Oversight Committee',
    });
    expect(data.written).toEqual(data.toc);
    expect(data.tag).toEqual({ key: BODIES.widgetry.id, name: 'TAG Widgetry', kind: 'TAG', fullName: null });
  });

  it('answers null, with no error, for names nothing has', async () => {
    const result = await api.request(`{
      project(name: "No Such Project") { name }
      organization(name: "No Such Company") { name }
      body(name: "TAG Nothing") { name }
    }`);
    expect(result).toEqual({ data: { project: null, organization: null, body: null } });
  });
});

describe('lookups by id', () => {
  it('finds each kind by its readable key and by its global id', async () => {
    const keys = await api.query<Record<string, Named>>(`{
      person(id: "${PEOPLE.dana.id}") { id key name }
      project(id: "${PROJECTS.gadget.id}") { id key name }
      organization(id: "${ORGS.initech.id}") { id key name }
      body(id: "${BODIES.widgetry.id}") { id key name }
    }`);
    expect(keys).toEqual({
      person: { id: encodeGlobalID('Person', PEOPLE.dana.id), key: PEOPLE.dana.id, name: 'Dana Example' },
      project: { id: encodeGlobalID('Project', PROJECTS.gadget.id), key: PROJECTS.gadget.id, name: 'Gadget' },
      organization: {
        id: encodeGlobalID('Organization', ORGS.initech.id),
        key: ORGS.initech.id,
        name: 'Initech',
      },
      body: { id: encodeGlobalID('Body', BODIES.widgetry.id), key: BODIES.widgetry.id, name: 'TAG Widgetry' },
    });
    const globals = await api.query<Record<string, Named>>(
      `query($person: ID!, $project: ID!, $organization: ID!, $body: ID!) {
        person(id: $person) { id key name }
        project(id: $project) { id key name }
        organization(id: $organization) { id key name }
        body(id: $body) { id key name }
      }`,
      {
        person: keys.person?.id,
        project: keys.project?.id,
        organization: keys.organization?.id,
        body: keys.body?.id,
      },
    );
    expect(globals).toEqual(keys);
  });

  it('answers null for a global id of another type, a key of another kind, or an unknown key', async () => {
    const result = await api.request(
      `query($projectAsPerson: ID!, $forged: ID!) {
        projectAsPerson: person(id: $projectAsPerson) { name }
        forged: person(id: $forged) { name }
        keyOfAnotherKind: person(id: "${PROJECTS.widget.id}") { name }
        unknown: organization(id: "org:no-such-company") { name }
      }`,
      {
        projectAsPerson: encodeGlobalID('Project', PROJECTS.widget.id),
        // A Person global id whose key is a project's.
        forged: encodeGlobalID('Person', PROJECTS.widget.id),
      },
    );
    expect(result).toEqual({
      data: { projectAsPerson: null, forged: null, keyOfAnotherKind: null, unknown: null },
    });
  });
});

describe('node(id:) and nodes(ids:)', () => {
  it('resolves any global id to its entity, with its own type', async () => {
    const data = await api.query<{ node: { __typename: string; key: string; name: string } | null }>(
      `query($id: ID!) { node(id: $id) { __typename ... on Project { key name } } }`,
      { id: encodeGlobalID('Project', PROJECTS.widget.id) },
    );
    expect(data.node).toEqual({ __typename: 'Project', key: PROJECTS.widget.id, name: 'Widget' });
  });

  it('answers several ids in the order asked, null where no entity has the id', async () => {
    const ids = [
      encodeGlobalID('Body', BODIES.toc.id),
      encodeGlobalID('Person', 'person:gh:nobody-at-all'),
      encodeGlobalID('Person', PEOPLE.samex.id),
      encodeGlobalID('Organization', PEOPLE.ada.id),
      encodeGlobalID('Organization', ORGS.globex.id),
    ];
    const result = await api.request<{ nodes: ({ __typename: string; key: string } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) {
        __typename ... on Body { key } ... on Person { key } ... on Organization { key }
      } }`,
      { ids },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes).toEqual([
      { __typename: 'Body', key: BODIES.toc.id },
      null,
      { __typename: 'Person', key: PEOPLE.samex.id },
      null,
      { __typename: 'Organization', key: ORGS.globex.id },
    ]);
  });
});
