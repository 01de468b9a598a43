import { inChunks } from './chunks.ts';
import { graphAttributes } from './graphml.ts';
import type { ExportProperties, Subgraph } from './subgraph.ts';

/**
 * NetworkX's node-link JSON, as networkx 3.6 reads it with its defaults (`nx.node_link_graph(data)`
 * gives a MultiDiGraph; 3.4 and 3.5 need `edges="edges"`, older ones `link="edges"`): the claims are
 * under `edges`, `source`/`target` are node ids, `key` tells parallel edges apart (one per claim, so
 * two sources stating the same fact give two) and is the claim's id. Lists stay lists here, unlike
 * in GraphML.
 */

export const NODE_LINK_CONTENT_TYPE = 'application/json';

export interface NodeLinkNode extends ExportProperties {
  id: string;
  type: string;
  name: string;
}

export interface NodeLinkLink extends ExportProperties {
  source: string;
  target: string;
  key: string;
  type: string;
}

export interface NodeLinkGraph {
  directed: true;
  multigraph: true;
  graph: ExportProperties;
  nodes: NodeLinkNode[];
  edges: NodeLinkLink[];
}

function toNode(node: Subgraph['nodes'][number]): NodeLinkNode {
  // Identity first, for whoever reads the file; no exported property has these names (subgraph.ts).
  return { id: node.id, type: node.type, name: node.name, ...node.properties };
}

function toLink(link: Subgraph['links'][number]): NodeLinkLink {
  return { source: link.source, target: link.target, key: link.id, type: link.type, ...link.properties };
}

/** The node-link object; `JSON.stringify` of it is the document. */
export function toNodeLink(subgraph: Subgraph): NodeLinkGraph {
  return {
    directed: true,
    multigraph: true,
    graph: graphAttributes(subgraph),
    nodes: subgraph.nodes.map(toNode),
    edges: subgraph.links.map(toLink),
  };
}

function* nodeLinkParts(subgraph: Subgraph): Generator<string> {
  yield `{"directed":true,"multigraph":true,"graph":${JSON.stringify(graphAttributes(subgraph))},"nodes":[`;
  let first = true;
  for (const node of subgraph.nodes) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(toNode(node))}`;
    first = false;
  }
  yield '\n],"edges":[';
  first = true;
  for (const link of subgraph.links) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(toLink(link))}`;
    first = false;
  }
  yield '\n]}\n';
}

/**
 * The same document as `JSON.stringify(toNodeLink(subgraph))` means, one node or link per line,
 * in chunks of about `chunkSize` characters.
 */
export function nodeLinkChunks(subgraph: Subgraph, chunkSize?: number): Generator<string> {
  return inChunks(nodeLinkParts(subgraph), chunkSize);
}
