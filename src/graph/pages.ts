/**
 * Pages of related entities, compiled into Cypher: one page per parent for a batch of parents, and
 * the pages the request will ask of those pages' items next, level below level (look-ahead from the
 * GraphQL selection, see schema/plan.ts). `project { maintainers { node { affiliations { … } } } }`
 * is then one statement, one network round trip, whatever its depth, instead of one per level.
 *
 * Levels are fetched breadth first, as the per-request loaders would, but within one statement:
 * each level's pages are fetched once per distinct parent, however many items of the level above
 * lead to it (the organizations of thirty maintainers are a dozen). A page is a CALL subquery over
 * one parent: its claims judged by the "as of" rule, sorted, cut to the page (one more item than
 * asked, to know whether another follows). Every value is a parameter; each page's parameters carry
 * its own prefix (`$n0_1_asOf`), so one statement holds pages of different days and sizes.
 */

import type { GraphExecutor } from '../neo4j/executor.ts';
import {
  EMPTY_PAGE,
  type Page,
  type PageRequest,
  pageOrder,
  pageParameters,
  toPage,
  windowCondition,
} from './paging.ts';
import {
  type ClaimProperty,
  type ClaimRecord,
  type EmployerRecord,
  type EntityProperty,
  type EntityRecord,
  entityFromValues,
  entityMap,
  entityValues,
} from './records.ts';
import {
  type ClaimSelection,
  holdingClaims,
  RELATIONS,
  type RelationName,
  type RelationSpec,
} from './relations.ts';

/** What a page returns of each item: which entity properties (null: all), the employers, the claims. */
export interface PageShape {
  properties: readonly EntityProperty[] | null;
  organizations: boolean;
  /** False when nothing reads the edges' claims (nor dates, roles or employers taken from them). */
  claims: boolean;
  /**
   * The claim properties the edges' fields read (null: all), when `claims`: a TOC member's claims
   * carry some twenty properties (commits, subjects, resolutions) that most queries never show.
   */
  claimProperties: readonly ClaimProperty[] | null;
  /** Whether a cursor is read (an edge's, or the page's first or last): only then is the sort key sent. */
  cursors: boolean;
}

/** A relation's pages: for a batch of parents, or for each item of an enclosing page or lookup. */
export interface PageSpec {
  relation: RelationName;
  page: PageRequest;
  /** The day the relationships must hold on; null: whenever (or `during`). */
  asOf: string | null;
  /** Instead of a day, a range of days, both included: relationships that held on any of them. */
  during: { from: string; to: string } | null;
  /** Only claims listed under a sub-group whose name contains this, any case (maintainers). */
  group: string | null;
  shape: PageShape;
  /** Whether the items are read at all (false when only the total is). */
  items: boolean;
  /** Whether each parent's total is read. */
  count: boolean;
  /** The pages to fetch for each item, in the same statement. */
  nested: readonly PageSpec[];
}

/** An edge of a connection: the entity at the other end and the claims that hold. */
export interface RelatedRecord {
  entity: EntityRecord;
  /** Null when the page's shape reads no cursor. */
  sortKey: string | null;
  claims: ClaimRecord[];
  /** Organizations named on the same lines as the claims (maintainers' employers for a project). */
  organizations: EmployerRecord[];
  /** The pages fetched for this item in the same statement (see pages.ts), in the order asked. */
  nested: Related[];
}

/** A parent's page and total, as far as its spec asked for them. */
export interface Related {
  page: Page<RelatedRecord>;
  /** Null when the spec did not ask for it. */
  total: number | null;
}

/** `holdingClaims` for the page's day or range (and sub-group), its parameters under its prefix. */
function holdingClaimsOf(spec: PageSpec, prefix: string, parameters: Record<string, unknown>): string {
  parameters[`${prefix}asOf`] = spec.asOf;
  const selection: ClaimSelection = { asOf: `$${prefix}asOf` };
  if (spec.during !== null) {
    parameters[`${prefix}from`] = spec.during.from;
    parameters[`${prefix}to`] = spec.during.to;
    selection.during = { from: `$${prefix}from`, to: `$${prefix}to` };
  }
  if (spec.group !== null) {
    parameters[`${prefix}group`] = spec.group.toLowerCase();
    selection.group = `$${prefix}group`;
  }
  selection.properties = claimPropertiesOf(spec.shape);
  return holdingClaims(RELATIONS[spec.relation], selection);
}

