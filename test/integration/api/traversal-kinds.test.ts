import {
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_PER_HOP } from '../../../src/graph/traversal.ts';
import type { ClaimFact } from '../../../src/import/model.ts';
import { schema } from '../../../src/schema/index.ts';
import { fixtureSources, loadFixtureGraph, PROJECTS } from '../../fixtures/graph.ts';
import { type GraphQLResponse, TestApi } from '../../support/graphql-client.ts';

// Every kind of node a traversal can reach must be a type its answer can hold. The cases are made
// from the schema itself: each traversal field (a root field taking a RelationshipKind), each of its
// enum arguments, each value of that enum, asked of a fixture node the value applies to. A relation
// type or entity kind added later gets its cases without touching this file; one the fixture graph
// has no example of fails here until test/fixtures/graph.ts gets one.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

const queryType = schema.getQueryType();
if (!queryType) throw new Error('the schema has no Query type');
const RELATIONSHIP_KIND = schema.getType('RelationshipKind') as GraphQLEnumType;
const ENTITY_KIND = schema.getType('EntityKind') as GraphQLEnumType;

const traversalFields = Object.values(queryType.getFields()).filter((field) =>
  field.args.some((arg) => getNamedType(arg.type) === RELATIONSHIP_KIND),
);

// ---------------------------------------------------------------------------------------------
// What to select: everything an answer can show, down to the entities (their own scalar fields;
// their relations have tests of their own). A union is asked for through every member.

const MAX_SELECTION_DEPTH = 4;

function selectionOf(type: GraphQLNamedType, depth: number, entityLevel: boolean): string {
  if (isUnionType(type)) {
    return `__typename ${type
      .getTypes()
      .map((member) => `... on ${member.name} { ${selectionOf(member, depth, true)} }`)
      .join(' ')}`;
  }
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter((field) =>
    field.args.every((arg) => !isNonNullType(arg.type)),
  );
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type))).map((field) => field.name);
  if (entityLevel || depth >= MAX_SELECTION_DEPTH) return leaves.join(' ');
  const nested = fields
    .filter((field) => !isLeafType(getNamedType(field.type)))
    .map((field) => `${field.name} { ${selectionOf(getNamedType(field.type), depth + 1, false)} }`);
  return [...leaves, ...nested].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Where to ask: a fixture claim the enum value applies to gives the start node, the node it must
// reach and, for common ground, a second node sharing that neighbour where the fixture has one.

const claims: ClaimFact[] = fixtureSources().flatMap(({ facts }) => facts.claims);
const ALL_RELATIONSHIP_KINDS = RELATIONSHIP_KIND.getValues().map((value) => value.name);

interface Place {
  start: string;
  end: string;
  /** Another node with a claim of the same type to `end`, or `end` itself where there is none. */
  partner: string;
  via: string[];
  description: string;
}

function placeFor(enumType: GraphQLEnumType, value: string, internal: unknown): Place {
  if (enumType === RELATIONSHIP_KIND) {
    const claim = claims.find((c) => c.type === internal);
    if (!claim) throw new Error(`test/fixtures/graph.ts has no ${String(internal)} claim: add one`);
    const partner = claims.find((c) => c.type === claim.type && c.to.id === claim.to.id && c !== claim);
    return {
      start: claim.from.id,
      end: claim.to.id,
      partner: partner && partner.from.id !== claim.from.id ? partner.from.id : claim.to.id,
      via: [value],
      description: `${claim.from.id} -${claim.type}-> ${claim.to.id}`,
    };
  }
  if (enumType === ENTITY_KIND) {
    const claim = claims.find((c) => c.to.label === internal || c.from.label === internal);
    if (!claim)
      throw new Error(`test/fixtures/graph.ts has no ${String(internal)} node with a claim: add one`);
    const [start, end] = claim.to.label === internal ? [claim.from, claim.to] : [claim.to, claim.from];
    // Every kind of relationship, so that a kind only some of them reach is reached.
    return {
      start: start.id,
      end: end.id,
      partner: end.id,
      via: ALL_RELATIONSHIP_KINDS,
      description: `${start.id} next to ${end.id}`,
    };
  }
  throw new Error(`no way yet to pick a fixture node for a ${enumType.name} argument: teach this test`);
}

// ---------------------------------------------------------------------------------------------
// How to ask each traversal field, and what its answer must show (beyond having no errors).

type Answer = Record<string, unknown>;
interface Entity {
  __typename: string;
  key: string;
}
interface FieldCase {
  args(place: Place): Record<string, string | number>;
  check(answer: Answer, place: Place, enumType: GraphQLEnumType, internal: unknown): void;
}

