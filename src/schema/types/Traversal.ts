import type { ArgBuilder } from '@pothos/core';
import type { ClaimRecord, EntityRecord } from '../../graph/records.ts';
import {
  DEFAULT_TRAVERSAL_TYPES,
  findAllShortestPaths,
  findCommonGround,
  findNeighbourhood,
  findShortestPaths,
  MAX_ALL_SHORTEST_PATHS,
  MAX_ALTERNATIVE_PATHS,
  MAX_NEIGHBOURHOOD_DEPTH,
  MAX_PATH_HOPS,
  MAX_PER_HOP,
  type PathRecord,
  type PathRequest,
  TRAVERSABLE_TYPES,
  type TraversableType,
} from '../../graph/traversal.ts';
import { builder, type Context, type Types } from '../builder.ts';
import { ClaimRef } from '../connections.ts';
import { multiplies, size } from '../cost.ts';
import { quoteInput, userInputError } from '../errors.ts';
import { explainHop } from '../explain.ts';
import { EntityRef } from '../refs.ts';
import { selectsAnyOf } from '../selection.ts';
import { EntityKind } from './Search.ts';

const RelationshipKind = builder.enumType('RelationshipKind', {
  description: 'Kinds of relationship a traversal may follow.',
  values: Object.fromEntries(
    TRAVERSABLE_TYPES.map((type) => [
      type,
      { value: type, description: `${type.replace(/_/g, ' ').toLowerCase()} claims.` },
    ]),
  ) as Record<TraversableType, { value: TraversableType; description: string }>,
});

const HopDirection = builder.enumType('HopDirection', {
  description: 'How a hop walks its relationship.',
  values: {
    FORWARD: {
      value: 'FORWARD',
      description: 'From the relationship’s start to its end (Person → Project for MAINTAINS).',
    },
    BACKWARD: { value: 'BACKWARD', description: 'Against it (Project → Person for MAINTAINS).' },
  } as const,
});

interface HopShape {
  from: EntityRecord;
  to: EntityRecord;
  claims: (ClaimRecord & { start: string })[];
  today: string;
}

const PathHop = builder.objectRef<HopShape>('PathHop').implement({
  description: 'One step of a path: two entities and the claims that join them.',
  fields: (t) => ({
    from: t.field({ type: EntityRef, description: 'Where the step starts.', resolve: (hop) => hop.from }),
    to: t.field({ type: EntityRef, description: 'Where it ends.', resolve: (hop) => hop.to }),
    type: t.string({
      description: 'The relationship (MAINTAINS, SERVES_ON, …).',
      resolve: (hop) => hop.claims[0]?.type ?? '',
    }),
    direction: t.field({
      type: HopDirection,
      description: 'Whether the path walks the relationship forwards or backwards.',
      resolve: (hop) => (hop.claims[0]?.start === hop.from.id ? 'FORWARD' : 'BACKWARD'),
    }),
    claims: t.field({
      type: [ClaimRef],
      description: 'Every claim joining the two entities along this step, each with its source.',
      resolve: (hop) => hop.claims,
    }),
    explanation: t.string({
      description: 'The step in one readable line, with its dates and sources.',
      resolve: (hop) => {
        const forward = hop.claims[0]?.start === hop.from.id;
        const [subject, object] = forward ? [hop.from, hop.to] : [hop.to, hop.from];
        return explainHop(subject, object, hop.claims, hop.today);
      },
    }),
  }),
});

interface PathShape {
  path: PathRecord;
  today: string;
}

const Path = builder.objectRef<PathShape>('Path').implement({
  description: 'A route between two entities.',
  fields: (t) => ({
    length: t.int({ description: 'How many hops.', resolve: ({ path }) => path.relationships.length }),
    nodes: t.field({
      type: [EntityRef],
      description: 'The entities along it, in order.',
      resolve: ({ path }) => path.nodes,
    }),
    hops: t.field({
      type: [PathHop],
      description: 'Its steps, in order.',
      resolve: ({ path, today }) =>
        path.relationships.map((relationship, index) => ({
          from: path.nodes[index] as EntityRecord,
          to: path.nodes[index + 1] as EntityRecord,
          claims: path.hops?.[index] ?? [relationship],
          today,
        })),
    }),
  }),
});

