import { type ArgBuilder, createContextCache, type FieldMap, type OutputType } from '@pothos/core';
import DataLoader from 'dataloader';
import { type GraphQLNamedType, type GraphQLResolveInfo, getNamedType, isObjectType } from 'graphql';
import type { ItemShape, Keyed } from '../graph/entities.ts';
import type { RelatedRecord } from '../graph/pages.ts';
import { listRelatedByKeys, type Related } from '../graph/pages.ts';
import { EMPTY_PAGE, encodeCursor, type Page } from '../graph/paging.ts';
import type { ClaimRecord, EmployerRecord, EntityRecord } from '../graph/records.ts';
import type { RelationName } from '../graph/relations.ts';
import {
  type AsOfArgs,
  type GroupArgs,
  type PagingArgs,
  pageRequest,
  relationArgs,
  relationTime,
} from './arguments.ts';
import { builder, type Context, type CoverageShape, type Types } from './builder.ts';
import { relationCoverage } from './coverage.ts';
import { type PagePlan, planOfField, planOfItems } from './plan.ts';
import { itemPaths, keepPages, responsePath, takePage } from './prefetched.ts';
import { entityProperties, readsClaim } from './projection.ts';
import { OrganizationRef } from './refs.ts';
import { selectedFieldsAt, selectsAnyOf } from './selection.ts';

/** An edge between a parent and a related entity: the claims that relate them. */
export interface RelatedEdge {
  cursor: string;
  node: EntityRecord;
  claims: ClaimRecord[];
  organizations: EmployerRecord[];
}

/** What every relation connection field resolves to (its edge fields read `RelatedEdge`). */
export type RelatedConnection = ConnectionShape<RelatedEdge>;

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
  coverage?: () => Promise<CoverageShape | null>;
}

export function connection<Edge extends { cursor: string }>(
  edges: Edge[],
  page: Pick<Page<unknown>, 'hasNextPage' | 'hasPreviousPage'>,
  totalCount: () => Promise<number>,
): ConnectionShape<Edge> {
  return { edges, pageInfo: new PageInfo(edges, page), totalCount };
}

/** A page's info; its cursors, like an edge's, are encoded only when read. */
class PageInfo implements PageInfoShape {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;

  constructor(
    private readonly edges: readonly { cursor: string }[],
    page: Pick<Page<unknown>, 'hasNextPage' | 'hasPreviousPage'>,
  ) {
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = page.hasPreviousPage;
  }

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** The type of the nodes of the connection field being resolved (`edges { node }`). */
function nodeTypeOf(info: GraphQLResolveInfo): GraphQLNamedType | null {
  const connection = getNamedType(info.returnType);
  const edges = isObjectType(connection) ? getNamedType(connection.getFields().edges?.type) : undefined;
  const node = edges && isObjectType(edges) ? edges.getFields().node : undefined;
  return node ? getNamedType(node.type) : null;
}

/**
 * A root list's page (projects, people, …) as a connection. The page is read only when the query
 * selects `edges` or `pageInfo` (`{ projects { totalCount } }` costs the count alone), and holds
 * only the entity properties the selected fields read, with the relation pages the selection asks
 * of each item (look-ahead, see plan.ts) fetched in the same statement.
 */
export async function entityConnection(
  info: GraphQLResolveInfo,
  context: Context,
  list: (shape: ItemShape) => Promise<Page<Keyed<EntityRecord>>>,
  totalCount: () => Promise<number>,
): Promise<ConnectionShape<{ cursor: string; node: EntityRecord }>> {
  const { plans, itemKeys } = planOfItems(info, context);
  const result = selectsAnyOf(info, ['edges', 'pageInfo'])
    ? await list({
        properties: entityProperties(nodeTypeOf(info), selectedFieldsAt(info, ['edges', 'node'])),
        pages: plans,
      })
    : (EMPTY_PAGE as Page<Keyed<EntityRecord>>);
  const path = plans.length > 0 ? responsePath(info) : '';
  return connection(
    result.items.map(({ item, sortKey, pages }, index) => {
      for (const itemPath of itemPaths(path, itemKeys, index)) keepPages(context, itemPath, plans, pages);
      return new Edge(item, sortKey);
    }),
    result,
    totalCount,
  );
}

// Claims in a stable order, whatever order the database collected them in: by source, then line.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byProvenance = (a: ClaimRecord, b: ClaimRecord): number =>
  compare(a.source, b.source) || (a.line ?? 0) - (b.line ?? 0) || compare(a.type, b.type);

/**
 * An edge of a page, whose cursor is encoded only when read: most queries never ask for one, and
 * encoding every cursor costs about 100 µs for the 133 edges of the two-level benchmark question
 * (re-measured 2026-12-04: 0.75 µs a cursor), some 3 % of that request's time on the event loop. A
 * class, so that the getter lives once on the prototype; an object literal with a getter costs
 * more to create than encoding the cursor (measured: 64 against 54 µs for 133 edges).
 */
class Edge<Node extends { id: string }> {
  constructor(
    readonly node: Node,
    // Null where the plan saw no cursor in the selection, and the page was fetched without sort keys.
    private readonly sortKey: string | null,
  ) {}

