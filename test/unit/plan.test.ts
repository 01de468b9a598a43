import type { FieldNode, GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { linkPages, pagesBelow } from '../../src/graph/pages.ts';
import type { Context } from '../../src/schema/builder.ts';
import { schema } from '../../src/schema/index.ts';
import { type PagePlan, planOfEntityField, planOfField } from '../../src/schema/plan.ts';
import { parseDocument } from '../support/documents.ts';
import { heapInUse } from '../support/gc.ts';

// Planning reads the request's day and nothing else of the context; no database is involved.
const context = { today: '2026-11-26' } as Context;

/** The resolve info of the root field of `document`, as graphql-js would hand it to the resolver. */
function rootInfo(document: string, variableValues: Record<string, unknown> = {}): GraphQLResolveInfo {
  const { operation, fragments } = parseDocument(document);
  const field = operation?.selectionSet.selections[0] as FieldNode;
  const queryType = schema.getQueryType() as GraphQLObjectType;
  const definition = queryType.getFields()[field.name.value];
  return {
    schema,
    fragments,
    variableValues,
    fieldNodes: [field],
    fieldName: field.name.value,
    parentType: queryType,
    returnType: definition?.type,
    path: { prev: undefined, key: field.alias?.value ?? field.name.value, typename: 'Query' },
  } as unknown as GraphQLResolveInfo;
}

/** The info a relation field below gets: `field` of `parentType`, as selected in `info`. */
function fieldInfo(info: GraphQLResolveInfo, parentType: string, field: FieldNode): GraphQLResolveInfo {
  return {
    ...info,
    fieldNodes: [field],
    fieldName: field.name.value,
    parentType: schema.getType(parentType),
    path: { prev: info.path, key: field.alias?.value ?? field.name.value, typename: parentType },
  } as unknown as GraphQLResolveInfo;
}

/** The tree of a plan with only what these tests look at. */
function outline(plans: readonly PagePlan[]): unknown[] {
  return plans.map((plan) => ({
    key: plan.responseKey,
    relation: plan.relation,
    first: plan.page.first,
    asOf: plan.asOf,
    items: plan.items,
    count: plan.count,
    nested: outline(plan.nested),
  }));
}

describe('look-ahead plans of relation pages', () => {
  it('forecast every level of a nested selection, with its arguments, day and what is read', () => {
    const info = rootInfo(
      `query ($n: Int) { project(name: "containerd") { name
        maintainers(asOf: null, first: 30) { edges { node { key
          affiliations(asOf: "2021-06-01", first: 3) { edges { node { name
            maintainedProjects(first: $n) { totalCount } } } } } } } } }`,
      { n: 50 },
    );
    expect(outline(planOfEntityField(info, context))).toEqual([
      {
        key: 'maintainers',
        relation: 'projectMaintainers',
        first: 30,
        asOf: null,
        items: true,
        count: false,
        nested: [
          {
            key: 'affiliations',
            relation: 'personAffiliations',
            first: 3,
            asOf: '2021-06-01',
            items: true,
            count: false,
            nested: [
              {
                key: 'maintainedProjects',
                relation: 'organizationMaintainedProjects',
                first: 50,
                // Left out: the request's day.
                asOf: '2026-11-26',
                // Only the total is read: no page, so nothing below it.
                items: false,
                count: true,
                nested: [],
              },
            ],
          },
        ],
      },
    ]);
    const [maintainers] = planOfEntityField(info, context);
    expect(maintainers?.shape).toEqual({
      properties: [],
      organizations: false,
      claims: false,
      claimProperties: [],
      cursors: false,
    });
    expect(maintainers?.nested[0]?.shape.properties).toEqual(['name']);
  });

  it('tells aliases apart, follows fragments that apply and reads claims and employers as selected', () => {
    const info = rootInfo(`{ project(name: "Envoy") {
      now: maintainers { edges { ...Employer node { ... on Person { handle } } } }
      ever: maintainers(asOf: null) { edges { claims { since } node { ...Named } } }
      ... on Organization { people { totalCount } }
    } }
    fragment Employer on ProjectMaintainerEdge { organization { name } }
    fragment Named on Person { name }`);
    const [now, ever, ...others] = planOfEntityField(info, context);
    expect(others).toEqual([]);
    expect(now?.responseKey).toBe('now');
    expect(now?.asOf).toBe('2026-11-26');
    // The employer is found on the claims' lines in Cypher: no claim property is read for it here.
    expect(now?.shape).toEqual({
      properties: ['handle'],
      organizations: true,
      claims: true,
      claimProperties: [],
      cursors: false,
    });
    expect(ever?.asOf).toBeNull();
    expect(ever?.shape).toEqual({
      properties: ['name'],
      organizations: false,
      claims: true,
      claimProperties: ['since'],
      cursors: false,
    });
    expect(now?.signature).not.toBe(ever?.signature);
  });

  it('reads only the claim properties the edges and claims select, through fragments and nested types', () => {
    const info = rootInfo(`{ body(name: "TOC") {
      dated: members { edges { since claims { type ...Term resolution { via } } } }
      roles: members { edges { roles node { name } } }
      linked: members { edges { claims { url } } }
    } }
    fragment Term on Claim { until listedUntil }`);
    const [dated, roles, linked] = planOfEntityField(info, context);
    expect(dated?.shape.claimProperties).toEqual([
      'listedFrom',
      'listedUntil',
      'personResolvedBy',
      'personResolvedVia',
      'since',
      'until',
    ]);
    expect(roles?.shape.claimProperties).toEqual(['group', 'role', 'seat', 'tier']);
    expect(linked?.shape.claimProperties).toEqual(['addedIn', 'line', 'source']);
    expect(dated?.signature).not.toBe(roles?.signature);

    // The statement projects those and what sorting (source, line) needs, and no other property.
    const { calls } = pagesBelow('ids', 'UNWIND ids AS key', [dated as PagePlan], 'n', {});
    expect(calls).toContain(
      'collect(c {.line, .listedFrom, .listedUntil, .personResolvedBy, .personResolvedVia, .since, .source, .until, type: type(c)})',
    );
    expect(calls).not.toContain('.*');
  });

  it('asks for sort keys only where a cursor is read: an edge’s, or the page’s first or last', () => {
    const info = rootInfo(`{ project(name: "Envoy") {
      a: maintainers { edges { cursor node { key } } }
      b: maintainers { pageInfo { hasNextPage ...End } }
      c: maintainers { pageInfo { hasNextPage } edges { node { key } } }
    } }
    fragment End on PageInfo { endCursor }`);
    const cursors = planOfEntityField(info, context).map((plan) => [plan.responseKey, plan.shape.cursors]);
    expect(cursors).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
  });

  it('leaves out a field whose arguments are bad, for its own resolver to report', () => {
    const info = rootInfo(`{ project(name: "Envoy") {
      maintainers(first: 1000) { edges { node { key } } }
      categories(after: "not a cursor") { totalCount }
      originatedAt { totalCount }
    } }`);
    expect(planOfEntityField(info, context).map((plan) => plan.responseKey)).toEqual(['originatedAt']);
  });

  it('forecast what the field’s own resolver plans, so that it takes the page fetched ahead', () => {
    const info = rootInfo(`{ body(name: "TOC") {
      members(asOf: "2021-06-01", first: 100) { edges { node { key roles(asOf: null) { totalCount } } claims { type } } }
    } }`);
    const [forecast] = planOfEntityField(info, context);
    const members = (info.fieldNodes[0]?.selectionSet?.selections[0] as FieldNode) ?? null;
    const own = planOfField(fieldInfo(info, 'Body', members), context);
    expect(own?.signature).toBe(forecast?.signature);
    expect(own?.nested.map((plan) => plan.relation)).toEqual(['personRoles']);
  });

  it('plan a field for its request: its day and its variables', () => {
    const info = rootInfo(
      'query ($n: Int) { project(name: "etcd") { maintainers(first: $n) { totalCount } } }',
      {
        n: 5,
      },
    );
    const context = { today: '2026-11-26' } as Context;
    const first = planOfEntityField(info, context);
    // Within the request, the field is planned once.
    expect(planOfEntityField(info, context)).toBe(first);
    // Another request, on another day or with other variables: planned again, with what changed.
    const tomorrow = planOfEntityField(info, { today: '2026-11-27' } as Context);
    expect(tomorrow).not.toBe(first);
    expect(tomorrow[0]?.asOf).toBe('2026-11-27');
    const other = planOfEntityField({ ...info, variableValues: { n: 7 } }, {
      today: '2026-11-27',
    } as Context);
    expect(other[0]?.page.first).toBe(7);
    expect(first[0]?.page.first).toBe(5);
  });

  it('keep nothing of a request once it is over: not its context, not its variables', async () => {
    const info = rootInfo(
      'query ($n: Int, $s: String) { project(name: $s) { maintainers(first: $n) { totalCount } } }',
    );
    const before = await heapInUse();
    let context: Context | null = { today: '2026-11-26' } as Context;
    const contextKept = new WeakRef(context);
    let variables: Record<string, unknown> | null = { n: 5, s: 'x'.repeat(5_000_000) };
    const variablesKept = new WeakRef(variables);
    expect(planOfEntityField({ ...info, variableValues: variables }, context)[0]?.page.first).toBe(5);
    context = null;
    variables = null;
    // The document (and so `info.fieldNodes`) lives on, as Yoga's cache keeps it.
    const after = await heapInUse();
    expect(contextKept.deref()).toBeUndefined();
    expect(variablesKept.deref()).toBeUndefined();
    // Nothing the size of the 5 MB variable either (the plan is a few hundred bytes).
    expect(after - before).toBeLessThan(1_000_000);
    expect(info.fieldNodes).toHaveLength(1);
  });

  it('stop four levels down; deeper pages are left to their own resolvers', () => {
    const level = (depth: number): string =>
      depth === 0
        ? 'key'
        : `key projects(asOf: null) { edges { node { maintainers(asOf: null) { edges { node { ${level(depth - 1)} } } } } } }`;
    const info = rootInfo(`{ person(handle: "resouer") { ${level(4)} } }`);
    let depth = 0;
    for (
      let plans: readonly PagePlan[] = planOfEntityField(info, context);
      plans.length > 0;
      plans = plans[0]?.nested ?? []
    ) {
      depth += 1;
    }
    expect(depth).toBe(4);
  });
});

describe('compiled pages', () => {
  it('give each page its own parameters and put no value into the text', () => {
    const parameters: Record<string, unknown> = {};
    const cursor = { key: "o'brien", id: 'person:x' };
    const spec = {
      relation: 'projectMaintainers',
      page: { first: 2, after: cursor, before: null, fromEnd: false },
      asOf: '2021-06-01',
      during: null,
      group: null,
      shape: { properties: ['name'], organizations: true, claims: true, claimProperties: [], cursors: true },
      items: true,
      count: true,
      nested: [
        {
          relation: 'personAffiliations',
          page: { first: 3, after: null, before: null, fromEnd: false },
          asOf: null,
          during: null,
          group: null,
          shape: {
            properties: null,
            organizations: false,
            claims: false,
            claimProperties: [],
            cursors: false,
          },
          items: true,
          count: false,
          nested: [],
        },
      ],
    } as const;
    const { calls, names } = pagesBelow('ids', 'UNWIND ids AS key', [spec], 'n', parameters);
    expect(names).toEqual(['n0_pages', 'n0_0_pages']);
    expect(parameters).toMatchObject({
      n0_asOf: '2021-06-01',
      n0_afterKey: "o'brien",
      n0_afterId: 'person:x',
      n0_0_asOf: null,
      n0_0_afterKey: null,
    });
    expect(Number(parameters.n0_limit)).toBe(3);
    expect(Number(parameters.n0_0_limit)).toBe(4);
    expect(calls).not.toContain('brien');
    expect(calls).not.toContain('2021');
    // The level below starts from the distinct items of the page above, not the one beyond it.
    expect(calls).toContain('UNWIND n0_pages AS row UNWIND row.page[0..$n0_limit - 1] AS item');
    // Where the item's entity is a list (some properties read), its id comes first.
    expect(calls).toContain('AS item WITH DISTINCT item[0][0] AS key');
    // Every property read: the entity stays a map, which holds its id.
    const everything = { ...spec, shape: { ...spec.shape, properties: null } };
    expect(pagesBelow('ids', 'UNWIND ids AS key', [everything], 'n', {}).calls).toContain(
      'AS item WITH DISTINCT item[0].id AS key',
    );
  });

  it('send only what is read of each item, and fill in the rest when linking', () => {
    const parameters: Record<string, unknown> = {};
    const spec = {
      relation: 'projectMaintainers',
      page: { first: 2, after: null, before: null, fromEnd: false },
      asOf: '2021-06-01',
      during: null,
      group: null,
      shape: { properties: [], organizations: false, claims: false, claimProperties: [], cursors: false },
      items: true,
      count: false,
      nested: [],
    } as const;
    const { calls } = pagesBelow('ids', 'UNWIND ids AS key', [spec], 'n', parameters);
    // The day still judges the claims, but neither they nor the employers nor the kind (a
    // maintainer is a Person by the pattern) nor the sort key (no cursor is read) travel with the
    // items, and each item is a list, its entity too: no key string per value.
    expect(calls).toContain('RETURN collect([[other.id]]) AS n0_page');
    const [byKey] = linkPages([spec], 'n', {
      n0_pages: [{ key: 'project:a', page: [[['person:x']]], total: null }],
    });
    expect(byKey?.get('project:a')?.page.items).toEqual([
      {
        entity: { id: 'person:x', label: 'Person' },
        sortKey: null,
        claims: [],
        organizations: [],
        nested: [],
      },
    ]);

    const withClaims = {
      ...spec,
      shape: {
        properties: ['name', 'handle'],
        organizations: true,
        claims: true,
        claimProperties: null,
        cursors: true,
      },
    } as const;
    const full = pagesBelow('ids', 'UNWIND ids AS key', [withClaims], 'n', {});
    expect(full.calls).toContain(
      'RETURN collect([[other.id, other.name, other.handle], sortKey, current, [(other)',
    );
    const [linked] = linkPages([withClaims], 'n', {
      n0_pages: [
        {
          key: 'project:a',
          page: [[['person:x', 'X', 'x'], 'x', [{ type: 'MAINTAINS' }], [{ id: 'org:y', name: 'Y' }]]],
          total: null,
        },
      ],
    });
    expect(linked?.get('project:a')?.page.items).toEqual([
      {
        entity: { id: 'person:x', name: 'X', handle: 'x', label: 'Person' },
        sortKey: 'x',
        claims: [{ type: 'MAINTAINS' }],
        organizations: [{ id: 'org:y', name: 'Y' }],
        nested: [],
      },
    ]);
  });
});
