import { describe, expect, it } from 'vitest';
import { attributeTypes, escapeXml, graphmlChunks, toGraphml } from '../../../src/export/graphml.ts';
import { parseExportFilter, type Subgraph } from '../../../src/export/subgraph.ts';

// ---------------------------------------------------------------------------------------------
// A tiny, strict XML reader: no XML parser is installed, and this one refuses what GraphML readers
// refuse (unbalanced or crossed tags, unquoted or duplicate attributes, a raw `<` or `&`, unknown
// entities, characters XML 1.0 forbids, text outside the root).

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function checkCharacters(text: string): void {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const forbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
    if (forbidden) throw new Error(`character U+${code.toString(16).padStart(4, '0')} is not allowed in XML`);
  }
  if (text.replace(ENTITY, '').includes('&')) throw new Error(`raw or unknown & in ${JSON.stringify(text)}`);
}

function decode(text: string): string {
  return text.replace(ENTITY, (entity) => {
    const body = entity.slice(1, -1);
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return DECODED[body] as string;
  });
}

function parseXml(xml: string): XmlElement {
  checkCharacters(xml.replace(/<[^>]*>/g, ''));
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!declaration) throw new Error('no XML declaration');
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let position = declaration[0].length;
  while (position < xml.length) {
    const open = xml.indexOf('<', position);
    const text = xml.slice(position, open === -1 ? xml.length : open);
    const parent = stack.at(-1);
    if (parent) parent.text += decode(text);
    else if (text.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(text)}`);
    if (open === -1) break;
    tag.lastIndex = open;
    const match = tag.exec(xml);
    if (!match) throw new Error(`malformed tag at ${open}: ${xml.slice(open, open + 80)}`);
    const [whole, closing, name = '', attributeText = '', selfClosing] = match;
    if (closing) {
      if (attributeText || selfClosing) throw new Error(`malformed closing tag ${whole}`);
      const element = stack.pop();
      if (element?.name !== name) throw new Error(`</${name}> closes <${element?.name}>`);
    } else {
      const attributes: Record<string, string> = {};
      for (const [, attribute = '', value = ''] of attributeText.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
        if (attribute in attributes) throw new Error(`duplicate attribute ${attribute}`);
        checkCharacters(value);
        attributes[attribute] = decode(value);
      }
      const element: XmlElement = { name, attributes, children: [], text: '' };
      if (parent) parent.children.push(element);
      else if (root) throw new Error('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
    position = open + whole.length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

// ---------------------------------------------------------------------------------------------

const NASTY = `Ada "The" O'Invented <&> Co`;

function sample(): Subgraph {
  return {
    filter: parseExportFilter({ asOf: '2022-06-01', around: 'person:gh:ada-invented', depth: '2' }),
    truncated: false,
    nodes: [
      {
        id: 'person:gh:ada-invented',
        type: 'Person',
        name: NASTY,
        properties: {
          handle: 'ada-invented',
          aliases: ['A. Invented', 'Ada I.'],
          sources: ['fiction/a.md@1'],
        },
      },
      {
        id: 'project:widget&<gizmo>',
        type: 'Project',
        name: 'Widget',
        properties: {
          cncf: true,
          aliases: [],
          description:
            'bell\u0007 tab\t nul\u0000 cr\r esc\u001b c1\u0085 nonchar\uffff lone\ud800 pair \u{1F600} end',
        },
      },
      { id: 'fiction/a.md@1', type: 'Source', name: 'fiction/a.md@1', properties: {} },
    ],
    links: [
      {
        id: 'fiction/a.md@1#MAINTAINS|ada|widget|L2',
        source: 'person:gh:ada-invented',
        target: 'project:widget&<gizmo>',
        type: 'MAINTAINS',
        properties: { provenance: 'fiction/a.md@1', line: 2, termYears: 2, emeritus: false },
      },
      {
        id: 'fiction/a.md@1#MAINTAINS|ada|widget|L3',
        source: 'person:gh:ada-invented',
        target: 'project:widget&<gizmo>',
        type: 'MAINTAINS',
        properties: { provenance: 'fiction/a.md@1', line: 3, termYears: 1.5, group: "Steering 'core'" },
      },
    ],
  };
}

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
  });

  it('leaves plain text alone, tab and line feed included', () => {
    const text = 'Lei Zhang (Harry), TOC 2021–2023:\tüñí 中文\nnext line';
    expect(escapeXml(text)).toBe(text);
  });

  it('drops control characters XML cannot carry, keeps surrogate pairs, references carriage returns', () => {
    expect(escapeXml('a\u0000b\u0007c\u001bd\u007fe\u0085f')).toBe('abcdef');
    expect(escapeXml('x\uffffy\ufffez')).toBe('xyz');
    expect(escapeXml('lone\ud800 and \udc00 pair \u{1F600}')).toBe('lone and  pair \u{1F600}');
    expect(escapeXml('a\r\nb')).toBe('a&#13;\nb');
  });
});

