import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { exportPlugin } from '../../../src/export/http.ts';
import { type GraphExecutor, GraphTimeoutError, GraphUnavailableError } from '../../../src/graph/executor.ts';

// The endpoints without a database: a stand-in executor answers by purpose (the real queries run
// in test/integration/export.test.ts).
type Read = (cypher: string, parameters: Record<string, unknown>, purpose: string) => Promise<unknown[]>;

const NODE_ROWS = [
  {
    id: 'person:gh:ada-invented',
    type: 'Person',
    name: 'Ada & <Invented>',
    properties: { aliases: ['Ada I.'] },
  },
  {
    id: 'project:widget',
    type: 'Project',
    name: 'Widget',
    properties: { cncf: true, aliasText: 'Widget Widgets' },
  },
];
const LINK_ROWS = [
  {
    id: 'fiction/a.md@1#MAINTAINS|ada|widget|L2',
    source: 'person:gh:ada-invented',
    target: 'project:widget',
    type: 'MAINTAINS',
    provenance: 'fiction/a.md@1',
    properties: { line: 2, since: null, key: 'MAINTAINS|ada|widget|L2' },
  },
];

const answering: Read = async (_cypher, _parameters, purpose) => {
  if (purpose === 'export:nodes') return NODE_ROWS;
  if (purpose === 'export:links') return LINK_ROWS;
  if (purpose === 'export:around') return [];
  return [];
};

function app(read: Read) {
  const graph = { read } as unknown as GraphExecutor;
  const errors: string[] = [];
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    logging: false,
    plugins: [exportPlugin(graph, { log: { error: (message) => errors.push(message) } })],
  });
  return { yoga, errors };
}

const failing: Read = async () => {
  throw new Error('no database in unit tests');
};

describe('GET /export/graph.graphml and /export/graph.json', () => {
  it('serves GraphML as an attachment', async () => {
    const response = await app(answering).yoga.fetch('http://yoga/export/graph.graphml?asOf=2021-06-01');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="cncf-graph-as-of-2021-06-01.graphml"',
    );
    expect(response.headers.get('x-export-truncated')).toBe('false');
    const text = await response.text();
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<graphml /);
    expect(text).toContain('<data key="n_name">Ada &amp; &lt;Invented&gt;</data>');
    expect(text).toContain('<data key="g_asOf">2021-06-01</data>');
    expect(text.match(/<node /g)).toHaveLength(2);
    expect(text.match(/<edge /g)).toHaveLength(1);
  });

  it('serves node-link JSON as an attachment, without aliasText or absent values', async () => {
    const response = await app(answering).yoga.fetch('http://yoga/export/graph.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cncf-graph.json"');
    const body = (await response.json()) as { nodes: object[]; links: object[] };
    expect(body.nodes).toEqual([
      { id: 'person:gh:ada-invented', type: 'Person', name: 'Ada & <Invented>', aliases: ['Ada I.'] },
      { id: 'project:widget', type: 'Project', name: 'Widget', cncf: true },
    ]);
    expect(body.links).toEqual([
      {
        source: 'person:gh:ada-invented',
        target: 'project:widget',
        key: 'fiction/a.md@1#MAINTAINS|ada|widget|L2',
        type: 'MAINTAINS',
        provenance: 'fiction/a.md@1',
        line: 2,
      },
    ]);
  });

  it.each([
    ['kinds=Robot', /kinds: unknown value "Robot"/],
    ['types=KNOWS', /types: unknown value "KNOWS"/],
    ['asOf=2021-02-30', /not a calendar date/],
    ['asOf=yesterday', /YYYY-MM-DD/],
    ['around=body:toc&depth=4', /depth must be a whole number from 0 to 3/],
    ['depth=2', /depth needs around/],
    ['kind=Person', /unknown parameter "kind"/],
  ])('answers 400 with a JSON error for %s, before touching the database', async (query, message) => {
    const { yoga } = app(failing);
    for (const path of ['/export/graph.graphml', '/export/graph.json']) {
      const response = await yoga.fetch(`http://yoga${path}?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await response.json()) as { error: string };
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toMatch(message);
    }
  });

  it('answers 404 for an unknown around', async () => {
    const response = await app(answering).yoga.fetch('http://yoga/export/graph.json?around=person:gh:nobody');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no entity has the id "person:gh:nobody"' });
  });

  it('answers 503, 504 and a masked 500 when the database fails, with no stack', async () => {
    const unavailable = app(async () => {
      throw new GraphUnavailableError('Neo4j is unavailable: connection refused');
    });
    const slow = app(async () => {
      throw new GraphTimeoutError('timed out');
    });
    const broken = app(async () => {
      throw new Error('secret internals at line 42');
    });
    expect((await unavailable.yoga.fetch('http://yoga/export/graph.json')).status).toBe(503);
    expect((await slow.yoga.fetch('http://yoga/export/graph.json')).status).toBe(504);
    const response = await broken.yoga.fetch('http://yoga/export/graph.graphml');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":"the export failed"}');
    expect(broken.errors.join('\n')).toContain('secret internals at line 42');
  });

  it('answers 405 to other methods, and leaves every other path to Yoga', async () => {
    const { yoga } = app(failing);
    const post = await yoga.fetch('http://yoga/export/graph.json', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const graphql = await yoga.fetch('http://yoga/graphql?query=%7B__typename%7D');
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await yoga.fetch('http://yoga/export/graph.csv')).status).toBe(404);
  });
});
