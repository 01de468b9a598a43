import neo4j from 'neo4j-driver';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { linkPages, NO_PAGE, type PageSpec, pagesBelow, type Related } from './pages.ts';
import { type Page, type PageRequest, pageOrder, pageParameters, toPage, windowCondition } from './paging.ts';
import { type EntityLabel, type EntityProperty, type EntityRecord, entityMap } from './records.ts';
import { inKeyOrder, sameRow } from './rows.ts';
import { holdsAt } from './time.ts';

const ENTITY_PROJECTION = entityMap('n');

const FIND_ENTITIES_BY_IDS = `
  UNWIND $ids AS id
  MATCH (n:Entity {id: id})
  RETURN id, ${ENTITY_PROJECTION} AS entity`;

/** Entities in the order of `ids`; null where no node has the id. */
export async function findEntitiesByIds(
  graph: GraphExecutor,
  ids: readonly string[],
): Promise<(EntityRecord | null)[]> {
  const rows = await graph.read<{ id: string; entity: EntityRecord }>(
    FIND_ENTITIES_BY_IDS,
    { ids },
    'findEntitiesByIds',
  );
  return inKeyOrder(ids, rows, 'id', 'entity', () => null);
}

/** The kinds of node that are looked up by name. */
export type NamedLabel = Exclude<EntityLabel, 'MaturityLevel'>;

export interface NameLookup {
  label: NamedLabel;
  name: string;
}

/** An entity found by a lookup, with the pages asked of it (see pages.ts), in the order asked. */
export interface Found {
  entity: EntityRecord;
  pages: Related[];
}

/**
 * The end of a lookup statement that has bound `n`, with `index` the lookup's position: the
 * entities found with the properties `shape` names, and the pages it asks of them, in the same
 * statement.
 */
async function found(
  graph: GraphExecutor,
  lookup: string,
  index: string,
  { properties, pages: specs }: ItemShape,
  parameters: Record<string, unknown>,
  length: number,
  purpose: string,
): Promise<(Found | null)[]> {
  const levels = pagesBelow('ids', 'UNWIND ids AS key WITH DISTINCT key', specs, 'n', parameters);
  const rows = await graph.read<{ found: { index: number; entity: EntityRecord }[] }>(
    `${lookup}
  WITH collect({index: ${index}, entity: ${entityMap('n', properties)}}) AS found
  WITH found, [f IN found | f.entity.id] AS ids${levels.calls}
  RETURN ${['found', ...levels.names].join(', ')}`,
    parameters,
    purpose,
  );
  const row = rows[0] ?? { found: [] };
  const pages = linkPages(specs, 'n', row);
  const result: (Found | null)[] = Array.from({ length }, () => null);
  for (const { index, entity } of row.found) {
    result[index] = { entity, pages: pages.map((byKey) => byKey.get(entity.id) ?? NO_PAGE) };
  }
  return result;
}

// Case-insensitive lookups by name, many at once: the lower-cased name through the `nameKey` index;
// only where no node has that name, an alias, by scanning the nodes' `aliasKeys` (a few thousand).
// Ties go to the lowest id.
const FIND_ENTITIES_BY_NAMES = `
  UNWIND $lookups AS lookup
  OPTIONAL CALL (lookup) {
    MATCH (n:Entity {nameKey: lookup.key}) WHERE lookup.label IN labels(n)
    RETURN n AS named ORDER BY n.id LIMIT 1
  }
  OPTIONAL CALL (lookup, named) {
    // An UNWIND, not a WHERE: the planner would filter after the scan, not before it.
    UNWIND CASE WHEN named IS NULL THEN [lookup.key] ELSE [] END AS key
    MATCH (n:Entity) WHERE lookup.label IN labels(n) AND key IN n.aliasKeys
    RETURN n AS aliased ORDER BY n.id LIMIT 1
  }
  WITH lookup, coalesce(named, aliased) AS n
  WHERE n IS NOT NULL
  `;

/**
 * The nodes of each lookup's label named (or also known as) its name, forgiving case, in the order
 * of `lookups`, each as `shape` asks (properties, pages of it); null where none is. One round trip
 * for all.
 */
export async function findEntitiesByNames(
  graph: GraphExecutor,
  lookups: readonly NameLookup[],
  shape: ItemShape = WHOLE,
): Promise<(Found | null)[]> {
  const parameters: Record<string, unknown> = {
    lookups: lookups.map((lookup, index) => ({
      index: neo4j.int(index),
      label: lookup.label,
      key: lookup.name.toLowerCase(),
    })),
  };
  return found(
    graph,
    FIND_ENTITIES_BY_NAMES,
    'lookup.index',
    shape,
    parameters,
    lookups.length,
    'findEntitiesByNames',
  );
}

