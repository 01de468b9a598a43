import { type ArgBuilder, createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityProperty, EntityRecord, Keyed } from '../graph/entities.ts';
import {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  type Page,
  type PageRequest,
} from '../graph/paging.ts';
import {
  type ClaimRecord,
  countRelatedByKeys,
  listRelatedByKeys,
  type PageShape,
  type RelationName,
} from '../graph/relations.ts';
import { builder, type Context } from './builder.ts';
import { toClientError, userInputError } from './errors.ts';
import { entityProperties } from './projection.ts';
import { selectedFieldsAt, selectsAnyOf } from './selection.ts';

export interface PagingArgs {
  first?: number | null;
  after?: string | null;
}

export interface AsOfArgs {
  asOf?: string | null;
}

/** An edge between a parent and a related entity: the claims that relate them. */
export interface RelatedEdge {
  cursor: string;
  node: EntityRecord;
  claims: ClaimRecord[];
  organizations: { id: string; name: string }[];
}

export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ConnectionShape<Edge> {
  edges: Edge[];
  pageInfo: PageInfoShape;
  totalCount: () => Promise<number>;
}

export function pageRequest(args: PagingArgs): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw userInputError(`first must be between 1 and ${MAX_PAGE_SIZE}; got ${first}`, 'first');
  }
  try {
    return { first, after: args.after ? decodeCursor(args.after) : null };
  } catch (error) {
    throw toClientError(error);
  }
}

/** `asOf` left out means today; `asOf: null` means "whenever": every claim, past and present. */
export function asOfDate(args: AsOfArgs, context: Context): string | null {
  return args.asOf === undefined ? context.today : args.asOf;
}