  get cursor(): string {
    if (this.sortKey === null) throw new Error('A cursor was read that the plan did not foresee');
    return encodeCursor(this.sortKey, this.node.id);
  }
}

/** A related entity's edge, with the claims that relate it, in a stable order (source, line). */
class ClaimsEdge extends Edge<EntityRecord> implements RelatedEdge {
  readonly claims: ClaimRecord[];
  readonly organizations: EmployerRecord[];

  constructor(item: RelatedRecord) {
    super(item.entity, item.sortKey);
    this.claims = item.claims.sort(byProvenance);
    this.organizations = item.organizations;
  }
}

/**
 * A parent's page as the connection of the field at `path`; the pages fetched ahead for its items'
 * own fields are kept under their paths.
 */
function relatedConnection(
  context: Context,
  plan: PagePlan,
  { page, total }: Related,
  path: string,
): ConnectionShape<RelatedEdge> {
  const shape = connection(
    page.items.map((item, index) => {
      for (const itemPath of itemPaths(path, plan.itemKeys, index)) {
        keepPages(context, itemPath, plan.nested, item.nested);
      }
      return new ClaimsEdge(item);
    }),
    page,
    // The plan counts whenever the field selects totalCount (plan.ts), so here it has been counted.
    () =>
      total === null
        ? Promise.reject(new Error(`${plan.relation}: totalCount read but not planned`))
        : Promise.resolve(total),
  );
  return { ...shape, coverage: relationCoverage(context, plan.relation, plan.asOf) };
}

// Per request: one DataLoader per plan (relation, arguments, shape and the pages below). Keyed by
// the plan rather than by the field's path, so that parents reached by different paths or aliases
// (`a: project(…) { maintainers }`, `b: project(…) { maintainers }`) share one round trip when they
// ask for the same pages.
const relationLoaders = createContextCache(() => new Map<string, DataLoader<string, Related>>());

/**
 * The connection of the relation field being resolved, for `parent`: the page fetched ahead for
 * this field's path, kept when its parent was fetched; otherwise one page per parent asking the
 * same, in one round trip, with the pages below fetched ahead in the same statement.
 * Either way the items hold only what the query reads of them (look-ahead: the entity properties
 * its fields need, the employers only when `organization` is asked for, the claims only when an
 * edge field reads them).
 */
async function loadRelatedConnection(
  context: Context,
  parent: EntityRecord,
  args: PagingArgs & AsOfArgs,
  info: GraphQLResolveInfo,
): Promise<ConnectionShape<RelatedEdge>> {
  const path = responsePath(info);
  const prefetched = takePage(context, path);
  if (prefetched) return relatedConnection(context, prefetched.plan, prefetched.related, path);
  const plan = planOfField(info, context);
  if (!plan) {
    // No plan: the arguments are bad, and these throw the client's error.
    pageRequest(args);
    relationTime(args, context);
    throw new Error(`${info.parentType.name}.${info.fieldName} is not a relation field`);
  }
  const loaders = relationLoaders(context);
  let loader = loaders.get(plan.signature);
  if (!loader) {
    loader = new DataLoader((keys) => listRelatedByKeys(context.graph, keys, plan));
    loaders.set(plan.signature, loader);
  }
  return relatedConnection(context, plan, await loader.load(parent.id), path);
}

/**
 * A relation connection field's arguments, extension and resolver: `relation` is what it pages
 * through (RELATIONS in graph/relations.ts), and the extension lets look-ahead (plan.ts) fetch it
 * with its parent.
 */
export function relationField(
  arg: ArgBuilder<Types>,
  relation: RelationName,
  options: { group?: string } = {},
) {
  return {
    args: {
      ...relationArgs(arg),
      // Only where the source lists sub-groups; `group` is the description, which says what one is.
      ...(options.group ? { group: arg.string({ description: options.group }) } : {}),
    },
    extensions: { relation },
    resolve: (
      parent: EntityRecord,
      args: PagingArgs & AsOfArgs & GroupArgs,
      context: Context,
      info: GraphQLResolveInfo,
    ) => loadRelatedConnection(context, parent, args, info),
  };
}

type EdgeFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, RelatedEdge>;

/**
 * A relation's connection type: edges carry the claims that relate each item (claimEdgeFields) and
 * what `edge.fields` adds for this relation; the field resolves with `relationField`.
 */
export function relationConnection<Type extends OutputType<Types>>(
  type: Type,
  connection: { name: string; description: string },
  edge: { name: string; description: string; fields?: (t: EdgeFieldBuilder) => FieldMap },
) {
  return builder.connectionObject<Type, RelatedConnection>(
    { type, ...connection },
    { ...edge, fields: (t) => ({ ...claimEdgeFields(t), ...edge.fields?.(t) }) },
  );
}

/**
 * The edge fields of a maintainer's employer for a project (the company on the maintainer's line):
 * on a project's maintainers and on a person's maintained projects.
 */
export function employerEdgeFields(t: EdgeFieldBuilder, organizationDescription: string) {
  return {
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      // Found on the claims' lines in the same statement (pages.ts), not read from the claims here.
      extensions: readsClaim([]),
      description: organizationDescription,
      resolve: (edge) => edge.organizations[0]?.id ?? null,
    }),
    employerAsWritten: t.string({
      nullable: true,
      extensions: readsClaim([]),
      description:
        'The company exactly as the maintainer list writes it on the same line (“Google LLC”, “Red Hat, Inc.”); `organization` is what it was resolved to. Null where no employer is listed.',
      resolve: (edge) => edge.organizations[0]?.asWritten ?? null,
    }),
  };
}