// Edges sort their claims by provenance (source, line); a relation's employers are found on the
// claims' lines (rows.ts sameRow: source, line, commit).
const SORTED_BY: readonly ClaimProperty[] = ['source', 'line'];
const SAME_ROW: readonly ClaimProperty[] = ['source', 'line', 'addedIn'];

/** The claim properties a page's items need: what the edges read, and what finding employers does. */
function claimPropertiesOf(shape: PageShape): readonly ClaimProperty[] | null {
  if (shape.claims && shape.claimProperties === null) return null;
  const properties = new Set<ClaimProperty>(
    shape.claims ? [...SORTED_BY, ...(shape.claimProperties ?? [])] : [],
  );
  if (shape.organizations) for (const property of SAME_ROW) properties.add(property);
  return [...properties].sort();
}

/**
 * The page of one parent, whose id is bound to `key`, returned as `${prefix}page`: a list of items
 * in page order, one more than asked. Each item is a list, `[entity, sortKey, claims,
 * organizations]`, short of what the shape does not read (null where a later member is read), and
 * its entity a list too where only some properties are read (records.ts entityValues): a page of a
 * hundred items would otherwise send and decode every key of every map, again and again. Measured
 * on the two-level question (155 items): maps were the driver's largest cost. `readItem` turns an
 * item back into a RelatedRecord.
 */
function onePage(spec: PageSpec, prefix: string, parameters: Record<string, unknown>): string {
  const relation: RelationSpec = RELATIONS[spec.relation];
  Object.assign(parameters, pageParameters(spec.page, prefix), { [`${prefix}asOf`]: spec.asOf });
  // "Whenever" with no claim read: every claim holds, so the page is the distinct entities at the
  // other end, without collecting and judging claims one by one.
  const entitiesOnly =
    spec.asOf === null &&
    spec.during === null &&
    spec.group === null &&
    !spec.shape.claims &&
    !spec.shape.organizations;
  const bound = entitiesOnly ? 'key, other' : 'key, parent, other, current';
  const head = entitiesOnly
    ? `
    MATCH ${relation.match}
    WITH DISTINCT key, other`
    : holdingClaimsOf(spec, prefix, parameters);
  const { properties } = spec.shape;
  const kind = relation.otherLabel ? 'omit' : 'read';
  const members = [
    properties === null ? entityMap('other', null, kind) : entityValues('other', properties, kind),
    spec.shape.cursors ? 'sortKey' : 'null',
    spec.shape.claims && !entitiesOnly ? 'current' : 'null',
    spec.shape.organizations && relation.organizations ? relation.organizations : 'null',
  ];
  while (members.at(-1) === 'null') members.pop();
  return `${head}
    WITH ${bound}, toLower(other.name) AS sortKey
    WHERE ${windowCondition('sortKey', 'other.id', prefix)}
    WITH ${bound}, sortKey ORDER BY ${pageOrder('sortKey', 'other.id', spec.page)} LIMIT $${prefix}limit
    RETURN collect([${members.join(', ')}]) AS ${prefix}page`;
}

/** The id of a page's item, in Cypher: where `onePage` put it. */
const itemId = (spec: PageSpec, item: string) =>
  spec.shape.properties === null ? `${item}[0].id` : `${item}[0][0]`;

/** A RelatedRecord from an item `onePage` listed; `nested` is filled in by `linkPages`. */
function readItem(spec: PageSpec, values: readonly unknown[]): RelatedRecord {
  const kind = (RELATIONS[spec.relation] as RelationSpec).otherLabel;
  const { properties } = spec.shape;
  let entity: EntityRecord;
  if (properties !== null) entity = entityFromValues(values[0] as readonly unknown[], properties, kind);
  else {
    entity = values[0] as EntityRecord;
    if (kind) entity.label = kind;
  }
  return {
    entity,
    sortKey: (values[1] as string | null | undefined) ?? null,
    claims: (values[2] as ClaimRecord[] | null | undefined) ?? [],
    organizations: (values[3] as EmployerRecord[] | null | undefined) ?? [],
    nested: [],
  };
}

