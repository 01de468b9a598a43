import { Buffer } from 'node:buffer';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  changesRequest,
  entityRequest,
  type Kind,
  neighbourhoodRequest,
  pathRequest,
  type Request,
  rosterRequest,
  searchRequest,
  sourcesRequest,
} from '../../../explore/src/api.ts';
import { graphiqlHref, graphqlLiteral, withVariableDefaults } from '../../../explore/src/graphiql.ts';
import { loadConfig } from '../../../src/config.ts';
import { queryCost } from '../../../src/limits.ts';
import { schema } from '../../../src/schema/index.ts';

const KINDS: Kind[] = ['PERSON', 'ORGANIZATION', 'PROJECT', 'BODY', 'CATEGORY'];

/** Every request the explorer page makes, with the values it sends. */
const PAGE_REQUESTS: Request[] = [
  searchRequest('Lei Zhang'),
  neighbourhoodRequest('person:gh:resouer', null),
  neighbourhoodRequest('body:toc', '2021-06-01'),
  ...KINDS.map((kind) => entityRequest(kind, 'person:gh:resouer', null)),
  ...KINDS.map((kind) => entityRequest(kind, 'body:toc', '2021-06-01')),
  pathRequest('person:gh:resouer', 'project:kubernetes', null),
  rosterRequest('2021-06-01'),
  rosterRequest(null),
  sourcesRequest(),
  ...KINDS.flatMap((kind) => {
    const request = changesRequest(kind, 'person:gh:resouer', '2020-06-02', '2021-06-01', null);
    return request ? [request] : [];
  }),
  changesRequest('PROJECT', 'project:kubernetes', '2015-01-01', '2026-08-21', 'some-cursor') as Request,
];

describe('GraphQL literals', () => {
  it('writes JSON values as GraphQL input values', () => {
    expect(graphqlLiteral('Lei "Harry" Zhang')).toBe('"Lei \\"Harry\\" Zhang"');
    expect(graphqlLiteral(null)).toBe('null');
    expect(graphqlLiteral(4)).toBe('4');
    expect(graphqlLiteral(true)).toBe('true');
    expect(graphqlLiteral(['a', 1])).toBe('["a", 1]');
    expect(graphqlLiteral({ nameContains: 'kube', cncf: true })).toBe('{nameContains: "kube", cncf: true}');
  });
});

describe('the changes requests', () => {
  it('ask with the argument that fits the kind, and not at all for a category', () => {
    expect(
      changesRequest('PERSON', 'person:gh:resouer', '2020-01-01', '2021-01-01', null)?.document,
    ).toContain('changes(person: $key,');
    expect(
      changesRequest('PROJECT', 'project:kubernetes', '2020-01-01', '2021-01-01', null)?.document,
    ).toContain('changes(project: $key,');
    expect(
      changesRequest('ORGANIZATION', 'org:google', '2020-01-01', '2021-01-01', null)?.document,
    ).toContain('changes(organization: $key,');
    expect(changesRequest('BODY', 'body:toc', '2020-01-01', '2021-01-01', null)?.document).toContain(
      'changes(body: $key,',
    );
    expect(changesRequest('CATEGORY', 'category:x', '2020-01-01', '2021-01-01', null)).toBeNull();
  });
});

describe('the "open in GraphiQL" link', () => {
  it('puts the variables into the document as defaults, leaving the rest as it was', () => {
    const document =
      'query Path($from: ID!, $to: ID!, $asOf: Date) {\n  path(from: $from) { shortest { length } }\n}';
    expect(
      withVariableDefaults(document, { from: 'person:gh:resouer', to: 'project:kubernetes', asOf: null }),
    ).toBe(
      'query Path($from: ID! = "person:gh:resouer", $to: ID! = "project:kubernetes", $asOf: Date = null) {\n  path(from: $from) { shortest { length } }\n}',
    );
    // A variable without a value keeps no default; a definition with one keeps its own.
    expect(withVariableDefaults('query Q($a: Int = 1, $b: Int) { x }', { a: 2 })).toBe(
      'query Q($a: Int = 1, $b: Int) { x }',
    );
  });

  it('is a same-origin /graphql URL whose query parameter is the self-contained document', () => {
    const request = rosterRequest('2021-06-01');
    const href = graphiqlHref(request.document, request.variables);
    expect(href.startsWith('/graphql?query=')).toBe(true);
    const query = new URL(href, 'http://localhost').searchParams.get('query');
    expect(query).toContain('query Roster($asOf: Date = "2021-06-01")');
  });

  it.each(PAGE_REQUESTS.map((request) => [request.name, request] as const))(
    'gives a valid document for the page’s %s query, variables included',
    (_name, request) => {
      const document = parse(withVariableDefaults(request.document, request.variables));
      expect(validate(schema, document)).toEqual([]);
    },
  );
});

describe('the page’s queries and the server’s limits', () => {
  const limits = loadConfig({}).api.limits;

  it.each(PAGE_REQUESTS.map((request) => [request.name, request] as const))(
    'the %s query stays well within the default cost and size limits',
    (_name, request) => {
      const cost = queryCost(schema, parse(request.document), { variables: request.variables });
      expect(cost).not.toBeNull();
      // A quarter of the limit at most: room for a lower limit in production.
      expect(cost).toBeLessThanOrEqual(limits.maxCost / 4);
      expect(Buffer.byteLength(request.document)).toBeLessThanOrEqual(limits.maxDocumentBytes);
    },
  );
});