export function connection<Edge extends { cursor: string }>(
  edges: Edge[],
  hasNextPage: boolean,
  page: PageRequest,
  totalCount: () => Promise<number>,
): ConnectionShape<Edge> {
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/**
 * A root list's page (projects, people, …) as a connection. The page is read only when the query
 * selects `edges` or `pageInfo` (`{ projects { totalCount } }` costs the count alone), and holds
 * only the entity properties the selected fields read.
 */
export async function entityConnection(
  info: GraphQLResolveInfo,
  page: PageRequest,
  list: (properties: EntityProperty[] | null) => Promise<Page<Keyed<EntityRecord>>>,
  totalCount: () => Promise<number>,
): Promise<ConnectionShape<{ cursor: string; node: EntityRecord }>> {
  const result = selectsAnyOf(info, ['edges', 'pageInfo'])
    ? await list(entityProperties(selectedFieldsAt(info, ['edges', 'node'])))
    : { items: [], hasNextPage: false };
  return connection(
    result.items.map(({ item, sortKey }) => ({ cursor: encodeCursor(sortKey, item.id), node: item })),
    result.hasNextPage,
    page,
    totalCount,
  );
}

/**
 * The loader behind every relation connection: one page for each parent in `keys`, one Cypher
 * round trip for all of them, and one more for all their totals only if a `totalCount` is read.
 */
async function loadRelatedConnections(
  context: Context,
  relation: RelationName,
  keys: readonly string[],
  args: PagingArgs & AsOfArgs,
  shape?: PageShape,
): Promise<ConnectionShape<RelatedEdge>[]> {
  const page = pageRequest(args);
  const asOf = asOfDate(args, context);
  let counts: Promise<number[]> | null = null;
  const countAll = () => {
    counts ??= countRelatedByKeys(context.graph, relation, keys, asOf).catch((error) => {
      throw toClientError(error);
    });
    return counts;
  };
  try {
    const pages = await listRelatedByKeys(context.graph, relation, keys, asOf, page, shape);
    return pages.map((related, index) =>
      connection(
        related.items.map((item) => ({
          cursor: encodeCursor(item.sortKey, item.entity.id),
          node: item.entity,
          claims: item.claims,
          organizations: item.organizations,
        })),
        related.hasNextPage,
        page,
        async () => (await countAll())[index] ?? 0,
      ),
    );
  } catch (error) {
    throw toClientError(error);
  }
}

// Per request: one DataLoader per relation and arguments. Keyed by the arguments rather than by the
// field's path, so that parents reached by different paths or aliases (`a: project(…) { maintainers }`,
// `b: project(…) { maintainers }`) share one round trip when they ask for the same page.
const relationLoaders = createContextCache(
  () => new Map<string, DataLoader<string, ConnectionShape<RelatedEdge>>>(),
);

// Edge fields that read nothing of the edge's claims.
const ENTITY_ONLY_EDGE_FIELDS = new Set(['node', 'cursor', '__typename']);

/**
 * A parent's page of related entities, batched with every other parent asking the same. With
 * `info`, the page holds only what the query reads of each item (look-ahead: the entity properties
 * its fields need, the employers only when `organization` is asked for, the claims only when an
 * edge field reads them).
 */
export function loadRelatedConnection(
  context: Context,
  relation: RelationName,
  key: string,
  args: PagingArgs & AsOfArgs,
  info?: GraphQLResolveInfo,
): Promise<ConnectionShape<RelatedEdge>> {
  const edgeFields = info && selectedFieldsAt(info, ['edges']);
  const shape: PageShape | undefined = info &&
    edgeFields && {
      properties: entityProperties(selectedFieldsAt(info, ['edges', 'node'])),
      organizations: edgeFields.has('organization'),
      claims: [...edgeFields].some((field) => !ENTITY_ONLY_EDGE_FIELDS.has(field)),
    };
  const loaders = relationLoaders(context);
  // `asOf` left out (today) and `asOf: null` (whenever) are different questions.
  const id = JSON.stringify([
    relation,
    args.first ?? null,
    args.after ?? null,
    args.asOf === undefined ? 'today' : args.asOf,
    shape ?? 'full',
  ]);
  let loader = loaders.get(id);
  if (!loader) {
    loader = new DataLoader((keys) => loadRelatedConnections(context, relation, keys, args, shape));
    loaders.set(id, loader);
  }
  return loader.load(key);
}

/** The arguments of every relation connection. */
export const relationArgs = (t: ArgBuilder<Types>) => ({
  first: t.int({ description: `How many items (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
  after: t.string({ description: 'The `endCursor` of the page before.' }),
  asOf: t({
    type: 'Date',
    description:
      'The day the relationship must hold on. Left out: today. Null: whenever (every claim, past and present).',
  }),
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
// A loadable node can stand as its key or as its loaded shape, hence `string | EntityRecord`.
type EdgeFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<
  Types,
  { cursor: string; node: EntityRecord | string }
>;

/** Fields every relation edge has: its claims and what they say together. */
export function claimEdgeFields(t: EdgeFieldBuilder) {
  const claimsOf = (edge: unknown) => (edge as RelatedEdge).claims;
  return {
    claims: t.field({
      type: [ClaimRef],
      description: 'Each source’s statement of this relationship, with its dates and provenance.',
      resolve: (edge) => claimsOf(edge),
    }),
    since: t.field({
      type: 'Date',
      nullable: true,
      description: 'The earliest start any claim gives; null when none is dated.',
      resolve: (edge) =>
        claimsOf(edge)
          .map((claim) => claim.since)
          .filter((since): since is string => Boolean(since))
          .sort()[0] ?? null,
    }),
    until: t.field({
      type: 'Date',
      nullable: true,
      description: 'The latest end any claim gives; null when a claim has no end or none is dated.',
      resolve: (edge) => {
        const claims = claimsOf(edge);
        if (claims.some((claim) => !claim.until)) return null;
        return (
          claims
            .map((claim) => claim.until as string)
            .sort()
            .at(-1) ?? null
        );
      },
    }),
    roles: t.stringList({
      description: 'The roles the claims name (chair, member, alternate, tech-lead, ambassador, a group…).',
      resolve: (edge) => [
        ...new Set(
          claimsOf(edge).flatMap((claim) =>
            [claim.role, claim.seat, claim.group, claim.tier].filter((value): value is string =>
              Boolean(value),
            ),
          ),
        ),
      ],
    }),
  };
}

// The Claim type is defined in types/Claim.ts; its ref lives here so edges can name it.
export const ClaimRef = builder.objectRef<ClaimRecord>('Claim');