/** How many entities one parent, bound to `key`, relates to on the day: as `${prefix}total`. */
function oneTotal(spec: PageSpec, prefix: string, parameters: Record<string, unknown>): string {
  return `${holdingClaimsOf(spec, prefix, parameters)}
    RETURN count(DISTINCT other) AS ${prefix}total`;
}

/**
 * CALL subqueries fetching the pages (and totals) of `specs` for the parents whose ids `keys`
 * binds to `key` (from the variable `source`), then, breadth first, the pages below them. Each
 * spec's results land in `${name}pages`, a list of `{key, page, total}`; `names` lists them depth
 * first, for the statement's RETURN and for `linkPages`.
 */
export function pagesBelow(
  source: string,
  keys: string,
  specs: readonly PageSpec[],
  prefix: string,
  parameters: Record<string, unknown>,
): { calls: string; names: string[] } {
  let calls = '';
  const names: string[] = [];
  specs.forEach((spec, index) => {
    const name = `${prefix}${index}_`;
    const page = spec.items ? `\n  CALL (key) {${onePage(spec, name, parameters)}\n  }` : '';
    const total = spec.count ? `\n  CALL (key) {${oneTotal(spec, name, parameters)}\n  }` : '';
    calls += `
  CALL (${source}) {
  ${keys}${page}${total}
  RETURN collect({key: key, page: ${spec.items ? `${name}page` : '[]'}, total: ${spec.count ? `${name}total` : 'null'}}) AS ${name}pages
  }`;
    names.push(`${name}pages`);
    // Only the items of the page itself have pages below, not the one fetched beyond it.
    const below = pagesBelow(
      `${name}pages`,
      `UNWIND ${name}pages AS row UNWIND row.page[0..$${name}limit - 1] AS item WITH DISTINCT ${itemId(spec, 'item')} AS key`,
      spec.items ? spec.nested : [],
      name,
      parameters,
    );
    calls += below.calls;
    names.push(...below.names);
  });
  return { calls, names };
}

/**
 * Links what a statement built by `pagesBelow` returned into the nested shape: each item's
 * `nested` holds its pages of the specs below its own, in order. Returns each spec's results per
 * parent id. An item reached from several parents is the same object under each; its pages are the
 * same for all.
 */
export function linkPages(
  specs: readonly PageSpec[],
  prefix: string,
  row: Record<string, unknown>,
): Map<string, Related>[] {
  return specs.map((spec, index) => {
    const name = `${prefix}${index}_`;
    const rows = (row[`${name}pages`] ?? []) as {
      key: string;
      page: unknown[][];
      total: number | null;
    }[];
    const below = linkPages(spec.nested, name, row);
    const byKey = new Map<string, Related>();
    for (const { key, page, total } of rows) {
      const items = page.map((values) => {
        const item = readItem(spec, values);
        item.nested = below.map((related) => related.get(item.entity.id) ?? NO_PAGE);
        return item;
      });
      byKey.set(key, { page: toPage(items, spec.page), total });
    }
    return byKey;
  });
}

/** What a parent no row came back for has: nothing related. */
export const NO_PAGE: Related = { page: EMPTY_PAGE, total: 0 };

/**
 * One page (and total, as asked) of `spec.relation` for each parent in `keys`, in key order, with
 * the pages below each item, in one round trip whatever the number of parents and the depth: what
 * the per-request loaders call.
 */
export async function listRelatedByKeys(
  graph: GraphExecutor,
  keys: readonly string[],
  spec: PageSpec,
): Promise<Related[]> {
  const parameters: Record<string, unknown> = { keys };
  // The batch is the first level: its results land in `n0_pages`, like those of any level.
  const levels = pagesBelow('keys', 'UNWIND keys AS key WITH DISTINCT key', [spec], 'n', parameters);
  const rows = await graph.read<Record<string, unknown>>(
    `WITH $keys AS keys${levels.calls}
  RETURN ${levels.names.join(', ')}`,
    parameters,
    `list:${spec.relation}`,
  );
  const [byKey] = linkPages([spec], 'n', rows[0] ?? {});
  return keys.map((key) => byKey?.get(key) ?? NO_PAGE);
}
