import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { createYoga } from 'graphql-yoga';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exportsOf } from '../../src/export/document.ts';
import { toGraphml } from '../../src/export/graphml.ts';
import { exportPlugin } from '../../src/export/http.ts';
import { toNodeLink } from '../../src/export/node-link.ts';
import {
  parseExportFilter,
  type RawExportFilter,
  readSubgraph,
  UnknownEntityError,
} from '../../src/export/subgraph.ts';
import { exportsOnWorker } from '../../src/export/thread.ts';
import { applySchema, writeSource } from '../../src/import/load.ts';
import type {
  ClaimFact,
  ClaimType,
  NodeFact,
  NodeLabel,
  Properties,
  SourceFacts,
} from '../../src/import/model.ts';
import { createLogger } from '../../src/logger.ts';
import { CypherScripts } from '../../src/neo4j/cypher-scripts.ts';
import { GraphExecutor, GraphUnavailableError } from '../../src/neo4j/executor.ts';
import type { Context } from '../../src/schema/builder.ts';
import { schema } from '../../src/schema/index.ts';

// Exports of a small graph of INVENTED facts, loaded with the real loader; every person, company,
// project, body, file and date below is made up. This file owns the database while it runs (files
// run one at a time), so it empties it first.
const neo = inject('neo4j');
let driver: Driver;
let graph: GraphExecutor;

// ---------------------------------------------------------------------------------------------
// The invented graph

const ADA = { label: 'Person', id: 'person:gh:ada-invented', name: 'Ada Invented' } as const;
const BO = { label: 'Person', id: 'person:gh:bo-invented', name: 'Bo Invented' } as const;
const CY = { label: 'Person', id: 'person:gh:cy-invented', name: `Cy "Quotes" O'Invented <&>` } as const;
const ORG = { label: 'Organization', id: 'org:invented-widgets', name: 'Invented Widgets & Co' } as const;
const WIDGETRON = { label: 'Project', id: 'project:widgetron', name: 'Widgetron' } as const;
const GIZMOTRON = { label: 'Project', id: 'project:gizmotron', name: 'Gizmotron' } as const;
const BOARD = { label: 'Body', id: 'body:imaginary-board', name: 'Imaginary Board' } as const;
const CATEGORY = { label: 'Category', id: 'category:invented-tools', name: 'Invented Tools' } as const;

type End = { label: NodeLabel; id: string; name: string };

const NODE_PROPS: Record<string, Properties> = {
  [ADA.id]: { handle: 'ada-invented' },
  [BO.id]: { handle: 'bo-invented' },
  [CY.id]: { handle: 'cy-invented' },
  [ORG.id]: { homepage: 'https://widgets.invalid/' },
  // A control character and every XML special, to go through Neo4j and out again.
  [WIDGETRON.id]: { cncf: true, description: 'Widgets & <gadgets> "quoted" \'single\' bell\u0007 end' },
  [GIZMOTRON.id]: { cncf: false },
  [BOARD.id]: { kind: 'Board' },
  [CATEGORY.id]: { kind: 'category' },
};

function node(end: End): NodeFact {
  return { label: end.label, id: end.id, name: end.name, aliases: [], props: NODE_PROPS[end.id] ?? {} };
}

function claim(type: ClaimType, from: End, to: End, line: number, props: Properties): ClaimFact {
  return { type, from, to, line, key: `${type}|${from.id}|${to.id}|L${line}`, props };
}

interface InventedSource {
  id: string;
  props: Properties;
  claims: ClaimFact[];
}

function fileProps(path: string, commit: string, snapshotDate: string): Properties {
  return {
    kind: 'file',
    repository: 'invented/fiction',
    path,
    commit: commit.padEnd(40, '0'),
    url: `https://example.invalid/invented/fiction/blob/${commit}/${path}`,
    snapshotDate,
    sha256: '0'.repeat(64),
    fingerprint: 'invented',
    license: 'CC0-1.0',
  };
}

