import neo4j from 'neo4j-driver';
import {
  EXPORT_KINDS,
  type ExportKind,
  type LinkRow,
  type NodeRow,
  readExportRows,
  UnknownEntityError,
} from '../graph/export.ts';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { CLAIM_TYPES, type ClaimType } from '../vocabulary/kinds.ts';

/**
 * The graph, or a filtered part of it, read into memory for the GraphML and node-link writers.
 *
 * Nodes are filtered by kind (and by `around`); links by type and by time (`asOf`, the rule in
 * graph/time.ts), and a link is exported only when both of its ends are. Filtering links does not
 * drop nodes: `asOf=2021-06-01&types=SERVES_ON` keeps every node of the selected kinds and only the
 * links that held that day. `around` + `depth` is the neighbourhood of one entity in that filtered
 * graph (links followed in either direction), with every filtered link among its nodes (as
 * NetworkX's `ego_graph` gives).
 */

export { EXPORT_KINDS, type ExportKind };

export const MAX_DEPTH = 3;

/**
 * What one export may hold. The whole real graph is far below it (about 6 000 nodes and 10 000
 * links in 2026); the cap keeps a request's memory bounded (rows are held by the driver, then as
 * objects, then as text) if the graph grows by an order of magnitude or more.
 */
export const EXPORT_LIMITS = { nodes: 50_000, links: 100_000 } as const;
export interface ExportLimits {
  nodes: number;
  links: number;
}

export interface ExportFilter {
  kinds: readonly ExportKind[];
  types: readonly ClaimType[];
  /** YYYY-MM-DD: only claims that held that day; null: every claim, past and present. */
  asOf: string | null;
  /** An entity id: only its neighbourhood; null: the whole (filtered) graph. */
  around: string | null;
  /** Hops from `around`, 0 to MAX_DEPTH; meaningful only with `around`. */
  depth: number;
}

/** Property values as exported: lists stay lists here; the GraphML writer joins them. */
export type ExportValue = string | number | boolean | string[];
export type ExportProperties = Record<string, ExportValue>;

export interface ExportNode {
  id: string;
  type: ExportKind;
  name: string;
  properties: ExportProperties;
}

export interface ExportLink {
  /** `<source file id>#<claim key>`: unique in the graph, readable, stable across reloads. */
  id: string;
  source: string;
  target: string;
  type: ClaimType;
  properties: ExportProperties;
}

export interface Subgraph {
  filter: ExportFilter;
  nodes: ExportNode[];
  links: ExportLink[];
  /** True when the export hit EXPORT_LIMITS and holds only part of what the filter selects. */
  truncated: boolean;
}

/** A filter that cannot be applied; its message is meant for the client. */
export class ExportFilterError extends Error {
  override readonly name = 'ExportFilterError';
}

export { UnknownEntityError };

// ---------------------------------------------------------------------------------------------
// Parsing filters (query parameters and command-line options share this)

/** Raw filter values as they arrive: each absent, or the text given (lists comma-separated). */
export interface RawExportFilter {
  kinds?: string | undefined;
  types?: string | undefined;
  asOf?: string | undefined;
  around?: string | undefined;
  depth?: string | undefined;
}

const KIND_BY_LOWER = new Map<string, ExportKind>(EXPORT_KINDS.map((kind) => [kind.toLowerCase(), kind]));
const TYPE_BY_UPPER = new Map<string, ClaimType>(CLAIM_TYPES.map((type) => [type, type]));
// Entity ids are short readable keys (person:gh:resouer); anything far longer is not one.
const MAX_ID_LENGTH = 300;

