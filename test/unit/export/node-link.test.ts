import { describe, expect, it } from 'vitest';
import { nodeLinkChunks, toNodeLink } from '../../../src/export/node-link.ts';
import { parseExportFilter, type Subgraph } from '../../../src/export/subgraph.ts';

function sample(truncated = false): Subgraph {
  return {
    filter: parseExportFilter({ kinds: 'person,project', types: 'maintains', asOf: '2024-01-01' }),
    truncated,
    nodes: [
      {
        id: 'person:gh:ada-invented',
        type: 'Person',
        name: 'Ada "Invented" <&>',
        properties: { handle: 'ada-invented', aliases: ['A. Invented'], sources: ['fiction/a.md@1'] },
      },
      { id: 'project:widget', type: 'Project', name: 'Widget', properties: { cncf: true, aliases: [] } },
    ],
    links: [
      {
        id: 'fiction/a.md@1#MAINTAINS|ada|widget|L2',
        source: 'person:gh:ada-invented',
        target: 'project:widget',
        type: 'MAINTAINS',
        properties: { provenance: 'fiction/a.md@1', line: 2, observedAt: '2023-01-01' },
      },
      {
        id: 'fiction/b.md@2#MAINTAINS|ada|widget|L9',
        source: 'person:gh:ada-invented',
        target: 'project:widget',
        type: 'MAINTAINS',
        properties: { provenance: 'fiction/b.md@2', line: 9, group: 'Invented steering' },
      },
    ],
  };
}

describe('toNodeLink', () => {
  it('has the shape NetworkX 3.6 node_link_graph reads by default: a directed multigraph of nodes and edges', () => {
    expect(toNodeLink(sample())).toEqual({
      directed: true,
      multigraph: true,
      graph: {
        kinds: ['Person', 'Project'],
        types: ['MAINTAINS'],
        asOf: '2024-01-01',
        truncated: false,
      },
      nodes: [
        {
          id: 'person:gh:ada-invented',
          type: 'Person',
          name: 'Ada "Invented" <&>',
          handle: 'ada-invented',
          aliases: ['A. Invented'],
          sources: ['fiction/a.md@1'],
        },
        { id: 'project:widget', type: 'Project', name: 'Widget', cncf: true, aliases: [] },
      ],
      edges: [
        {
          source: 'person:gh:ada-invented',
          target: 'project:widget',
          key: 'fiction/a.md@1#MAINTAINS|ada|widget|L2',
          type: 'MAINTAINS',
          provenance: 'fiction/a.md@1',
          line: 2,
          observedAt: '2023-01-01',
        },
        {
          source: 'person:gh:ada-invented',
          target: 'project:widget',
          key: 'fiction/b.md@2#MAINTAINS|ada|widget|L9',
          type: 'MAINTAINS',
          provenance: 'fiction/b.md@2',
          line: 9,
          group: 'Invented steering',
        },
      ],
    });
  });

  it('keeps parallel links apart by key, and every link end is a node', () => {
    const graph = toNodeLink(sample());
    expect(new Set(graph.edges.map((link) => link.key)).size).toBe(graph.edges.length);
    const ids = new Set(graph.nodes.map((node) => node.id));
    for (const link of graph.edges) {
      expect(ids.has(link.source) && ids.has(link.target)).toBe(true);
    }
  });

  it('says when the export was cut short, and gives around and depth only when asked', () => {
    expect(toNodeLink(sample(true)).graph.truncated).toBe(true);
    expect(toNodeLink(sample()).graph).not.toHaveProperty('around');
    const around = { ...sample(), filter: parseExportFilter({ around: 'project:widget', depth: '3' }) };
    expect(toNodeLink(around).graph).toMatchObject({ around: 'project:widget', depth: 3 });
  });
});

describe('nodeLinkChunks', () => {
  it('streams the same JSON document as toNodeLink, one item per line', () => {
    const text = [...nodeLinkChunks(sample(), 100)].join('');
    expect(JSON.parse(text)).toEqual(toNodeLink(sample()));
    expect(text.split('\n').filter((line) => line.startsWith('{"source"'))).toHaveLength(2);
  });

  it('is valid JSON for an empty graph', () => {
    const empty = { ...sample(), nodes: [], links: [] };
    expect(JSON.parse([...nodeLinkChunks(empty)].join(''))).toEqual(toNodeLink(empty));
  });
});