const ROSTER = 'fiction/roster.md@1111111';
const EMERITUS = 'fiction/emeritus.md@2222222';
const MAINTAINERS_OLD = 'fiction/maintainers.csv@3333333';
const MAINTAINERS_NEW = 'fiction/maintainers.csv@4444444';
const LANDSCAPE = 'fiction/landscape.yml@5555555';

const SOURCES: InventedSource[] = [
  {
    id: ROSTER,
    props: fileProps('roster.md', '1111111', '2022-01-15'),
    claims: [
      // Dated terms: Ada 2020–2022; Bo from 2021-06-01 with no end here (EMERITUS dates it).
      claim('SERVES_ON', ADA, BOARD, 3, { since: '2020-01-01', until: '2022-01-01', seat: 'Invented seat' }),
      claim('SERVES_ON', BO, BOARD, 4, { since: '2021-06-01' }),
      // An emeritus listing: holds on no particular day, so only in an export of every claim.
      claim('LEADS', CY, BOARD, 9, { role: 'chair', emeritus: true, observedAt: '2022-01-15' }),
    ],
  },
  {
    id: EMERITUS,
    props: fileProps('emeritus.md', '2222222', '2024-01-01'),
    claims: [claim('SERVES_ON', BO, BOARD, 5, { since: '2021-06-01', until: '2023-06-01' })],
  },
  {
    id: MAINTAINERS_OLD,
    props: fileProps('maintainers.csv', '3333333', '2021-01-01'),
    claims: [claim('MAINTAINS', BO, WIDGETRON, 2, { observedAt: '2021-01-01', supersededAt: '2023-01-01' })],
  },
  {
    id: MAINTAINERS_NEW,
    props: fileProps('maintainers.csv', '4444444', '2023-01-01'),
    claims: [
      claim('MAINTAINS', ADA, WIDGETRON, 2, { observedAt: '2023-01-01', group: 'Invented steering' }),
      claim('AFFILIATED_WITH', ADA, ORG, 2, { observedAt: '2023-01-01', forProject: WIDGETRON.id }),
      claim('MAINTAINS', CY, GIZMOTRON, 3, { observedAt: '2023-01-01' }),
    ],
  },
  {
    id: LANDSCAPE,
    props: fileProps('landscape.yml', '5555555', '2024-01-01'),
    claims: [
      claim('IN_CATEGORY', WIDGETRON, CATEGORY, 10, { observedAt: '2024-01-01', primary: true }),
      claim('IN_CATEGORY', GIZMOTRON, CATEGORY, 20, { observedAt: '2024-01-01', primary: true }),
      claim('MEMBER_OF', ORG, BOARD, 30, { since: '2019-05-01', tier: 'Gold' }),
    ],
  },
];

/** `from -TYPE-> to @source`, how the expectations below name links. */
function linkName(link: {
  source: string;
  target: string;
  type: string;
  properties: Record<string, unknown>;
}) {
  return `${link.source} -${link.type}-> ${link.target} @${link.properties.provenance}`;
}
function claimName(source: string, fact: ClaimFact) {
  return `${fact.from.id} -${fact.type}-> ${fact.to.id} @${source}`;
}
const C = Object.fromEntries(
  SOURCES.flatMap((source) =>
    source.claims.map((fact) => [`${fact.key}@${source.id}`, claimName(source.id, fact)]),
  ),
);
function named(type: ClaimType, from: End, to: End, source: string): string {
  const name = Object.entries(C).find(
    ([key]) => key.startsWith(`${type}|${from.id}|${to.id}|`) && key.endsWith(`@${source}`),
  );
  if (!name) throw new Error(`no invented claim ${type} ${from.id} ${to.id} ${source}`);
  return name[1];
}
const ADA_ON_BOARD = named('SERVES_ON', ADA, BOARD, ROSTER);
const BO_ON_BOARD = named('SERVES_ON', BO, BOARD, ROSTER);
const BO_ON_BOARD_DATED = named('SERVES_ON', BO, BOARD, EMERITUS);
const CY_LEADS_BOARD = named('LEADS', CY, BOARD, ROSTER);
const BO_MAINTAINS = named('MAINTAINS', BO, WIDGETRON, MAINTAINERS_OLD);
const ADA_MAINTAINS = named('MAINTAINS', ADA, WIDGETRON, MAINTAINERS_NEW);
const ADA_AT_ORG = named('AFFILIATED_WITH', ADA, ORG, MAINTAINERS_NEW);
const CY_MAINTAINS = named('MAINTAINS', CY, GIZMOTRON, MAINTAINERS_NEW);
const WIDGETRON_IN = named('IN_CATEGORY', WIDGETRON, CATEGORY, LANDSCAPE);
const GIZMOTRON_IN = named('IN_CATEGORY', GIZMOTRON, CATEGORY, LANDSCAPE);
const ORG_MEMBER = named('MEMBER_OF', ORG, BOARD, LANDSCAPE);