interface PathSearchShape {
  request: PathRequest;
  context: Context;
}

async function paths(run: () => Promise<PathRecord[]>, today: string): Promise<PathShape[]> {
  return (await run()).map((path) => ({ path, today }));
}

const PathSearch = builder.objectRef<PathSearchShape>('PathSearch').implement({
  description:
    'Routes between two entities. Each field runs its own search only when selected; none found gives null or an empty list, never an error.',
  fields: (t) => ({
    shortest: t.field({
      type: Path,
      nullable: true,
      description: 'The shortest route; null when none is within maxHops.',
      resolve: async ({ request, context }) =>
        (await paths(() => findShortestPaths(context.graph, request, 1), context.today))[0] ?? null,
    }),
    allShortest: t.field({
      type: [Path],
      extensions: multiplies(() => MAX_ALL_SHORTEST_PATHS),
      description: 'Every distinct route of the shortest length (at most 25).',
      resolve: ({ request, context }) =>
        paths(() => findAllShortestPaths(context.graph, request), context.today),
    }),
    alternatives: t.field({
      type: [Path],
      description: `Up to k distinct routes, shortest first (k at most ${MAX_ALTERNATIVE_PATHS}).`,
      args: { k: t.arg.int({ description: `How many routes (default ${DEFAULT_ALTERNATIVES}).` }) },
      extensions: multiplies((args) => size(args.k, DEFAULT_ALTERNATIVES)),
      resolve: ({ request, context }, args) => {
        const k = args.k ?? DEFAULT_ALTERNATIVES;
        if (k < 1 || k > MAX_ALTERNATIVE_PATHS) {
          throw userInputError(`k must be between 1 and ${MAX_ALTERNATIVE_PATHS}; got ${k}`, 'k');
        }
        return paths(() => findShortestPaths(context.graph, request, k), context.today);
      },
    }),
  }),
});

/** What every traversal (path, neighbourhood, common ground) follows: which relationships, on which day. */
const traversalArgs = (t: ArgBuilder<Types>) => ({
  via: t({
    type: [RelationshipKind],
    description: 'Only these kinds of relationship (default: all but categories and maturity).',
  }),
  asOf: t({
    type: 'Date',
    description: 'Only relationships holding on this day. Left out or null: any time.',
  }),
});

const DEFAULT_ALTERNATIVES = 3;
const DEFAULT_MAX_HOPS = 4;
const DEFAULT_DEPTH = 1;
const DEFAULT_LIMIT_PER_HOP = 25;

/** An entity argument: a readable key (person:gh:resouer) or a Relay global id. */
function entityKey(id: string): string {
  if (/^[a-z]+:/.test(id)) return id;
  try {
    const decoded = Buffer.from(id, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator > 0 && /^[a-z]+:/.test(decoded.slice(separator + 1))) return decoded.slice(separator + 1);
  } catch {
    // Falls through to the error below.
  }
  throw userInputError(`${quoteInput(id)} is not an id this API gave out`, 'id');
}

function relationshipTypes(via: readonly TraversableType[] | null | undefined): readonly TraversableType[] {
  return via && via.length > 0 ? via : DEFAULT_TRAVERSAL_TYPES;
}