/** Fields every relation edge has: its claims and what they say together. */
export function claimEdgeFields(t: EdgeFieldBuilder) {
  const claimsOf = (edge: RelatedEdge) => edge.claims;
  return {
    claims: t.field({
      type: [ClaimRef],
      extensions: readsClaim([], { selection: true }),
      description: 'Each source’s statement of this relationship, with its dates and provenance.',
      resolve: (edge) => claimsOf(edge),
    }),
    since: t.field({
      type: 'Date',
      nullable: true,
      extensions: readsClaim(['since', 'listedFrom']),
      description:
        'The earliest start any claim gives: a date its text states, else the day its file first listed it; null when none is dated.',
      resolve: (edge) => earliest(claimsOf(edge).map((claim) => claim.since ?? claim.listedFrom)),
    }),
    until: t.field({
      type: 'Date',
      nullable: true,
      extensions: readsClaim(['heldUntil', 'until', 'listedUntil']),
      description:
        'The latest day any claim ends: its own end (a date its text states, or the day its file stopped listing it, whichever is earlier), or the end another claim of the same pair gives it (the article’s open-ended “elected 2021-02-02” ends with EMERITUS.md’s 2023-02-01); null when a claim has no end.',
      resolve: (edge) => latestOrOpen(claimsOf(edge).map((claim) => claim.heldUntil ?? claimEnd(claim))),
    }),
    overlapFrom: t.field({
      type: 'Date',
      nullable: true,
      // Added to every claim of a page asked `during` a range (relations.ts).
      extensions: readsClaim([]),
      description:
        'Asked `during` a range: the first day of it on which the relationship held (the range’s first day, or the later day it began). Null otherwise.',
      resolve: (edge) => earliest(claimsOf(edge).map((claim) => claim.overlapFrom)),
    }),
    overlapUntil: t.field({
      type: 'Date',
      nullable: true,
      extensions: readsClaim([]),
      description:
        'Asked `during` a range: the day within it on which the relationship stopped holding; null when it held to the range’s end (or when not asked `during`).',
      resolve: (edge) => latestOrOpen(claimsOf(edge).map((claim) => claim.overlapUntil)),
    }),
    roles: t.stringList({
      extensions: readsClaim(['role', 'seat', 'group', 'tier']),
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

/** Where a claim ends of itself: the earlier of its stated end and the day its file dropped it. */
/** The earliest of the days given, or null when none is. */
function earliest(days: readonly (string | null | undefined)[]): string | null {
  return days.filter((day): day is string => Boolean(day)).sort()[0] ?? null;
}

/** The latest of the ends given, or null when one of them is open (none), or none is given. */
function latestOrOpen(ends: readonly (string | null | undefined)[]): string | null {
  if (ends.some((end) => !end)) return null;
  return (ends as string[]).sort().at(-1) ?? null;
}

function claimEnd(claim: ClaimRecord): string | undefined {
  const ends = [claim.until, claim.listedUntil].filter((end): end is string => Boolean(end));
  return ends.sort()[0];
}

// The Claim type is defined in types/Claim.ts; its ref lives here so edges can name it.
export const ClaimRef = builder.objectRef<ClaimRecord>('Claim');