const ENTITIES = [ADA, BO, CY, ORG, WIDGETRON, GIZMOTRON, BOARD, CATEGORY];

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 60_000 });
  await graph.write('MATCH (n) DETACH DELETE n');
  const scripts = new CypherScripts();
  await applySchema(graph, scripts);
  for (const source of SOURCES) {
    // Each source asserts the nodes its claims join, as the importer's facts do.
    const ends = new Map(source.claims.flatMap((fact) => [fact.from, fact.to]).map((end) => [end.id, end]));
    const nodes = ENTITIES.filter((entity) => ends.has(entity.id)).map(node);
    const facts: SourceFacts = { sourceId: source.id, nodes, claims: source.claims, rejected: [] };
    await writeSource(graph, scripts, facts, source.props);
  }
});

afterAll(async () => {
  await driver?.close();
});

async function exported(raw: RawExportFilter, limits?: { nodes: number; links: number }) {
  const subgraph = await readSubgraph(graph, parseExportFilter(raw), limits);
  return {
    subgraph,
    nodes: subgraph.nodes.map((n) => n.id),
    links: subgraph.links.map(linkName).sort(),
  };
}

const ids = (...ends: { id: string }[]) => ends.map((end) => end.id).sort();
const SOURCE_IDS = SOURCES.map((source) => source.id);