builder.queryField('path', (t) =>
  t.field({
    type: PathSearch,
    description:
      'Routes between any two entities, each hop explained. By default category and maturity links are not followed.',
    args: {
      from: t.arg.id({ required: true, description: 'Where to start (a global id or a readable key).' }),
      to: t.arg.id({ required: true, description: 'Where to arrive.' }),
      maxHops: t.arg.int({
        description: `Longest route to look for (1–${MAX_PATH_HOPS}, default ${DEFAULT_MAX_HOPS}).`,
      }),
      ...traversalArgs(t.arg),
    },
    // A route of maxHops hops: its selection runs once per hop.
    extensions: multiplies((args) => size(args.maxHops, DEFAULT_MAX_HOPS)),
    resolve: (_root, args, context) => {
      const maxHops = args.maxHops ?? DEFAULT_MAX_HOPS;
      if (maxHops < 1 || maxHops > MAX_PATH_HOPS) {
        throw userInputError(`maxHops must be between 1 and ${MAX_PATH_HOPS}; got ${maxHops}`, 'maxHops');
      }
      return {
        request: {
          from: entityKey(String(args.from)),
          to: entityKey(String(args.to)),
          maxHops,
          types: relationshipTypes(args.via),
          // Paths default to "any time": a route through a past TOC term is still a route.
          asOf: args.asOf ?? null,
        },
        context,
      };
    },
  }),
);

// ---------------------------------------------------------------------------------------------

const SubgraphNode = builder.objectRef<EntityRecord & { depth: number }>('SubgraphNode').implement({
  description: 'A node of a subgraph, ready for cytoscape.js or d3 (`id` is what edges point at).',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The readable key; edges refer to it as source and target.' }),
    kind: t.field({
      type: EntityKind,
      description: 'What kind of entity.',
      resolve: (node) => node.label,
    }),
    name: t.exposeString('name', { description: 'Its name, for a label.' }),
    depth: t.exposeInt('depth', { description: 'Hops from the centre (0 for the centre).' }),
    entity: t.field({
      type: EntityRef,
      description: 'The entity, for more fields.',
      resolve: (node) => node,
    }),
  }),
});

const SubgraphEdge = builder
  .objectRef<{ from: string; type: string; to: string; claims: ClaimRecord[] }>('SubgraphEdge')
  .implement({
    description: 'An edge of a subgraph: every claim of one kind from one node to another.',
    fields: (t) => ({
      id: t.string({
        description: 'source|type|target.',
        resolve: (edge) => `${edge.from}|${edge.type}|${edge.to}`,
      }),
      source: t.exposeString('from', { description: 'The start node’s id.' }),
      target: t.exposeString('to', { description: 'The end node’s id.' }),
      type: t.exposeString('type', { description: 'The relationship (MAINTAINS, SERVES_ON, …).' }),
      claims: t.field({
        type: [ClaimRef],
        description: 'The claims it stands for.',
        resolve: (edge) => edge.claims,
      }),
    }),
  });

const Subgraph = builder
  .objectRef<{
    nodes: (EntityRecord & { depth: number })[];
    edges: { from: string; type: string; to: string; claims: ClaimRecord[] }[];
    truncated: boolean;
  }>('Subgraph')
  .implement({
    description:
      'A neighbourhood: nodes and edges in the shape graph libraries draw (d3: nodes/links by id; cytoscape: `elements`).',
    fields: (t) => ({
      nodes: t.field({
        type: [SubgraphNode],
        description: 'The nodes, centre first, then ring by ring.',
        resolve: (g) => g.nodes,
      }),
      edges: t.field({ type: [SubgraphEdge], description: 'The edges among them.', resolve: (g) => g.edges }),
      truncated: t.exposeBoolean('truncated', {
        description: 'Whether a ring had more nodes than limitPerHop allowed.',
      }),
      elements: t.string({
        description: 'The same subgraph as a cytoscape.js `elements` array, JSON-encoded.',
        resolve: (g) =>
          JSON.stringify([
            ...g.nodes.map((node) => ({
              group: 'nodes',
              data: { id: node.id, label: node.name, kind: node.label, depth: node.depth },
            })),
            ...g.edges.map((edge) => ({
              group: 'edges',
              data: {
                id: `${edge.from}|${edge.type}|${edge.to}`,
                source: edge.from,
                target: edge.to,
                type: edge.type,
                claims: edge.claims.length,
              },
            })),
          ]),
      }),
    }),
  });

