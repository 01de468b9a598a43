import {
  type GraphQLArgument,
  type GraphQLInputType,
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { countOrganizations, countPeople, countProjects } from '../../../src/graph/entities.ts';
import { MAX_REQUEST_BODY_BYTES } from '../../../src/limits.ts';
import { schema } from '../../../src/schema/index.ts';
import { MAX_TEXT_LENGTH } from '../../../src/schema/text.ts';
import { loadFixtureGraph, ORGS } from '../../fixtures/graph.ts';
import { errorCodes, TestApi } from '../../support/graphql-client.ts';

// Free text in arguments (names, handles, ids, filters) is capped at MAX_TEXT_LENGTH characters, and
// request bodies at MAX_REQUEST_BODY_BYTES: a megabyte of `nameContains` used to cost Neo4j seconds
// (lowered once per row) and the service memory held after the request.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

const TEXT_TYPES = new Set(['String', 'ID']);

/** The paths to every text a field's argument holds: `name`, `filter.nameContains`, `ids`. */
function textPaths(type: GraphQLInputType, path: string): string[] {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    return Object.values(named.getFields()).flatMap((field) =>
      textPaths(field.type, `${path}.${field.name}`),
    );
  }
  return TEXT_TYPES.has(named.name) ? [path] : [];
}

/** A literal of `type` that every field accepts for its required arguments. */
function plainValue(type: GraphQLInputType): string {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return `[${plainValue(nullable.ofType)}]`;
  if (isEnumType(nullable)) return nullable.getValues()[0]?.name ?? 'null';
  if (isInputObjectType(nullable)) return '{}';
  const byScalar: Record<string, string> = { Date: '"2024-01-01"', Int: '1', Float: '1', Boolean: 'true' };
  return byScalar[nullable.name] ?? '"x"';
}

/** `text` placed at `path` of `argument` (through input objects, in a list where the type has one). */
function valueAt(argument: GraphQLArgument, path: string[], text: string): string {
  let type: GraphQLInputType = argument.type;
  const wrap: ((inner: string) => string)[] = [];
  for (const step of path) {
    const nullable = getNullableType(type);
    const named = getNamedType(nullable);
    if (isListType(nullable)) wrap.push((inner) => `[${inner}]`);
    if (!isInputObjectType(named)) break;
    const field = named.getFields()[step];
    if (!field) break;
    wrap.push((inner) => `{ ${step}: ${inner} }`);
    type = field.type;
  }
  if (isListType(getNullableType(type))) wrap.push((inner) => `[${inner}]`);
  return wrap.reduceRight((inner, wrapper) => wrapper(inner), JSON.stringify(text));
}

// Cursors are opaque and bounded by their own rule (1,000 characters, graph/paging.ts).
const CURSORS = new Set(['after', 'before']);

/** Every text argument of the root fields, as a query giving it `text` (other arguments plain). */
function everyTextArgument(text: string): { path: string; query: string }[] {
  const queryType = schema.getQueryType();
  if (!queryType) return [];
  return Object.values(queryType.getFields()).flatMap((field) =>
    field.args.flatMap((argument) =>
      textPaths(argument.type, argument.name)
        .filter((path) => !CURSORS.has(path))
        .map((path) => {
          const args = field.args
            .filter((other) => other === argument || isNonNullType(other.type))
            .map((other) =>
              other === argument
                ? `${other.name}: ${valueAt(other, path.split('.').slice(1), text)}`
                : `${other.name}: ${plainValue(other.type)}`,
            );
          const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
          return {
            path: `${field.name}(${path})`,
            query: `{ ${field.name}(${args.join(', ')})${selection} }`,
          };
        }),
    ),
  );
}