describe('exporting the whole graph', () => {
  it('has every node and relationship the database has, sources included', async () => {
    const [counts] = await graph.read<{ nodes: number; relationships: number }>(
      'MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships',
    );
    const { subgraph, nodes, links } = await exported({});
    expect(counts).toEqual({ nodes: 13, relationships: 11 });
    expect(subgraph.nodes).toHaveLength(counts?.nodes as number);
    expect(subgraph.links).toHaveLength(counts?.relationships as number);
    expect(subgraph.truncated).toBe(false);
    expect(nodes).toEqual([...ids(...ENTITIES), ...SOURCE_IDS].sort());
    expect(links).toEqual(Object.values(C).sort());
  });

  it('carries names, kinds and selected properties, never aliasText, and each claim its provenance', async () => {
    const { subgraph } = await exported({});
    const widgetron = subgraph.nodes.find((n) => n.id === WIDGETRON.id);
    expect(widgetron).toEqual({
      id: WIDGETRON.id,
      type: 'Project',
      name: 'Widgetron',
      properties: {
        aliases: [],
        // Kept sorted by the node scripts, whatever the order the sources were loaded in.
        sources: [MAINTAINERS_OLD, MAINTAINERS_NEW, LANDSCAPE].sort(),
        cncf: true,
        description: 'Widgets & <gadgets> "quoted" \'single\' bell\u0007 end',
      },
    });
    const roster = subgraph.nodes.find((n) => n.id === ROSTER);
    expect(roster).toMatchObject({ type: 'Source', name: ROSTER, properties: { path: 'roster.md' } });
    expect(roster?.properties).not.toHaveProperty('fingerprint');
    expect(JSON.stringify(subgraph)).not.toContain('aliasText');

    const seat = subgraph.links.find((link) => linkName(link) === ADA_ON_BOARD);
    expect(seat).toEqual({
      id: `${ROSTER}#SERVES_ON|${ADA.id}|${BOARD.id}|L3`,
      source: ADA.id,
      target: BOARD.id,
      type: 'SERVES_ON',
      properties: {
        provenance: ROSTER,
        line: 3,
        since: '2020-01-01',
        until: '2022-01-01',
        seat: 'Invented seat',
      },
    });
  });

  it('writes GraphML and node-link documents of the same graph', async () => {
    const { subgraph } = await exported({});
    const xml = toGraphml(subgraph);
    expect(xml.match(/<node id=/g)).toHaveLength(13);
    expect(xml.match(/<edge id=/g)).toHaveLength(11);
    // The description went through Neo4j and came out escaped, its control character dropped.
    expect(xml).toContain(
      '<data key="n_description">Widgets &amp; &lt;gadgets&gt; &quot;quoted&quot; &apos;single&apos; bell end</data>',
    );
    expect(xml).toContain(`<node id="${CY.id}">`);
    expect(xml).toContain('<data key="n_name">Cy &quot;Quotes&quot; O&apos;Invented &lt;&amp;&gt;</data>');
    const json = toNodeLink(subgraph);
    expect(json.nodes).toHaveLength(13);
    expect(json.edges).toHaveLength(11);
  });

  it('stops at the size limit and says so', async () => {
    const { subgraph, nodes } = await exported({}, { nodes: 3, links: 100 });
    expect(subgraph.truncated).toBe(true);
    expect(nodes).toEqual([...ids(...ENTITIES), ...SOURCE_IDS].sort().slice(0, 3));
    const kept = new Set(nodes);
    for (const link of subgraph.links) expect(kept.has(link.source) && kept.has(link.target)).toBe(true);
    const few = await exported({}, { nodes: 100, links: 2 });
    expect(few.subgraph.truncated).toBe(true);
    expect(few.subgraph.links).toHaveLength(2);
  });
});