builder.queryField('neighbourhood', (t) =>
  t.field({
    type: Subgraph,
    nullable: true,
    description:
      'An entity and what surrounds it, up to a few hops, best-connected neighbours first; null when the id is unknown.',
    args: {
      id: t.arg.id({ required: true, description: 'The centre (a global id or a readable key).' }),
      depth: t.arg.int({
        description: `How many hops (1–${MAX_NEIGHBOURHOOD_DEPTH}, default ${DEFAULT_DEPTH}).`,
      }),
      kinds: t.arg({
        type: [EntityKind],
        description: 'Only these kinds of entity beyond the centre (default: all).',
      }),
      limitPerHop: t.arg.int({
        description: `At most this many new nodes per ring (1–${MAX_PER_HOP}, default ${DEFAULT_LIMIT_PER_HOP}).`,
      }),
      ...traversalArgs(t.arg),
    },
    // Ring size × rings.
    extensions: multiplies(
      (args) => size(args.limitPerHop, DEFAULT_LIMIT_PER_HOP) * size(args.depth, DEFAULT_DEPTH),
    ),
    resolve: async (_root, args, context, info) => {
      const depth = args.depth ?? DEFAULT_DEPTH;
      const limitPerHop = args.limitPerHop ?? DEFAULT_LIMIT_PER_HOP;
      if (depth < 1 || depth > MAX_NEIGHBOURHOOD_DEPTH) {
        throw userInputError(`depth must be between 1 and ${MAX_NEIGHBOURHOOD_DEPTH}; got ${depth}`, 'depth');
      }
      if (limitPerHop < 1 || limitPerHop > MAX_PER_HOP) {
        throw userInputError(
          `limitPerHop must be between 1 and ${MAX_PER_HOP}; got ${limitPerHop}`,
          'limitPerHop',
        );
      }
      return await findNeighbourhood(
        context.graph,
        {
          id: entityKey(String(args.id)),
          depth,
          kinds: args.kinds ?? [],
          types: relationshipTypes(args.via),
          limitPerHop,
          asOf: args.asOf ?? null,
        },
        // Look-ahead: the edges cost a round trip of their own, spent only when they are shown.
        { withEdges: selectsAnyOf(info, ['edges', 'elements']) },
      );
    },
  }),
);

// ---------------------------------------------------------------------------------------------

interface OverlapShape {
  entity: EntityRecord;
  since: string;
  until: string | null;
  claimOfA: ClaimRecord;
  claimOfB: ClaimRecord;
}

const SharedNeighbour = builder
  .objectRef<{ entity: EntityRecord; claimsOfA: ClaimRecord[]; claimsOfB: ClaimRecord[] }>('SharedNeighbour')
  .implement({
    description: 'Something both entities are related to, with each side’s claims.',
    fields: (t) => ({
      entity: t.field({
        type: EntityRef,
        description: 'The shared project, organization, body, person, category or maturity level.',
        resolve: (s) => s.entity,
      }),
      claimsOfA: t.field({
        type: [ClaimRef],
        description: 'How the first entity relates to it.',
        resolve: (s) => s.claimsOfA,
      }),
      claimsOfB: t.field({
        type: [ClaimRef],
        description: 'How the second entity relates to it.',
        resolve: (s) => s.claimsOfB,
      }),
    }),
  });