function parseList<T>(
  name: string,
  text: string,
  lookup: (item: string) => T | undefined,
  known: readonly string[],
) {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0)
    throw new ExportFilterError(`${name} is empty; give one or more of ${known.join(', ')}`);
  const values: T[] = [];
  for (const item of items) {
    const value = lookup(item);
    if (value === undefined) {
      throw new ExportFilterError(
        `${name}: unknown value ${JSON.stringify(item.slice(0, 40))};` +
          ` expected one or more of ${known.join(', ')}`,
      );
    }
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

/** YYYY-MM-DD that is a real calendar day: 2021-02-30 is refused, not rolled over to March. */
export function parseDay(name: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    throw new ExportFilterError(
      `${name} must be a date YYYY-MM-DD; got ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  const parsed = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
    throw new ExportFilterError(`${name}: ${text} is not a calendar date`);
  }
  return text;
}

/** Checks and normalises a filter; throws ExportFilterError with a message for the client. */
export function parseExportFilter(raw: RawExportFilter): ExportFilter {
  const kinds =
    raw.kinds === undefined
      ? [...EXPORT_KINDS]
      : parseList('kinds', raw.kinds, (item) => KIND_BY_LOWER.get(item.toLowerCase()), EXPORT_KINDS);
  const types =
    raw.types === undefined
      ? [...CLAIM_TYPES]
      : parseList('types', raw.types, (item) => TYPE_BY_UPPER.get(item.toUpperCase()), CLAIM_TYPES);
  const asOf = raw.asOf === undefined ? null : parseDay('asOf', raw.asOf.trim());

  let around: string | null = null;
  if (raw.around !== undefined) {
    around = raw.around.trim();
    if (around === '')
      throw new ExportFilterError('around is empty; give an entity id such as person:gh:resouer');
    if (around.length > MAX_ID_LENGTH) throw new ExportFilterError('around is too long to be an entity id');
  }
  let depth = 1;
  if (raw.depth !== undefined) {
    if (around === null) throw new ExportFilterError('depth needs around (the entity to start from)');
    const text = raw.depth.trim();
    if (!/^\d{1,2}$/.test(text) || Number(text) > MAX_DEPTH) {
      throw new ExportFilterError(
        `depth must be a whole number from 0 to ${MAX_DEPTH}; got ${JSON.stringify(text.slice(0, 10))}`,
      );
    }
    depth = Number(text);
  }
  return { kinds, types, asOf, around, depth };
}

// ---------------------------------------------------------------------------------------------
// Reading

// Properties exported, by name: everything the importer writes that describes the thing, and
// nothing else. Left out: `aliasText` (a search-index helper), Source `fingerprint` (the importer's
// change detector) and a claim's `key` and `source` (they make up the link id; the source is also
// exported as `provenance`, since `source` means the link's start in both output formats).
const NODE_PROPERTIES = [
  // entities
  'handle',
  'aliases',
  'sources',
  'cncf',
  'maturity',
  'description',
  'homepage',
  'repoUrl',
  'crunchbase',
  'kind',
  'fullName',
  'link',
  'archived',
  'status',
  'category',
  // centrality of people, projects and organizations (analytics/rankings.ts), so that an analyst
  // has every score in one download rather than paging through `rankings`
  'scoreDegree',
  'scorePagerank',
  'scoreBetweenness',
  // sources
  'repository',
  'path',
  'commit',
  'url',
  'sha256',
  'snapshotDate',
  'approximateAsOf',
  'license',
  'title',
  'publisher',
  'notBefore',
] as const;

const CLAIM_PROPERTIES = [
  'line',
  'since',
  'until',
  'untilKind',
  'observedAt',
  'observedAtApproximate',
  'supersededAt',
  'datePrecision',
  'sinceMeaning',
  'role',
  'seat',
  'chair',
  'appointedBy',
  'termYears',
  'partialTerm',
  'emeritus',
  'group',
  'tier',
  'membership',
  'endUser',
  'title',
  'forProject',
  'companyAsWritten',
  'level',
  'primary',
  'archived',
  'tense',
  'maturityAsListed',
  'ownersUrl',
  'nameAsWritten',
  'personResolvedBy',
  'personResolvedVia',
  'personCandidates',
] as const;

/** Reads the part of the graph `filter` selects, at most `limits` of it. */
export async function readSubgraph(
  graph: GraphExecutor,
  filter: ExportFilter,
  limits: ExportLimits = EXPORT_LIMITS,
): Promise<Subgraph> {
  const rows = await readExportRows(graph, filter, limits);
  const nodes = await mapInSlices(rows.nodes, toNode);
  const exported = new Set(nodes.map((node) => node.id));
  // Only where the node cap cut the node list do links lose an end; an edge must not name a node
  // the document does not have.
  const links = await mapInSlices(
    rows.links.filter((row) => exported.has(row.source) && exported.has(row.target)),
    toLink,
  );
  return { filter, nodes, links, truncated: rows.truncated };
}

// NODE_PROPERTIES and CLAIM_PROPERTIES are the one authority on what is exported.
function pick(properties: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (name in properties) picked[name] = properties[name];
  return picked;
}

/**
 * `rows.map(convert)`, with a turn of the event loop whenever a slice has run for SLICE_MS: the
 * whole graph is some 17,000 rows, and converting them in one piece held the event loop for
 * hundreds of milliseconds (found by `npm run probe:hostile`). Bounded by time rather than by a
 * row count, because what a row costs depends on the machine and on what else it is doing.
 */
async function mapInSlices<Row, Out>(rows: readonly Row[], convert: (row: Row) => Out): Promise<Out[]> {
  const out: Out[] = new Array(rows.length);
  let sliceStart = performance.now();
  for (let index = 0; index < rows.length; index += 1) {
    out[index] = convert(rows[index] as Row);
    // Checking the clock costs far less than a row; every 64th keeps it out of the profile.
    if ((index & 63) === 63 && performance.now() - sliceStart >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return out;
}
const SLICE_MS = 8;

function toNode(row: NodeRow): ExportNode {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    properties: cleanProperties(pick(row.properties, NODE_PROPERTIES)),
  };
}

function toLink(row: LinkRow): ExportLink {
  return {
    id: row.id,
    source: row.source,
    target: row.target,
    type: row.type,
    properties: { provenance: row.provenance, ...cleanProperties(pick(row.properties, CLAIM_PROPERTIES)) },
  };
}

/** Drops absent values; keeps strings, finite numbers, booleans and lists of strings. */
export function cleanProperties(properties: Record<string, unknown>): ExportProperties {
  const clean: ExportProperties = {};
  for (const [name, value] of Object.entries(properties)) {
    const exported = exportValue(value);
    if (exported !== undefined) clean[name] = exported;
  }
  return clean;
}

function exportValue(value: unknown): ExportValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  // A driver configured without disableLosslessIntegers hands back Integer objects.
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) {
    return value.filter((item) => item !== null && item !== undefined).map((item) => String(item));
  }
  return String(value);
}