describe('exporting a filtered graph', () => {
  it('keeps the selected kinds and types', async () => {
    const { nodes, links } = await exported({ kinds: 'Person,Body', types: 'SERVES_ON,LEADS' });
    expect(nodes).toEqual(ids(ADA, BO, CY, BOARD));
    expect(links).toEqual([ADA_ON_BOARD, BO_ON_BOARD, BO_ON_BOARD_DATED, CY_LEADS_BOARD].sort());
  });

  it('drops links to nodes of kinds not selected', async () => {
    const { nodes, links } = await exported({ kinds: 'Person,Project' });
    expect(nodes).toEqual(ids(ADA, BO, CY, WIDGETRON, GIZMOTRON));
    expect(links).toEqual([BO_MAINTAINS, ADA_MAINTAINS, CY_MAINTAINS].sort());
  });

  it('keeps only claims that held on asOf, by the rule of graph/time.ts', async () => {
    // 2022-06-01: Ada's term is over; Bo's open-ended claim holds until EMERITUS's 2023-06-01;
    // the 2021 maintainers snapshot holds until the next one (2023-01-01); the emeritus listing
    // holds on no day; the membership began in 2019.
    const mid = await exported({ asOf: '2022-06-01' });
    expect(mid.nodes).toHaveLength(13);
    expect(mid.links).toEqual([BO_ON_BOARD, BO_ON_BOARD_DATED, BO_MAINTAINS, ORG_MEMBER].sort());
    // 2024-06-01: Bo's term has ended (the roster's open claim with it), the old snapshot is
    // superseded; the 2023 snapshot and the 2024 landscape hold.
    const late = await exported({ asOf: '2024-06-01' });
    expect(late.links).toEqual(
      [ADA_MAINTAINS, ADA_AT_ORG, CY_MAINTAINS, WIDGETRON_IN, GIZMOTRON_IN, ORG_MEMBER].sort(),
    );
  });

  it('gives the neighbourhood of one entity, with every link among its nodes', async () => {
    const one = await exported({ around: ADA.id });
    expect(one.nodes).toEqual(ids(ADA, BOARD, WIDGETRON, ORG));
    expect(one.links).toEqual([ADA_ON_BOARD, ADA_MAINTAINS, ADA_AT_ORG, ORG_MEMBER].sort());

    const two = await exported({ around: ADA.id, depth: '2' });
    expect(two.nodes).toEqual(ids(ADA, BOARD, WIDGETRON, ORG, BO, CY, CATEGORY));
    expect(two.links).toEqual(
      Object.values(C)
        .filter((name) => name !== CY_MAINTAINS && name !== GIZMOTRON_IN)
        .sort(),
    );

    const zero = await exported({ around: ADA.id, depth: '0' });
    expect(zero.nodes).toEqual([ADA.id]);
    expect(zero.links).toEqual([]);
  });

  it('follows only links that pass the filters when walking out', async () => {
    // On 2024-06-01 Ada's seat has ended, so the board is reached only through her employer.
    const dated = await exported({ around: ADA.id, depth: '2', asOf: '2024-06-01' });
    expect(dated.nodes).toEqual(ids(ADA, WIDGETRON, ORG, CATEGORY, BOARD));
    expect(dated.links).toEqual([ADA_MAINTAINS, ADA_AT_ORG, WIDGETRON_IN, ORG_MEMBER].sort());

    const maintainers = await exported({
      around: ADA.id,
      depth: '3',
      kinds: 'Person,Project',
      types: 'MAINTAINS',
    });
    expect(maintainers.nodes).toEqual(ids(ADA, WIDGETRON, BO));
    expect(maintainers.links).toEqual([ADA_MAINTAINS, BO_MAINTAINS].sort());
  });

  it('keeps the centre whatever its kind', async () => {
    const { nodes, links } = await exported({ around: WIDGETRON.id, kinds: 'Person' });
    expect(nodes).toEqual(ids(WIDGETRON, ADA, BO));
    expect(links).toEqual([ADA_MAINTAINS, BO_MAINTAINS].sort());
  });

  it('refuses an unknown centre', async () => {
    await expect(exported({ around: 'person:gh:nobody-invented' })).rejects.toBeInstanceOf(
      UnknownEntityError,
    );
  });
});

