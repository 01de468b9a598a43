import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applySchema, storeMissingSpans, writeSource } from '../../src/import/load.ts';
import type { ClaimFact, NodeFact, Properties, SourceFacts } from '../../src/import/model.ts';
import { CypherScripts } from '../../src/neo4j/cypher-scripts.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';

// When a claim holds is stored on it at write time (cypher/390-claim-spans.cypher) and depends on
// the other claims of its pair, whichever source states them. These tests write sources one by one
// and check that every write leaves every affected claim's span as the rule gives it, also for the
// claims of sources that were not written again. Invented facts, on the article's pattern: an
// open-ended "elected 2021-02-02" seat, ended by another file's emeritus listing of 2023-02-01.
const neo = inject('neo4j');
let driver: Driver;
let graph: GraphExecutor;
const scripts = new CypherScripts();

const PERSON = 'person:gh:span-person';
const BODY = 'body:span-board';
const NODES: NodeFact[] = [
  { label: 'Person', id: PERSON, name: 'Span Person', aliases: [], props: { handle: 'span-person' } },
  { label: 'Body', id: BODY, name: 'Span Board', aliases: [], props: { kind: 'TOC' } },
];

function seat(line: number, props: Properties): ClaimFact {
  return {
    type: 'SERVES_ON',
    from: { label: 'Person', id: PERSON },
    to: { label: 'Body', id: BODY },
    line,
    key: `SERVES_ON|${PERSON}|${BODY}|L${line}`,
    props,
  };
}

const ARTICLE = 'fixture/span-article';
const EMERITUS = 'fixture/span-emeritus.md';
const elected = seat(1, { seat: 'member', since: '2021-02-02' });
const emeritus = seat(7, { emeritus: true, observedAt: '2023-02-01' });

async function write(sourceId: string, claims: ClaimFact[], replace = false): Promise<void> {
  const facts: SourceFacts = { sourceId, nodes: NODES, claims, rejected: [] };
  await writeSource(graph, scripts, facts, { kind: 'file', path: sourceId, sha256: 'fixture' }, { replace });
}

/** Every stored claim of the pair: source, heldFrom, heldUntil. */
async function spans(): Promise<{ source: string; heldFrom: string | null; heldUntil: string | null }[]> {
  return graph.read(
    `MATCH (:Person {id: $person})-[c:SERVES_ON]->(:Body {id: $body})
     RETURN c.source AS source, c.heldFrom AS heldFrom, c.heldUntil AS heldUntil ORDER BY source`,
    { person: PERSON, body: BODY },
  );
}

beforeAll(async () => {
  driver = createDriver({ ...neo, pid: null, stop: async () => {} });
  graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 60_000 });
  await graph.write('MATCH (n) DETACH DELETE n');
  await applySchema(graph, scripts);
});

afterAll(async () => {
  await driver?.close();
});

describe('claim spans stored at write time', () => {
  it('stores an open-ended seat as held from its start, with no end', async () => {
    await write(ARTICLE, [elected]);
    expect(await spans()).toEqual([{ source: ARTICLE, heldFrom: '2021-02-02', heldUntil: null }]);
  });

  it("ends the other source's open-ended seat when a second source lists the person as emeritus", async () => {
    await write(EMERITUS, [emeritus]);
    expect(await spans()).toEqual([
      // The article was not written again; its claim's span changed all the same.
      { source: ARTICLE, heldFrom: '2021-02-02', heldUntil: '2023-02-01' },
      // An emeritus listing holds on no day: no day is at or after its start.
      { source: EMERITUS, heldFrom: '9999-12-31', heldUntil: null },
    ]);
  });

  it('reopens the seat when the emeritus listing is retracted, by a diff or by a forced reload', async () => {
    await write(EMERITUS, []);
    expect(await spans()).toEqual([{ source: ARTICLE, heldFrom: '2021-02-02', heldUntil: null }]);
    await write(EMERITUS, [emeritus]);
    expect((await spans())[0]?.heldUntil).toBe('2023-02-01');
    // A forced reload retracts everything the source said before writing it again; here it says
    // nothing any more, so the pairs it had claims in are recomputed from what is left.
    await write(EMERITUS, [], true);
    expect(await spans()).toEqual([{ source: ARTICLE, heldFrom: '2021-02-02', heldUntil: null }]);
  });

  it('judges a dated end by the stated until, or the day the file stopped listing it if earlier', async () => {
    await write(EMERITUS, [
      seat(9, { seat: 'member', since: '2019-03-01', until: '2022-03-01', listedUntil: '2021-06-30' }),
    ]);
    expect(await spans()).toEqual([
      // Its own term ends by listedUntil; the article's 2021 seat began after that term began, so
      // the 2022 end (which is later than the article's start) closes it.
      { source: ARTICLE, heldFrom: '2021-02-02', heldUntil: '2022-03-01' },
      { source: EMERITUS, heldFrom: '2019-03-01', heldUntil: '2021-06-30' },
    ]);
  });

  it('stores the spans an older importer left out, for every claim of those pairs', async () => {
    await graph.write('MATCH ()-[c:SERVES_ON]->() REMOVE c.heldFrom, c.heldUntil');
    expect((await spans()).every((row) => row.heldFrom === null)).toBe(true);
    expect(await storeMissingSpans(graph, scripts)).toBe(1);
    expect(await spans()).toEqual([
      { source: ARTICLE, heldFrom: '2021-02-02', heldUntil: '2022-03-01' },
      { source: EMERITUS, heldFrom: '2019-03-01', heldUntil: '2021-06-30' },
    ]);
    expect(await storeMissingSpans(graph, scripts)).toBe(0);
  });
});