// Handles are stored lower-cased; a handle names one person at most (ties: the lowest id).
const FIND_PEOPLE_BY_HANDLES = `
  UNWIND range(0, size($handles) - 1) AS index
  MATCH (n:Person {handle: $handles[index]})
  WITH index, n ORDER BY n.id
  WITH index, collect(n)[0] AS n
  `;

/**
 * People by GitHub handle (any case, with or without @), in the order of `handles`, each as `shape`
 * asks (properties, pages of them); null where unknown.
 */
export async function findPeopleByHandles(
  graph: GraphExecutor,
  handles: readonly string[],
  shape: ItemShape = WHOLE,
): Promise<(Found | null)[]> {
  const parameters: Record<string, unknown> = {
    handles: handles.map((handle) => handle.replace(/^@/, '').toLowerCase()),
  };
  return found(
    graph,
    FIND_PEOPLE_BY_HANDLES,
    'index',
    shape,
    parameters,
    handles.length,
    'findPeopleByHandles',
  );
}

// ---------------------------------------------------------------------------------------------
// Lists. Each is ordered by (sortKey, id) for keyset paging; every filter is a parameter that
// may be null ("not filtered"), so one statement serves every combination.

const MATURITY_RANK = `CASE n.maturity WHEN 'graduated' THEN '1' WHEN 'incubating' THEN '2'
  WHEN 'sandbox' THEN '3' WHEN 'archived' THEN '4' ELSE '5' END`;

export type ProjectOrder = 'NAME' | 'MATURITY';

export interface ProjectFilter {
  nameContains: string | null;
  maturity: string | null;
  cncf: boolean | null;
  /** Category or subcategory name, any case. */
  category: string | null;
  /** Projects with a maintainer working for this organization (id) for that project, as of `asOf`. */
  organizationId: string | null;
  asOf: string | null;
}

// Each filter text is lower-cased once, before the MATCH, not once per row: a per-row toLower of a
// parameter costs its whole length for every node.
const MATCH_PROJECTS = `
  WITH toLower($nameContains) AS nameContains, toLower($category) AS category
  MATCH (n:Project)
  WHERE (nameContains IS NULL OR toLower(n.name) CONTAINS nameContains)
    AND ($maturity IS NULL OR n.maturity = $maturity)
    AND ($cncf IS NULL OR coalesce(n.cncf, false) = $cncf)
    AND (category IS NULL OR EXISTS {
      MATCH (n)-[:IN_CATEGORY]->(sub:Category)
      WHERE toLower(sub.name) = category
         OR EXISTS { MATCH (sub)-[:SUBCATEGORY_OF]->(top:Category) WHERE toLower(top.name) = category }
    })
    AND ($organizationId IS NULL OR EXISTS {
      MATCH (n)<-[m:MAINTAINS]-(p:Person)-[a:AFFILIATED_WITH]->(:Organization {id: $organizationId})
      WHERE a.forProject = n.id AND ${sameRow('m', 'a')}
        AND ${holdsAt('m')}
    })`;

const LIST_PROJECTS: ListQuery = {
  name: 'listProjects',
  match: MATCH_PROJECTS,
  sortKey: `CASE $order WHEN 'MATURITY' THEN ${MATURITY_RANK} + toLower(n.name) ELSE toLower(n.name) END`,
};
const COUNT_PROJECTS = `${MATCH_PROJECTS} RETURN count(n) AS total`;

export interface Keyed<Item> {
  item: Item;
  sortKey: string;
  /** The pages asked of the item (ItemShape.pages), in that order. */
  pages: Related[];
}

/** What a list returns of each item: which properties (null: all), and which pages of it. */
export interface ItemShape {
  properties: readonly EntityProperty[] | null;
  pages: readonly PageSpec[];
}

const WHOLE: ItemShape = { properties: null, pages: [] };

/** A list: the MATCH with its filters binding `n`, and the sort key (both constant text). */
interface ListQuery {
  name: string;
  match: string;
  sortKey: string;
}

// Built once per list and projection (see entityMap): order by (sortKey, id), start after the
// cursor, one extra row to know whether another page follows.
const listQueries = new Map<string, string>();
function listQuery(list: ListQuery, properties: readonly EntityProperty[] | null, page: PageRequest): string {
  const cacheKey = JSON.stringify([list.name, properties, page.fromEnd]);
  let query = listQueries.get(cacheKey);
  if (!query) {
    query = `${list.match}
  WITH n, ${list.sortKey} AS sortKey
  WHERE ${windowCondition('sortKey', 'n.id')}
  RETURN ${entityMap('n', properties)} AS entity, sortKey
  ORDER BY ${pageOrder('sortKey', 'n.id', page)}
  LIMIT $limit`;
    listQueries.set(cacheKey, query);
  }
  return query;
}