const FIELD_CASES: Record<string, FieldCase> = {
  path: {
    args: (place) => ({ from: place.start, to: place.end, maxHops: 1 }),
    check: (answer, place) => {
      const routes = answer as Record<'shortest' | 'allShortest' | 'alternatives', unknown>;
      const shortest = routes.shortest as { nodes: Entity[] } | null;
      expect(shortest?.nodes.map((node) => node.key)).toEqual([place.start, place.end]);
      for (const list of [routes.allShortest, routes.alternatives] as { nodes: Entity[] }[][]) {
        expect(list.map((route) => route.nodes.map((node) => node.key))).toContainEqual([
          place.start,
          place.end,
        ]);
      }
    },
  },
  neighbourhood: {
    args: (place) => ({ id: place.start, depth: 1, limitPerHop: MAX_PER_HOP }),
    check: (answer, place, enumType, internal) => {
      const subgraph = answer as {
        nodes: { id: string; kind: string; depth: number; entity: Entity }[];
        edges: { source: string; target: string; type: string }[];
        elements: string;
      };
      expect(subgraph.nodes.map((node) => node.id)).toContain(place.end);
      for (const node of subgraph.nodes) expect(node.entity.key).toBe(node.id);
      if (enumType === ENTITY_KIND) {
        const kind = ENTITY_KIND.getValues().find((value) => value.value === internal)?.name;
        expect(subgraph.nodes.filter((node) => node.depth > 0).map((node) => node.kind)).toEqual(
          subgraph.nodes.filter((node) => node.depth > 0).map(() => kind),
        );
      } else {
        expect(subgraph.edges.map((edge) => edge.type)).toContain(internal);
      }
      expect(JSON.parse(subgraph.elements)).toHaveLength(subgraph.nodes.length + subgraph.edges.length);
    },
  },
  commonGround: {
    args: (place) => ({ a: place.start, b: place.partner }),
    check: (answer, place) => {
      const common = answer as { shared: { entity: Entity }[]; neighboursOfA: number };
      expect(common.neighboursOfA).toBeGreaterThan(0);
      if (place.partner !== place.end) {
        expect(common.shared.map((shared) => shared.entity.key)).toContain(place.end);
      }
    },
  },
};

function literal(arg: GraphQLArgument, value: unknown): string {
  if (isEnumType(getNamedType(arg.type))) {
    const names = Array.isArray(value) ? value : [value];
    return isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type)
      ? `[${names.join(', ')}]`
      : String(names[0]);
  }
  return JSON.stringify(value);
}

function documentFor(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): string {
  const list = Object.entries(args)
    .map(([name, value]) => {
      const arg = field.args.find((a) => a.name === name);
      if (!arg) throw new Error(`${field.name} has no argument ${name}`);
      return `${name}: ${literal(arg, value)}`;
    })
    .join(', ');
  return `{ ${field.name}(${list}) { ${selectionOf(getNamedType(field.type), 1, false)} } }`;
}

const cases = traversalFields.flatMap((field) =>
  field.args.flatMap((arg) => {
    const enumType = getNamedType(arg.type);
    if (!isEnumType(enumType)) return [];
    return enumType
      .getValues()
      .map((value) => ({ field, arg, enumType, name: value.name, internal: value.value }));
  }),
);

describe('traversal over every kind of relationship and entity', () => {
  it('finds the traversal fields and their enum arguments in the schema', () => {
    expect(traversalFields.map((field) => field.name).sort()).toEqual(
      expect.arrayContaining(['commonGround', 'neighbourhood', 'path']),
    );
    expect([...new Set(cases.map((c) => c.enumType.name))]).toEqual(
      expect.arrayContaining(['RelationshipKind', 'EntityKind']),
    );
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(['HAS_MATURITY', 'IN_CATEGORY']));
  });

  it.each(cases.map((c) => [`${c.field.name}(${c.arg.name}: ${c.name})`, c] as const))(
    '%s answers without errors on a node it applies to, and reaches what it should',
    async (_title, { field, arg, enumType, name, internal }) => {
      const fieldCase = FIELD_CASES[field.name];
      if (!fieldCase)
        throw new Error(`no case for the traversal field ${field.name}: add one to FIELD_CASES`);
      const place = placeFor(enumType, name, internal);
      const args: Record<string, unknown> = { ...fieldCase.args(place) };
      if (field.args.some((a) => a.name === 'via')) args.via = place.via;
      args[arg.name] = arg.name === 'via' ? place.via : [name];
      const document = documentFor(field, args);
      const response: GraphQLResponse<Record<string, Answer | null>> = await api.request(document);
      expect(response.errors, `${place.description}\n${document}`).toBeUndefined();
      const answer = response.data?.[field.name];
      expect(answer, place.description).toBeTruthy();
      fieldCase.check(answer as Answer, place, enumType, internal);
    },
  );
});

describe('a maturity level', () => {
  it('is an entity of its own: reached through HAS_MATURITY, with the projects at it as of a day', async () => {
    const data = await api.query<{
      neighbourhood: { nodes: { kind: string; entity: { __typename: string; key: string; id: string } }[] };
    }>(
      `{ neighbourhood(id: "${PROJECTS.widget.id}", via: [HAS_MATURITY]) {
          nodes { kind entity { __typename ... on MaturityLevel { key id } ... on Project { key id } } } } }`,
    );
    const levels = data.neighbourhood.nodes.filter((node) => node.kind === 'MATURITY_LEVEL');
    expect(levels.map((node) => node.entity.key).sort()).toEqual([
      'maturity:graduated',
      'maturity:incubating',
      'maturity:sandbox',
    ]);
    expect(new Set(levels.map((node) => node.entity.__typename))).toEqual(new Set(['MaturityLevel']));

    const sandbox = levels.find((node) => node.entity.key === 'maturity:sandbox')?.entity.id;
    const byId = await api.query<{
      node: {
        __typename: string;
        name: string;
        then: { edges: { node: { name: string }; since: string; until: string | null }[] };
        ever: { totalCount: number };
      };
    }>(
      `query($id: ID!) { node(id: $id) { __typename ... on MaturityLevel { name
          then: projects(asOf: "2020-06-01") { edges { node { name } since until } }
          ever: projects(asOf: null) { totalCount } } } }`,
      { id: sandbox },
    );
    expect(byId.node.__typename).toBe('MaturityLevel');
    expect(byId.node.name).toBe('sandbox');
    expect(byId.node.then.edges).toEqual([
      { node: { name: 'Gadget' }, since: '2020-02-01', until: '2022-05-01' },
      { node: { name: 'Thingamajig' }, since: '2019-01-10', until: '2024-07-01' },
    ]);
    expect(byId.node.ever.totalCount).toBe(4);
  });
});