describe('the HTTP endpoints in a Yoga app', () => {
  // app.ts cannot be changed from here; this is its Yoga app (same types, schema and logger) with
  // the line it is to add.
  const yoga = () => {
    const logger = createLogger('silent');
    return createYoga<Record<string, never>, Context>({
      schema,
      logging: false,
      plugins: [exportPlugin(exportsOf(graph), { log: logger.child({ component: 'export' }) })],
    });
  };

  it('serve the whole graph as GraphML', async () => {
    const response = await yoga().fetch('http://yoga/export/graph.graphml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cncf-graph.graphml"');
    const xml = await response.text();
    expect(xml.match(/<node id=/g)).toHaveLength(13);
    expect(xml.match(/<edge id=/g)).toHaveLength(11);
    expect(xml.trimEnd().endsWith('</graphml>')).toBe(true);
  });

  it('serve a filtered graph as node-link JSON', async () => {
    const response = await yoga().fetch(
      `http://yoga/export/graph.json?around=${encodeURIComponent(ADA.id)}&depth=2&asOf=2024-06-01`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="cncf-graph-as-of-2024-06-01-around-person-gh-ada-invented-d2.json"',
    );
    const body = (await response.json()) as ReturnType<typeof toNodeLink>;
    expect(body).toMatchObject({ directed: true, multigraph: true, graph: { asOf: '2024-06-01', depth: 2 } });
    expect(body.nodes.map((n) => n.id).sort()).toEqual(ids(ADA, WIDGETRON, ORG, CATEGORY, BOARD));
    expect(body.edges).toHaveLength(4);
  });

  it('answer 400 with a JSON error for bad parameters, and 404 for an unknown centre', async () => {
    for (const query of ['kinds=Robot', 'asOf=2021-02-30', `around=${ADA.id}&depth=4`, 'depth=1']) {
      const response = await yoga().fetch(`http://yoga/export/graph.json?${query}`);
      expect(response.status).toBe(400);
      expect(Object.keys((await response.json()) as object)).toEqual(['error']);
    }
    const unknown = await yoga().fetch('http://yoga/export/graph.graphml?around=person:gh:nobody-invented');
    expect(unknown.status).toBe(404);
  });

  it('leave GraphQL as it was', async () => {
    const response = await yoga().fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('exports made on the worker thread (what main.ts serves)', () => {
  const onWorker = () => exportsOnWorker({ connection: neo, queryTimeoutMs: 60_000 });
  const request = (raw: RawExportFilter, format: 'graphml' | 'json') => ({
    filter: parseExportFilter(raw),
    format,
    limits: { nodes: 50_000, links: 100_000 },
    keepRead: null,
  });

  it('are byte for byte the exports made on this thread, whole or filtered, plain and gzipped', async () => {
    const worker = onWorker();
    const here = exportsOf(graph);
    try {
      for (const raw of [
        {},
        { around: ADA.id, depth: '2', asOf: '2024-06-01' },
        { kinds: 'Person,Project' },
      ]) {
        for (const format of ['graphml', 'json'] as const) {
          const [there, local] = await Promise.all([
            worker.make(request(raw, format)),
            here.make(request(raw, format)),
          ]);
          expect(Buffer.from(there.text).toString('utf8')).toBe(Buffer.from(local.text).toString('utf8'));
          expect(gunzipSync(there.gzipped)).toEqual(Buffer.from(local.text));
          expect({ ...there, text: null, gzipped: null }).toEqual({ ...local, text: null, gzipped: null });
        }
      }
    } finally {
      await worker.stop();
    }
  });

  it('raise the errors the endpoints answer with a status of their own, and go on after them', async () => {
    const worker = onWorker();
    try {
      await expect(
        worker.make(request({ around: 'person:gh:nobody-invented' }, 'json')),
      ).rejects.toBeInstanceOf(UnknownEntityError);
      const after = await worker.make(request({ around: ADA.id }, 'json'));
      expect(JSON.parse(Buffer.from(after.text).toString('utf8')).nodes.length).toBeGreaterThan(1);
    } finally {
      await worker.stop();
    }
    // A Neo4j the worker cannot reach: nothing listens on port 1.
    const unreachable = exportsOnWorker({
      connection: { ...neo, uri: 'bolt://127.0.0.1:1' },
      queryTimeoutMs: 2_000,
      deadlineMarginMs: 500,
    });
    try {
      await expect(unreachable.make(request({}, 'json'))).rejects.toBeInstanceOf(GraphUnavailableError);
    } finally {
      await unreachable.stop();
    }
  });

  it('serve the endpoints in a Yoga app, the whole graph kept per format, and let go of the worker when disposed', async () => {
    // Linux: a thread of this process per entry. libuv's pool (zlib's threads) is started first,
    // so that the count compares this process with and without the worker alone.
    const threads = () => readdirSync('/proc/self/task').length;
    await promisify(gzip)('start the thread pool');
    const before = threads();
    const worker = onWorker();
    let generation = 0;
    const yoga = createYoga<Record<string, never>, Context>({
      schema,
      logging: false,
      plugins: [exportPlugin(worker, { cache: { generation: () => generation, ttlMs: 60_000 } })],
    });
    const first = await yoga.fetch('http://yoga/export/graph.graphml', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const xml = gunzipSync(Buffer.from(await first.arrayBuffer())).toString('utf8');
    expect(xml.match(/<node id=/g)).toHaveLength(13);
    const again = await yoga.fetch('http://yoga/export/graph.graphml');
    expect(await again.text()).toBe(xml);
    generation += 1;
    const json = await yoga.fetch('http://yoga/export/graph.json');
    expect(((await json.json()) as { edges: unknown[] }).edges).toHaveLength(11);
    expect(threads()).toBeGreaterThan(before);
    await yoga.dispose();
    expect(threads()).toBe(before);
  });
});