// The same list with the pages asked of its items in the same statement (see pages.ts): the page
// is cut first, then the items' pages fetched, for the items of the page only.
function listWithPagesQuery(
  list: ListQuery,
  shape: ItemShape,
  page: PageRequest,
  parameters: Record<string, unknown>,
): string {
  const levels = pagesBelow('ids', 'UNWIND ids AS key WITH DISTINCT key', shape.pages, 'n', parameters);
  return `${list.match}
  WITH n, ${list.sortKey} AS sortKey
  WHERE ${windowCondition('sortKey', 'n.id')}
  WITH n, sortKey ORDER BY ${pageOrder('sortKey', 'n.id', page)} LIMIT $limit
  WITH collect({entity: ${entityMap('n', shape.properties)}, sortKey: sortKey}) AS found
  WITH found, [f IN found[0..$limit - 1] | f.entity.id] AS ids${levels.calls}
  RETURN ${['found', ...levels.names].join(', ')}`;
}

async function listEntities(
  graph: GraphExecutor,
  list: ListQuery,
  filter: Record<string, unknown>,
  page: PageRequest,
  shape: ItemShape,
): Promise<Page<Keyed<EntityRecord>>> {
  const parameters = { ...filter, ...pageParameters(page) };
  if (shape.pages.length === 0) {
    const rows = await graph.read<{ entity: EntityRecord; sortKey: string }>(
      listQuery(list, shape.properties, page),
      parameters,
      list.name,
    );
    return toPage(
      rows.map((row) => ({ item: row.entity, sortKey: row.sortKey, pages: [] })),
      page,
    );
  }
  const query = listWithPagesQuery(list, shape, page, parameters);
  const rows = await graph.read<{ found: { entity: EntityRecord; sortKey: string }[] }>(
    query,
    parameters,
    list.name,
  );
  const row = rows[0] ?? { found: [] };
  const pages = linkPages(shape.pages, 'n', row);
  return toPage(
    row.found.map(({ entity, sortKey }) => ({
      item: entity,
      sortKey,
      pages: pages.map((byKey) => byKey.get(entity.id) ?? NO_PAGE),
    })),
    page,
  );
}

async function countEntities(
  graph: GraphExecutor,
  query: string,
  parameters: Record<string, unknown>,
  purpose: string,
): Promise<number> {
  const rows = await graph.read<{ total: number }>(query, parameters, purpose);
  return rows[0]?.total ?? 0;
}

export function listProjects(
  graph: GraphExecutor,
  filter: ProjectFilter,
  order: ProjectOrder,
  page: PageRequest,
  /** The entity properties to return (null: all; see entityMap) and the pages of each item. */
  shape: ItemShape = WHOLE,
): Promise<Page<Keyed<EntityRecord>>> {
  return listEntities(graph, LIST_PROJECTS, { ...filter, order }, page, shape);
}

export function countProjects(graph: GraphExecutor, filter: ProjectFilter): Promise<number> {
  return countEntities(graph, COUNT_PROJECTS, { ...filter, order: 'NAME' }, 'countProjects');
}

export interface PersonFilter {
  nameContains: string | null;
  /** People affiliated with this organization (id) as of $asOf. */
  organizationId: string | null;
  /** People holding a role in this body (id) as of $asOf. */
  bodyId: string | null;
  /** People maintaining this project (id) as of $asOf. */
  projectId: string | null;
}

// A person with a claim towards the filter's organization, body or project that holds on $asOf,
// when that filter is set.
const MATCH_PEOPLE = `
  WITH toLower($nameContains) AS nameContains
  MATCH (n:Person)
  WHERE (nameContains IS NULL OR toLower(n.name) CONTAINS nameContains OR n.handle CONTAINS nameContains)
    AND ($organizationId IS NULL OR EXISTS {
      MATCH (n)-[c:AFFILIATED_WITH]->(:Organization {id: $organizationId}) WHERE ${holdsAt('c')} })
    AND ($bodyId IS NULL OR EXISTS {
      MATCH (n)-[c:SERVES_ON|LEADS|LIAISON_FOR|MEMBER_OF]->(:Body {id: $bodyId}) WHERE ${holdsAt('c')} })
    AND ($projectId IS NULL OR EXISTS {
      MATCH (n)-[c:MAINTAINS]->(:Project {id: $projectId}) WHERE ${holdsAt('c')} })`;

const LIST_PEOPLE: ListQuery = { name: 'listPeople', match: MATCH_PEOPLE, sortKey: 'toLower(n.name)' };
const COUNT_PEOPLE = `${MATCH_PEOPLE} RETURN count(n) AS total`;

export function listPeople(
  graph: GraphExecutor,
  filter: PersonFilter,
  asOf: string | null,
  page: PageRequest,
  /** The entity properties to return (null: all; see entityMap) and the pages of each item. */
  shape: ItemShape = WHOLE,
): Promise<Page<Keyed<EntityRecord>>> {
  return listEntities(graph, LIST_PEOPLE, { ...filter, asOf }, page, shape);
}

