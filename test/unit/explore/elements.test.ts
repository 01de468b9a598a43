import { describe, expect, it } from 'vitest';
import type { PathHop } from '../../../explore/src/api.ts';
import {
  describeTime,
  type GraphElement,
  hopEdgeId,
  newElements,
  parseElements,
  pathElements,
  unionElements,
} from '../../../explore/src/elements.ts';

const node = (id: string, depth = 1): GraphElement => ({
  group: 'nodes',
  data: { id, label: id, kind: 'Person', depth },
});
const edge = (source: string, type: string, target: string): GraphElement => ({
  group: 'edges',
  data: { id: `${source}|${type}|${target}`, source, target, type, claims: 1 },
});

const resouer = { __typename: 'Person', key: 'person:gh:resouer', name: 'Lei Zhang (Harry)' };
const toc = { __typename: 'Body', key: 'body:toc', name: 'TOC' };
const kubernetes = { __typename: 'Project', key: 'project:kubernetes', name: 'Kubernetes' };

describe('neighbourhood elements', () => {
  it('parses the API’s elements string and drops anything that is not an element', () => {
    const json = JSON.stringify([node('a', 0), edge('a', 'MAINTAINS', 'b'), { group: 'other' }, 42, null]);
    expect(parseElements(json).map((element) => element.data.id)).toEqual(['a', 'a|MAINTAINS|b']);
    expect(() => parseElements('{}')).toThrow('not an array');
  });

  it('unites neighbourhoods: each element once, the first seen kept, nodes first, no dangling edge', () => {
    const first = [node('a', 0), node('b'), edge('a', 'MAINTAINS', 'b')];
    const second = [node('b', 0), node('c'), edge('b', 'SERVES_ON', 'c'), edge('c', 'LEADS', 'missing')];
    const union = unionElements([first, second]);
    expect(union.map((element) => element.data.id)).toEqual([
      'a',
      'b',
      'c',
      'a|MAINTAINS|b',
      'b|SERVES_ON|c',
    ]);
    // b keeps the depth it had in the first neighbourhood.
    expect(union[1]?.data.depth).toBe(1);
  });

  it('tells what an expansion adds', () => {
    const added = newElements(new Set(['a', 'b']), [node('b'), node('c'), edge('b', 'LEADS', 'c')]);
    expect(added.map((element) => element.data.id)).toEqual(['c', 'b|LEADS|c']);
  });
});

describe('paths on the canvas', () => {
  const forward: PathHop = {
    type: 'SERVES_ON',
    direction: 'FORWARD',
    explanation: 'Lei Zhang (Harry) served on the TOC',
    from: resouer,
    to: toc,
    claims: [{ url: null, line: 27, source: { key: 'toc/EMERITUS.md@4acc1dc' } }],
  };
  const backward: PathHop = {
    type: 'CONTRIBUTES_TO',
    direction: 'BACKWARD',
    explanation: 'Someone contributed to Kubernetes',
    from: kubernetes,
    to: resouer,
    claims: [],
  };

  it('names a hop’s edge as the neighbourhood does: start|TYPE|end, whichever way the path walks it', () => {
    expect(hopEdgeId(forward)).toBe('person:gh:resouer|SERVES_ON|body:toc');
    expect(hopEdgeId(backward)).toBe('person:gh:resouer|CONTRIBUTES_TO|project:kubernetes');
  });

  it('turns a route into its nodes (once each) and edges, and the ids to highlight', () => {
    const { elements, ids } = pathElements([backward, forward]);
    expect(ids).toEqual([
      'project:kubernetes',
      'person:gh:resouer',
      'person:gh:resouer|CONTRIBUTES_TO|project:kubernetes',
      'body:toc',
      'person:gh:resouer|SERVES_ON|body:toc',
    ]);
    expect(elements.find((element) => element.data.id === 'body:toc')?.data.kind).toBe('Body');
    const edgeElement = elements.find(
      (element) => element.data.id === 'person:gh:resouer|SERVES_ON|body:toc',
    );
    expect(edgeElement?.data).toMatchObject({ source: 'person:gh:resouer', target: 'body:toc', claims: 1 });
    expect(pathElements([])).toEqual({ elements: [], ids: [] });
  });
});

describe('claim times in words', () => {
  it('gives terms, open starts, ends and snapshot dates', () => {
    expect(describeTime({ since: '2021-02-01', until: '2023-02-01' })).toBe('2021-02-01 – 2023-02-01');
    expect(describeTime({ since: '2019-01-01', until: null })).toBe('since 2019-01-01');
    expect(describeTime({ since: null, until: '2022-02-04' })).toBe('until 2022-02-04');
    expect(describeTime({ since: null, until: null, observedAt: '2021-07-23' })).toBe(
      'as listed on 2021-07-23',
    );
    expect(describeTime({ since: null, until: null })).toBe('undated');
  });
});
