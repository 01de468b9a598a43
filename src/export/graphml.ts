import { inChunks } from './chunks.ts';
import type { ExportProperties, ExportValue, Subgraph } from './subgraph.ts';

/**
 * GraphML (http://graphml.graphdrawing.org/) for Gephi, yEd and NetworkX's `read_graphml`.
 *
 * Every attribute used is declared once as a `<key>` for its domain (graph, node or edge) with the
 * narrowest GraphML type that fits every value it takes; values a key does not have are left out
 * rather than written empty. Lists are joined with "; ", since GraphML attributes are scalars.
 * Nodes carry `type` (their kind), `name` and `label` (the name again: Gephi and yEd show an
 * attribute called `label` as the node's caption).
 */

export type GraphmlType = 'string' | 'int' | 'long' | 'double' | 'boolean';

export const GRAPHML_CONTENT_TYPE = 'application/graphml+xml';

const INT_MAX = 2_147_483_647;

/** The GraphML type of one value. */
function typeOf(value: ExportValue): GraphmlType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'double';
    return Math.abs(value) <= INT_MAX ? 'int' : 'long';
  }
  return 'string';
}

/** A type that can hold values of both types: numbers widen, anything else mixed becomes string. */
function widen(a: GraphmlType, b: GraphmlType): GraphmlType {
  if (a === b) return a;
  const numeric: GraphmlType[] = ['int', 'long', 'double'];
  if (numeric.includes(a) && numeric.includes(b)) return a === 'double' || b === 'double' ? 'double' : 'long';
  return 'string';
}

/** Every attribute name used by `records`, with the type that fits all its values, in name order. */
export function attributeTypes(records: Iterable<ExportProperties>): Map<string, GraphmlType> {
  const types = new Map<string, GraphmlType>();
  // `for…in` and no copies: this runs over every node and link of an export in one go, before the
  // first element is written (30-40 ms of the event loop for the whole graph with Object.entries
  // and a merged object per node).
  for (const record of records) {
    for (const name in record) {
      const value = record[name] as ExportValue;
      if (Array.isArray(value) && value.length === 0) continue;
      const type = typeOf(value);
      const known = types.get(name);
      if (known !== type) types.set(name, known === undefined ? type : widen(known, type));
    }
  }
  return new Map([...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed and carriage
 * return, U+FFFE, U+FFFF, unpaired surrogates), and C1 controls, which it allows but which mean
 * nothing in this data. They are dropped: no escape would make them legal.
 */
function isDropped(code: number, text: string, index: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  if (code >= 0x7f && code <= 0x9f) return true;
  if (code === 0xfffe || code === 0xffff) return true;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = text.charCodeAt(index - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/** The escape for `code`, '' to drop it, undefined to keep it as it is. */
function replacementFor(code: number, text: string, index: number): string | undefined {
  switch (code) {
    case 0x26:
      return '&amp;';
    case 0x3c:
      return '&lt;';
    case 0x3e:
      return '&gt;';
    case 0x22:
      return '&quot;';
    case 0x27:
      return '&apos;';
    case 0x0d:
      // A parser turns a raw carriage return into a line feed; the reference keeps it as it was.
      return '&#13;';
    default:
      return isDropped(code, text, index) ? '' : undefined;
  }
}

/** Text safe inside an element or a quoted attribute. */
export function escapeXml(text: string): string {
  let out = '';
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // Letters, digits and most punctuation: the common case, decided without a call.
    if ((code >= 0x40 && code < 0x7f) || (code >= 0x28 && code <= 0x3b) || code === 0x20) continue;
    const replacement = replacementFor(code, text, index);
    if (replacement === undefined) continue;
    out += text.slice(start, index) + replacement;
    start = index + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

function formatValue(value: ExportValue): string {
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

function keyId(domain: 'graph' | 'node' | 'edge', name: string): string {
  return `${domain[0]}_${name}`;
}

function keyElements(domain: 'graph' | 'node' | 'edge', types: Map<string, GraphmlType>): string[] {
  return [...types].map(
    ([name, type]) =>
      `  <key id="${escapeXml(keyId(domain, name))}" for="${domain}"` +
      ` attr.name="${escapeXml(name)}" attr.type="${type}"/>\n`,
  );
}

function dataElements(domain: 'graph' | 'node' | 'edge', record: ExportProperties, indent: string): string {
  let out = '';
  for (const [name, value] of Object.entries(record)) {
    if (Array.isArray(value) && value.length === 0) continue;
    out += `${indent}<data key="${escapeXml(keyId(domain, name))}">${escapeXml(formatValue(value))}</data>\n`;
  }
  return out;
}

/** What the document says about the export itself: its filters, and whether it was cut short. */
export function graphAttributes(subgraph: Subgraph): ExportProperties {
  const { filter } = subgraph;
  const attributes: ExportProperties = { kinds: [...filter.kinds], types: [...filter.types] };
  if (filter.asOf !== null) attributes.asOf = filter.asOf;
  if (filter.around !== null) {
    attributes.around = filter.around;
    attributes.depth = filter.depth;
  }
  attributes.truncated = subgraph.truncated;
  return attributes;
}

/**
 * What `attributeTypes` needs of `items` written with `attributes`: the attributes every item has
 * (the first item's, with its own values) and then each item's properties, without building each
 * item's attributes (the attributes an item is written with are its properties after those few).
 */
function* attributeRecords<Item extends { properties: ExportProperties }>(
  items: readonly Item[],
  attributes: (item: Item) => ExportProperties,
): Generator<ExportProperties> {
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index] as Item;
    yield index === 0 ? attributes(item) : item.properties;
  }
}

function nodeAttributes(node: Subgraph['nodes'][number]): ExportProperties {
  return { type: node.type, name: node.name, label: node.name, ...node.properties };
}

function edgeAttributes(link: Subgraph['links'][number]): ExportProperties {
  return { type: link.type, ...link.properties };
}

/** The document as parts, one element at a time; `graphmlChunks` batches them. */
function* graphmlParts(subgraph: Subgraph): Generator<string> {
  const graphData = graphAttributes(subgraph);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns' +
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  yield* keyElements('graph', attributeTypes([graphData]));
  yield* keyElements('node', attributeTypes(attributeRecords(subgraph.nodes, nodeAttributes)));
  yield* keyElements('edge', attributeTypes(attributeRecords(subgraph.links, edgeAttributes)));
  yield '  <graph id="G" edgedefault="directed">\n';
  yield dataElements('graph', graphData, '    ');
  for (const node of subgraph.nodes) {
    const data = dataElements('node', nodeAttributes(node), '      ');
    yield `    <node id="${escapeXml(node.id)}">\n${data}    </node>\n`;
  }
  for (const link of subgraph.links) {
    const ends = `source="${escapeXml(link.source)}" target="${escapeXml(link.target)}"`;
    const data = dataElements('edge', edgeAttributes(link), '      ');
    yield `    <edge id="${escapeXml(link.id)}" ${ends}>\n${data}    </edge>\n`;
  }
  yield '  </graph>\n</graphml>\n';
}

/** The GraphML document in chunks of about `chunkSize` characters, for streaming to a client or file. */
export function graphmlChunks(subgraph: Subgraph, chunkSize?: number): Generator<string> {
  return inChunks(graphmlParts(subgraph), chunkSize);
}

/** The whole GraphML document as one string (for small exports and tests). */
export function toGraphml(subgraph: Subgraph): string {
  return [...graphmlParts(subgraph)].join('');
}