export function countPeople(
  graph: GraphExecutor,
  filter: PersonFilter,
  asOf: string | null,
): Promise<number> {
  return countEntities(graph, COUNT_PEOPLE, { ...filter, asOf }, 'countPeople');
}

export interface OrganizationFilter {
  nameContains: string | null;
  /** Membership tier (Platinum, Gold, Silver, …), any case. */
  tier: string | null;
}

// A name filter is a search by name: an anonymous member, which has no name keys, never matches it.
const MATCH_ORGANIZATIONS = `
  WITH toLower($nameContains) AS nameContains, toLower($tier) AS tier
  MATCH (n:Organization)
  WHERE (nameContains IS NULL OR n.nameKey CONTAINS nameContains)
    AND (tier IS NULL OR EXISTS {
      MATCH (n)-[m:MEMBER_OF]->(:Body {id: 'body:cncf'}) WHERE toLower(m.tier) = tier
    })`;

const LIST_ORGANIZATIONS: ListQuery = {
  name: 'listOrganizations',
  match: MATCH_ORGANIZATIONS,
  sortKey: 'toLower(n.name)',
};
const COUNT_ORGANIZATIONS = `${MATCH_ORGANIZATIONS} RETURN count(n) AS total`;

export function listOrganizations(
  graph: GraphExecutor,
  filter: OrganizationFilter,
  page: PageRequest,
  /** The entity properties to return (null: all; see entityMap) and the pages of each item. */
  shape: ItemShape = WHOLE,
): Promise<Page<Keyed<EntityRecord>>> {
  return listEntities(graph, LIST_ORGANIZATIONS, { ...filter }, page, shape);
}

export function countOrganizations(graph: GraphExecutor, filter: OrganizationFilter): Promise<number> {
  return countEntities(graph, COUNT_ORGANIZATIONS, { ...filter }, 'countOrganizations');
}

export interface BodyFilter {
  kind: string | null;
  nameContains: string | null;
}

const MATCH_BODIES = `
  WITH toLower($nameContains) AS nameContains
  MATCH (n:Body)
  WHERE ($kind IS NULL OR n.kind = $kind)
    AND (nameContains IS NULL OR toLower(n.name) CONTAINS nameContains)`;

const LIST_BODIES: ListQuery = { name: 'listBodies', match: MATCH_BODIES, sortKey: 'toLower(n.name)' };
const COUNT_BODIES = `${MATCH_BODIES} RETURN count(n) AS total`;

export function listBodies(
  graph: GraphExecutor,
  filter: BodyFilter,
  page: PageRequest,
  /** The entity properties to return (null: all; see entityMap) and the pages of each item. */
  shape: ItemShape = WHOLE,
): Promise<Page<Keyed<EntityRecord>>> {
  return listEntities(graph, LIST_BODIES, { ...filter }, page, shape);
}

export function countBodies(graph: GraphExecutor, filter: BodyFilter): Promise<number> {
  return countEntities(graph, COUNT_BODIES, { ...filter }, 'countBodies');
}

// ---------------------------------------------------------------------------------------------
// Search

// The index holds the names of entities that can be found by name (not anonymous members).
const SEARCH = `
  CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $limit})
  YIELD node AS n, score
  RETURN ${ENTITY_PROJECTION} AS entity, score
  ORDER BY score DESC, n.id`;

export interface SearchHit {
  entity: EntityRecord;
  score: number;
}

/**
 * Ranked full-text search over names and aliases of every kind. `text` is the user's words, never
 * Lucene syntax: each word is escaped and required, the last one also as a prefix (as you type).
 */
export async function searchEntities(
  graph: GraphExecutor,
  text: string,
  limit: number,
): Promise<SearchHit[]> {
  const query = luceneQuery(text);
  if (!query) return [];
  return graph.read<SearchHit>(SEARCH, { query, limit: neo4j.int(limit) }, 'searchEntities');
}

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
const LUCENE_OPERATORS = new Set(['and', 'or', 'not', 'to']);

export function luceneQuery(text: string): string {
  const words = text
    .normalize('NFKC')
    .split(/\s+/)
    .map((word) => word.replace(LUCENE_SPECIAL, ' ').trim())
    .flatMap((word) => word.split(/\s+/))
    .filter((word) => word.length > 0)
    // Lucene reads bare AND/OR/NOT/TO as operators; lower-case words are plain terms.
    .map((word) => (LUCENE_OPERATORS.has(word.toLowerCase()) ? word.toLowerCase() : word))
    .slice(0, 12);
  if (words.length === 0) return '';
  const last = words.at(-1) as string;
  const required = words.slice(0, -1).map((word) => `+${word}`);
  return [...required, `+(${last} OR ${last}*)`].join(' ');
}
