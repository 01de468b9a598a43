import { gunzipSync } from 'node:zlib';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { exportsOf } from '../../../src/export/document.ts';
import {
  acceptsGzip,
  EXPORT_RETRY_AFTER_SECONDS,
  type ExportPluginOptions,
  exportPlugin,
} from '../../../src/export/http.ts';
import { type GraphExecutor, GraphTimeoutError, GraphUnavailableError } from '../../../src/neo4j/executor.ts';

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
    plugins: [exportPlugin(exportsOf(graph), { log: { error: (message) => errors.push(message) } })],
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
    expect(response.headers.get('x-export-as-of')).toBe('2021-06-01');
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
    // Left out, asOf is any time (every claim), and the export says so.
    expect(response.headers.get('x-export-as-of')).toBe('any');
    const body = (await response.json()) as { nodes: object[]; edges: object[] };
    expect(body.nodes).toEqual([
      { id: 'person:gh:ada-invented', type: 'Person', name: 'Ada & <Invented>', aliases: ['Ada I.'] },
      { id: 'project:widget', type: 'Project', name: 'Widget', cncf: true },
    ]);
    expect(body.edges).toEqual([
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

describe('compression', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, GZIP;q=0.5', true],
    ['*', true],
    ['x-gzip', true],
    ['gzip;q=0', false],
    ['deflate, br', false],
    ['identity', false],
    ['', false],
  ])('takes accept-encoding %j as accepting gzip: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('sends gzip to clients that accept it, the same document when unzipped, and plain text otherwise', async () => {
    const { yoga } = app(answering);
    for (const path of ['/export/graph.json', '/export/graph.graphml']) {
      const plain = await yoga.fetch(`http://yoga${path}`);
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('vary')).toBe('accept-encoding');
      const text = await plain.text();
      const zipped = await yoga.fetch(`http://yoga${path}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(zipped.status).toBe(200);
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toBe('accept-encoding');
      const bytes = Buffer.from(await zipped.arrayBuffer());
      expect(gunzipSync(bytes).toString('utf8')).toBe(text);
      expect(text.length).toBeGreaterThan(100);
    }
  });
});

describe('exports made at once, and the whole-graph cache', () => {
  /** A stand-in database whose reads wait until `release()`, counting them by purpose. */
  function heldGraph() {
    const reads: string[] = [];
    let open!: () => void;
    let released = new Promise<void>((resolve) => {
      open = resolve;
    });
    const read: Read = async (cypher, parameters, purpose) => {
      reads.push(purpose);
      await released;
      return answering(cypher, parameters, purpose);
    };
    return {
      reads,
      read,
      release: () => open(),
      hold: () => {
        released = new Promise<void>((resolve) => {
          open = resolve;
        });
      },
    };
  }

  function yogaWith(read: Read, options: Omit<ExportPluginOptions, 'log'>) {
    const graph = { read } as unknown as GraphExecutor;
    return createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
      logging: false,
      plugins: [exportPlugin(exportsOf(graph), options)],
    });
  }

  it('refuses exports beyond the limit with 429 and Retry-After, and serves the ones it took', async () => {
    const held = heldGraph();
    const yoga = yogaWith(held.read, { maxConcurrent: 2 });
    // Five different subgraphs at once: none is the whole graph, so none is shared or cached.
    const days = ['2021-01-01', '2021-01-02', '2021-01-03', '2021-01-04', '2021-01-05'];
    const pending = days.map((day) => yoga.fetch(`http://yoga/export/graph.json?asOf=${day}`));
    const refused = await Promise.race([
      Promise.all(pending.slice(2)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no 429 within 5 s')), 5_000)),
    ]);
    for (const response of refused) {
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe(String(EXPORT_RETRY_AFTER_SECONDS));
      expect(((await response.json()) as { error: string }).error).toMatch(/2 exports are being made/);
    }
    // Only the two exports taken read anything.
    expect(held.reads.filter((purpose) => purpose === 'export:nodes')).toHaveLength(2);
    held.release();
    const served = await Promise.all(pending.slice(0, 2));
    expect(served.map((response) => response.status)).toEqual([200, 200]);
    // Their slots are free again once the documents are made.
    const after = await yoga.fetch('http://yoga/export/graph.graphml?asOf=2021-01-06');
    expect(after.status).toBe(200);
    await after.text();
  });

  it('frees the slot of an export that failed', async () => {
    const yoga = yogaWith(
      async () => {
        throw new GraphUnavailableError('down');
      },
      { maxConcurrent: 1 },
    );
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await yoga.fetch('http://yoga/export/graph.json?asOf=2021-01-01')).status).toBe(503);
    }
  });

  it('reads the whole graph once per generation for both formats, shared by requests made at once and kept for the next', async () => {
    const held = heldGraph();
    let generation = 0;
    const yoga = yogaWith(held.read, {
      maxConcurrent: 1,
      cache: { generation: () => generation, ttlMs: 60_000 },
    });
    const nodeReads = () => held.reads.filter((purpose) => purpose === 'export:nodes').length;

    // Six at once, over a limit of one: they share the one export being made.
    const atOnce = Array.from({ length: 6 }, () => yoga.fetch('http://yoga/export/graph.json'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    held.release();
    const answers = await Promise.all(atOnce);
    expect(answers.map((response) => response.status)).toEqual(Array(6).fill(200));
    const bodies = await Promise.all(answers.map((response) => response.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0] as string).nodes).toHaveLength(2);
    expect(nodeReads()).toBe(1);

    // Later: from the cache, with the same headers, and without a slot.
    const later = await yoga.fetch('http://yoga/export/graph.json');
    expect(later.headers.get('x-export-nodes')).toBe('2');
    expect(later.headers.get('content-disposition')).toBe('attachment; filename="cncf-graph.json"');
    expect(await later.text()).toBe(bodies[0]);
    expect(nodeReads()).toBe(1);

    // Each format is its own document, made from the same read of the whole graph; a subgraph is
    // never cached.
    const graphml = await yoga.fetch('http://yoga/export/graph.graphml');
    expect(graphml.status).toBe(200);
    expect(await graphml.text()).toContain('<graphml');
    expect(nodeReads()).toBe(1);
    await (await yoga.fetch('http://yoga/export/graph.json?kinds=Person')).text();
    await (await yoga.fetch('http://yoga/export/graph.json?kinds=Person')).text();
    expect(nodeReads()).toBe(3);

    // An import bumps the generation: the graph is read again, once for both formats.
    generation += 1;
    await (await yoga.fetch('http://yoga/export/graph.json')).text();
    await (await yoga.fetch('http://yoga/export/graph.graphml')).text();
    expect(nodeReads()).toBe(4);
  });

  it('keeps nothing with a ttl of 0 (the response cache switched off)', async () => {
    const held = heldGraph();
    held.release();
    const yoga = yogaWith(held.read, { cache: { generation: () => 0, ttlMs: 0 } });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await yoga.fetch('http://yoga/export/graph.json')).status).toBe(200);
    }
    expect(held.reads.filter((purpose) => purpose === 'export:nodes')).toHaveLength(3);
  });

  it('does not keep a failed whole-graph export', async () => {
    let fail = true;
    const yoga = yogaWith(
      async (cypher, parameters, purpose) => {
        if (fail) throw new GraphUnavailableError('down');
        return answering(cypher, parameters, purpose);
      },
      { cache: { generation: () => 0, ttlMs: 60_000 } },
    );
    expect((await yoga.fetch('http://yoga/export/graph.json')).status).toBe(503);
    fail = false;
    expect((await yoga.fetch('http://yoga/export/graph.json')).status).toBe(200);
  });
});