describe('text arguments', () => {
  it('are all root fields’ but one (a project’s maintainers by group, tested below), so the cases below cover every one', () => {
    const elsewhere = Object.values(schema.getTypeMap()).flatMap((type) =>
      isObjectType(type) && type !== schema.getQueryType() && !type.name.startsWith('__')
        ? Object.values(type.getFields()).flatMap((field) =>
            field.args
              .filter((arg) => !CURSORS.has(arg.name) && textPaths(arg.type, arg.name).length > 0)
              .map((arg) => `${type.name}.${field.name}(${arg.name})`),
          )
        : [],
    );
    expect(elsewhere).toEqual(['Project.maintainers(group)']);
    expect(everyTextArgument('x').map((text) => text.path)).toEqual(
      expect.arrayContaining([
        'project(name)',
        'person(handle)',
        'projects(filter.nameContains)',
        'people(filter.organization)',
        'bodies(nameContains)',
        'nodes(ids)',
        'path(from)',
        'search(text)',
      ]),
    );
  });

  it(`refuse ${MAX_TEXT_LENGTH + 1} characters anywhere as BAD_USER_INPUT, naming the argument`, async () => {
    const refusals: unknown[] = [];
    for (const { path, query } of everyTextArgument('x'.repeat(MAX_TEXT_LENGTH + 1))) {
      const result = await api.request(query);
      refusals.push([path, errorCodes(result), result.errors?.[0]?.message]);
    }
    expect(refusals).toEqual(
      everyTextArgument('').map(({ path }) => {
        const argument = (/\((.*)\)$/.exec(path)?.[1] ?? '').replace(/^ids$/, 'ids[0]');
        return [path, ['BAD_USER_INPUT'], `${argument} must be at most ${MAX_TEXT_LENGTH} characters`];
      }),
    );
  });

  it(`refuse ${MAX_TEXT_LENGTH + 1} characters in a project’s maintainers’ group, and take ${MAX_TEXT_LENGTH}`, async () => {
    const query =
      'query ($group: String) { project(name: "Widget") { maintainers(group: $group) { totalCount } } }';
    const long = await api.request(query, { group: 'x'.repeat(MAX_TEXT_LENGTH + 1) });
    expect([errorCodes(long), long.errors?.[0]?.message]).toEqual([
      ['BAD_USER_INPUT'],
      `group must be at most ${MAX_TEXT_LENGTH} characters`,
    ]);
    const fits = await api.request(query, { group: 'x'.repeat(MAX_TEXT_LENGTH) });
    expect(fits.errors).toBeUndefined();
    expect(fits.data).toEqual({ project: { maintainers: { totalCount: 0 } } });
  });

  it(`take ${MAX_TEXT_LENGTH} characters, whatever else the field makes of them`, async () => {
    for (const { path, query } of everyTextArgument('x'.repeat(MAX_TEXT_LENGTH))) {
      const result = await api.request(query);
      expect([path, result.errors?.map((error) => error.message) ?? []]).not.toEqual([
        path,
        expect.arrayContaining([expect.stringContaining('must be at most')]),
      ]);
    }
  });

  it.each(['after', 'before'])('refuse a cursor (%s) longer than any cursor given out', async (name) => {
    const result = await api.request(
      `query ($cursor: String) { projects(${name}: $cursor) { totalCount } }`,
      {
        // Well formed (a sort key and an id), but longer than any sort key and id in the graph.
        cursor: Buffer.from(JSON.stringify(['a'.repeat(800), 'project:a'])).toString('base64url'),
      },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.argument).toBe(name);
  });

  it('are checked on variables too, before any Cypher runs', async () => {
    const before = api.roundTrips;
    const result = await api.request(
      'query ($s: String) { organizations(filter: { nameContains: $s }) { totalCount } }',
      { s: 'x'.repeat(900_000) },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toBe('filter.nameContains must be at most 200 characters');
    expect(api.roundTrips).toBe(before);
  });
});

describe('filters by part of a name', () => {
  beforeAll(async () => {
    // Enough nodes that work done once per node shows: 3,000 organizations, with the lower-cased
    // name the importer gives every named node (cypher/110-node-organization.cypher).
    await api.graph.write(
      `UNWIND range(1, 3000) AS i WITH "Bulk Org " + i AS name, i
       CREATE (:Organization {id: "org:bulk-" + i, name: name, nameKey: toLower(name)})`,
    );
  });

  afterAll(async () => {
    await api.graph.write('MATCH (n:Organization) WHERE n.id STARTS WITH "org:bulk-" DETACH DELETE n');
  });

  it('lower-case the text once, not once per node: a megabyte costs the database no more than a word', async () => {
    // Past the API's cap; the graph layer itself must not multiply a long text by the node count.
    const long = 'Q'.repeat(1_000_000);
    // Planned once with a short text, so that only running the statement is timed.
    await countOrganizations(api.graph, { nameContains: 'q', tier: 'q' });
    const started = performance.now();
    expect(await countOrganizations(api.graph, { nameContains: long, tier: long })).toBe(0);
    // 6 to 9 s when each of the 3,000 nodes lowered the megabyte again, 60 to 550 ms since (on a
    // loaded two-core machine); a generous margin.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('lower-case each filter text of every list', async () => {
    const long = 'Q'.repeat(1_000_000);
    const person = { organizationId: null, bodyId: null, projectId: null };
    expect(await countPeople(api.graph, { nameContains: long, ...person }, null)).toBe(0);
    expect(await countPeople(api.graph, { nameContains: 'ADA EXAMPLE', ...person }, null)).toBe(1);
    const project = { maturity: null, cncf: null, organizationId: null, asOf: null };
    expect(await countProjects(api.graph, { nameContains: long, category: long, ...project })).toBe(0);
    expect(await countProjects(api.graph, { nameContains: 'WIDGET', category: null, ...project })).toBe(1);
    expect(
      await countProjects(api.graph, { nameContains: null, category: 'WIDGETS', ...project }),
    ).toBeGreaterThan(0);
  });

  it('still match any case', async () => {
    expect(await countOrganizations(api.graph, { nameContains: 'BULK ORG 299', tier: null })).toBe(11);
    expect(
      await countOrganizations(api.graph, { nameContains: ORGS.acme.name.toUpperCase(), tier: 'GOLD' }),
    ).toBe(1);
  });
});

describe('request bodies', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    api.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body,
      // A stream body needs it (Node's fetch).
      duplex: 'half',
    } as RequestInit);

  const bodyOf = (bytes: number) => {
    const start = '{"query":"query ($s: String) { project(name: $s) { name } }","variables":{"s":"';
    return `${start}${'x'.repeat(bytes - start.length - 3)}"}}`;
  };

  it('of more than 1 MB are refused with 413, saying so, before they are read', async () => {
    const body = bodyOf(MAX_REQUEST_BODY_BYTES + 1);
    expect(Buffer.byteLength(body)).toBe(MAX_REQUEST_BODY_BYTES + 1);
    const response = await post(body);
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(answer.errors[0]?.message).toBe(
      'Request body of 1000001 bytes exceeds the limit of 1000000 bytes',
    );
    expect(answer.errors[0]?.extensions).toEqual({
      code: 'REQUEST_ENTITY_TOO_LARGE',
      max: 1_000_000,
      actual: 1_000_001,
    });
  });

  it('of more than 1 MB sent without a length are cut off with 413 too', async () => {
    const bytes = new TextEncoder().encode(bodyOf(5 * MAX_REQUEST_BODY_BYTES));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536));
        controller.close();
      },
    });
    const response = await post(stream);
    expect(response.status).toBe(413);
  });

  it('of exactly 1 MB are read (and their over-long text refused by the cap)', async () => {
    const response = await post(bodyOf(MAX_REQUEST_BODY_BYTES));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(answer.errors.map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });
});
