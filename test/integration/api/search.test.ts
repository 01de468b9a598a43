import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFixtureGraph, ORGS, PEOPLE, PROJECTS } from '../../fixtures/graph.ts';
import { TestApi } from '../../support/graphql-client.ts';

// search(text:): ranked hits of every kind over names and aliases, the text taken as plain words.
// Over the invented fixture graph.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

interface Hit {
  kind: string;
  score: number;
  entity: { __typename: string; key: string; name: string };
}

const HIT = `kind score entity {
  __typename
  ... on Person { key name } ... on Organization { key name } ... on Project { key name }
  ... on Body { key name } ... on Category { key name }
}`;

async function search(text: string, first?: number): Promise<Hit[]> {
  const data = await api.query<{ search: Hit[] }>(
    `query($text: String!, $first: Int) { search(text: $text, first: $first) { ${HIT} } }`,
    { text, first: first ?? null },
  );
  return data.search;
}

describe('search(text:)', () => {
  it('ranks an exact name first, then names it begins, and says each hit’s kind', async () => {
    const hits = await search('widget');
    expect(hits.map((hit) => [hit.kind, hit.entity.__typename, hit.entity.name])).toEqual([
      ['PROJECT', 'Project', 'Widget'],
      ['BODY', 'Body', 'TAG Widgetry'],
      ['CATEGORY', 'Category', 'Widgets'],
    ]);
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(scores[1] ?? Number.POSITIVE_INFINITY);
  });

  it('finds people and organizations by name, and entities by another spelling', async () => {
    expect((await search('Ada Example')).map((hit) => [hit.kind, hit.entity.key])).toEqual([
      ['PERSON', PEOPLE.ada.id],
    ]);
    expect((await search('globex corporation')).map((hit) => [hit.kind, hit.entity.key])).toEqual([
      ['ORGANIZATION', ORGS.globex.id],
    ]);
    expect((await search('WidgetJS')).map((hit) => hit.entity.key)).toEqual([PROJECTS.widget.id]);
  });

  it('finds both people of the same name, as two hits', async () => {
    const hits = await search('Sam Example');
    expect(hits.map((hit) => [hit.kind, hit.entity.key, hit.entity.name])).toEqual([
      ['PERSON', PEOPLE.sam.id, 'Sam Example'],
      ['PERSON', PEOPLE.samex.id, 'Sam Example'],
    ]);
  });

  it('requires every word, the last one also as a prefix', async () => {
    expect((await search('ada exa')).map((hit) => hit.entity.key)).toEqual([PEOPLE.ada.id]);
    expect(await search('ada globex')).toEqual([]);
  });

  it('gives at most `first` hits', async () => {
    const hits = await search('sample', 5);
    expect(hits).toHaveLength(5);
    expect(hits.every((hit) => hit.kind === 'PERSON')).toBe(true);
  });

  it.each([
    '*',
    '?',
    '~',
    'ada~2',
    '"',
    '"unclosed',
    '\\',
    '\\"',
    'AND',
    'widget AND',
    'OR gadget',
    'NOT',
    '(widget',
    'widget]',
    '[a TO z]',
    '{',
    '&& ||',
    '!^:+-',
    '/regex/',
    "O'Brien",
    '',
    '   ',
    '💥',
  ])('takes %j as plain words: hits or none, never an error', async (text) => {
    const result = await api.request<{ search: Hit[] }>(
      `query($text: String!) { search(text: $text) { ${HIT} } }`,
      { text },
    );
    expect(result.errors).toBeUndefined();
    expect(Array.isArray(result.data?.search)).toBe(true);
  });

  it('reads query syntax as the words around it', async () => {
    for (const text of ['(widget', 'widget]', 'wid*', '"widget"', 'widget~']) {
      const hits = await search(text);
      expect([text, hits.map((hit) => hit.entity.key)]).toEqual([
        text,
        expect.arrayContaining([PROJECTS.widget.id]),
      ]);
    }
    expect((await search('@ada-example')).map((hit) => hit.entity.key)).toEqual([PEOPLE.ada.id]);
  });

  it('refuses text longer than 200 characters as BAD_USER_INPUT', async () => {
    const result = await api.request('query($text: String!) { search(text: $text) { score } }', {
      text: 'w'.repeat(201),
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