const TermOverlap = builder.objectRef<OverlapShape>('TermOverlap').implement({
  description: 'A stretch of time both held a dated role in the same body or project.',
  fields: (t) => ({
    entity: t.field({ type: EntityRef, description: 'Where they overlapped.', resolve: (o) => o.entity }),
    since: t.field({ type: 'Date', description: 'When the overlap began.', resolve: (o) => o.since }),
    until: t.field({
      type: 'Date',
      nullable: true,
      description: 'When it ended; null while both go on.',
      resolve: (o) => o.until,
    }),
    claimOfA: t.field({
      type: ClaimRef,
      description: 'The first entity’s claim.',
      resolve: (o) => o.claimOfA,
    }),
    claimOfB: t.field({
      type: ClaimRef,
      description: 'The second entity’s claim.',
      resolve: (o) => o.claimOfB,
    }),
  }),
});

/** Pairs of dated claims (one of each side) on the same entity whose periods intersect. */
export function termOverlaps(
  shared: { entity: EntityRecord; claimsOfA: ClaimRecord[]; claimsOfB: ClaimRecord[] }[],
): OverlapShape[] {
  const overlaps: OverlapShape[] = [];
  const dated = (claim: ClaimRecord) => Boolean(claim.since);
  for (const item of shared) {
    for (const a of item.claimsOfA.filter(dated)) {
      for (const b of item.claimsOfB.filter(dated)) {
        const since = (a.since as string) > (b.since as string) ? (a.since as string) : (b.since as string);
        const ends = [a.until, b.until].filter((until): until is string => Boolean(until)).sort();
        const until = ends[0] ?? null;
        // The same stretch stated by several sources is one overlap (the first pair of claims shows).
        const duplicate = overlaps.some(
          (o) => o.entity.id === item.entity.id && o.since === since && o.until === until,
        );
        if ((until === null || since < until) && !duplicate) {
          overlaps.push({ entity: item.entity, since, until, claimOfA: a, claimOfB: b });
        }
      }
    }
  }
  return overlaps.sort(
    (x, y) => x.since.localeCompare(y.since) || x.entity.name.localeCompare(y.entity.name),
  );
}

const CommonGround = builder
  .objectRef<{
    shared: { entity: EntityRecord; claimsOfA: ClaimRecord[]; claimsOfB: ClaimRecord[] }[];
    neighboursOfA: number;
    neighboursOfB: number;
    adamicAdar: number;
  }>('CommonGround')
  .implement({
    description:
      'What two entities share: neighbours, overlapping terms, and how alike their neighbourhoods are.',
    fields: (t) => ({
      shared: t.field({
        type: [SharedNeighbour],
        description: 'Entities both are related to.',
        resolve: (c) => c.shared,
      }),
      overlaps: t.field({
        type: [TermOverlap],
        description: 'Dated roles in the same place at the same time, with the dates of the overlap.',
        resolve: (c) => termOverlaps(c.shared),
      }),
      neighboursOfA: t.exposeInt('neighboursOfA', {
        description: 'How many entities the first is related to.',
      }),
      neighboursOfB: t.exposeInt('neighboursOfB', {
        description: 'How many entities the second is related to.',
      }),
      jaccard: t.float({
        description: 'Shared neighbours over all neighbours of either (0 to 1).',
        resolve: (c) => {
          const union = c.neighboursOfA + c.neighboursOfB - c.shared.length;
          return union > 0 ? c.shared.length / union : 0;
        },
      }),
      adamicAdar: t.exposeFloat('adamicAdar', {
        description:
          'Σ 1/ln(degree) over shared neighbours: sharing a rare neighbour counts more than a hub.',
      }),
    }),
  });

builder.queryField('commonGround', (t) =>
  t.field({
    type: CommonGround,
    nullable: true,
    description: 'What two entities have in common; null when either id is unknown.',
    args: {
      a: t.arg.id({ required: true, description: 'The first entity (a global id or a readable key).' }),
      b: t.arg.id({ required: true, description: 'The second entity.' }),
      ...traversalArgs(t.arg),
    },
    resolve: async (_root, args, context) => {
      return await findCommonGround(context.graph, {
        a: entityKey(String(args.a)),
        b: entityKey(String(args.b)),
        types: relationshipTypes(args.via),
        asOf: args.asOf ?? null,
      });
    },
  }),
);