describe('attributeTypes', () => {
  it('picks the narrowest GraphML type that holds every value', () => {
    const types = attributeTypes([
      { a: 1, b: 1, c: true, d: 'x', e: ['x'], f: 1, g: 3_000_000_000 },
      { a: 2, b: 1.5, c: false, d: 2, e: [], f: true, g: 1 },
    ]);
    expect(Object.fromEntries(types)).toEqual({
      a: 'int',
      b: 'double',
      c: 'boolean',
      d: 'string',
      e: 'string',
      f: 'string',
      g: 'long',
    });
  });
});

describe('toGraphml', () => {
  const xml = toGraphml(sample());
  const root = parseXml(xml);
  const keys = children(root, 'key');
  const [graph] = children(root, 'graph');

  it('is well-formed GraphML with one directed graph', () => {
    expect(root.name).toBe('graphml');
    expect(root.attributes.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    expect(graph?.attributes.edgedefault).toBe('directed');
    expect(children(root, 'graph')).toHaveLength(1);
  });

  it('declares a typed key for every attribute used, once per domain, before the graph', () => {
    const declared = keys.map(
      (key) => `${key.attributes.for}:${key.attributes['attr.name']}:${key.attributes['attr.type']}`,
    );
    expect(declared.sort()).toEqual(
      [
        'graph:around:string',
        'graph:asOf:string',
        'graph:depth:int',
        'graph:kinds:string',
        'graph:truncated:boolean',
        'graph:types:string',
        'node:aliases:string',
        'node:cncf:boolean',
        'node:description:string',
        'node:handle:string',
        'node:label:string',
        'node:name:string',
        'node:sources:string',
        'node:type:string',
        'edge:emeritus:boolean',
        'edge:group:string',
        'edge:line:int',
        'edge:provenance:string',
        'edge:termYears:double',
        'edge:type:string',
      ].sort(),
    );
    expect(new Set(keys.map((key) => key.attributes.id)).size).toBe(keys.length);
    expect(root.children.findIndex((child) => child.name === 'graph')).toBe(keys.length);

    // Every data element names a key declared for its own domain.
    const domainOf = new Map(keys.map((key) => [key.attributes.id, key.attributes.for]));
    const check = (element: XmlElement, domain: string) => {
      for (const data of children(element, 'data')) expect(domainOf.get(data.attributes.key)).toBe(domain);
    };
    if (!graph) throw new Error('no graph');
    check(graph, 'graph');
    for (const node of children(graph, 'node')) check(node, 'node');
    for (const edge of children(graph, 'edge')) check(edge, 'edge');
  });

  function dataOf(element: XmlElement): Record<string, string> {
    const nameOf = new Map(keys.map((key) => [key.attributes.id, key.attributes['attr.name']]));
    return Object.fromEntries(
      children(element, 'data').map((data) => [nameOf.get(data.attributes.key as string), data.text]),
    );
  }

  it('writes nodes with their kind, name and properties, lists joined, empty ones left out', () => {
    const nodes = children(graph as XmlElement, 'node');
    expect(nodes.map((node) => node.attributes.id)).toEqual([
      'person:gh:ada-invented',
      'project:widget&<gizmo>',
      'fiction/a.md@1',
    ]);
    expect(dataOf(nodes[0] as XmlElement)).toEqual({
      type: 'Person',
      name: NASTY,
      label: NASTY,
      handle: 'ada-invented',
      aliases: 'A. Invented; Ada I.',
      sources: 'fiction/a.md@1',
    });
    expect(dataOf(nodes[1] as XmlElement)).toEqual({
      type: 'Project',
      name: 'Widget',
      label: 'Widget',
      cncf: 'true',
      description: 'bell tab\t nul cr\r esc c1 nonchar lone pair \u{1F600} end',
    });
  });

  it('writes edges with ids, ends and typed values', () => {
    const edges = children(graph as XmlElement, 'edge');
    expect(edges.map((edge) => edge.attributes)).toEqual([
      {
        id: 'fiction/a.md@1#MAINTAINS|ada|widget|L2',
        source: 'person:gh:ada-invented',
        target: 'project:widget&<gizmo>',
      },
      {
        id: 'fiction/a.md@1#MAINTAINS|ada|widget|L3',
        source: 'person:gh:ada-invented',
        target: 'project:widget&<gizmo>',
      },
    ]);
    expect(dataOf(edges[0] as XmlElement)).toEqual({
      type: 'MAINTAINS',
      provenance: 'fiction/a.md@1',
      line: '2',
      termYears: '2',
      emeritus: 'false',
    });
    expect(dataOf(edges[1] as XmlElement)).toMatchObject({ termYears: '1.5', group: "Steering 'core'" });
  });

  it('describes the export in graph data', () => {
    expect(dataOf(graph as XmlElement)).toEqual({
      kinds: 'Person; Organization; Project; Body; Category; MaturityLevel; Source',
      types:
        'MAINTAINS; CONTRIBUTES_TO; AFFILIATED_WITH; SERVES_ON; LEADS; LIAISON_FOR; MEMBER_OF; HAS_MATURITY; ' +
        'IN_CATEGORY; SUBCATEGORY_OF; PART_OF; ORIGINATED_AT',
      asOf: '2022-06-01',
      around: 'person:gh:ada-invented',
      depth: '2',
      truncated: 'false',
    });
  });

  it('gives the same document in chunks of the asked size', () => {
    const chunks = [...graphmlChunks(sample(), 200)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(xml);
  });

  it('is well-formed for an empty graph too', () => {
    const empty = { ...sample(), nodes: [], links: [] };
    const parsed = parseXml(toGraphml(empty));
    expect(children(children(parsed, 'graph')[0] as XmlElement, 'node')).toEqual([]);
    expect(children(parsed, 'key').every((key) => key.attributes.for === 'graph')).toBe(true);
  });

  it('the checker itself refuses broken XML', () => {
    const good = '<?xml version="1.0" encoding="UTF-8"?>\n<a b="1"><c/></a>';
    expect(() => parseXml(good)).not.toThrow();
    expect(() => parseXml(good.replace('<c/>', '<c>'))).toThrow();
    expect(() => parseXml(good.replace('<c/>', 'x & y'))).toThrow();
    expect(() => parseXml(good.replace('<c/>', 'x < y'))).toThrow();
    expect(() => parseXml(good.replace('b="1"', 'b="1" b="2"'))).toThrow();
    expect(() => parseXml(good.replace('<c/>', '\u0007'))).toThrow();
    expect(() => parseXml(good.replace('<c/>', '&nbsp;'))).toThrow();
  });
});
