import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import { type GraphQLSchema, isObjectType } from 'graphql';
import type { SourceSpan } from '../graph/coverage.ts';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { multiplies } from './cost.ts';
import { quoteInput, userInputError } from './errors.ts';

/** What every resolver sees; built per request in app.ts, so loaders never outlive a request. */
export interface Context {
  graph: GraphExecutor;
  /** The service's version, for the `about` field. */
  version: string;
  /** The default `asOf`: the request's own date (UTC), fixed for the whole request. */
  today: string;
  /** What this request has cost so far (Cypher round trips), for metrics and logs. */
  requestStats: { roundTrips: number };
}

/**
 * Whether a global id names a type that implements Node (see refs.ts), asked of the schema itself
 * so that a node type added to refs.ts is found by id without another list to keep.
 */
function isNodeType(schema: GraphQLSchema, typename: string): boolean {
  const type = schema.getType(typename);
  return isObjectType(type) && type.getInterfaces().some((face) => face.name === 'Node');
}

/** The one schema builder; it defines no types itself (see types/). */
/** What `coverage` on a connection answers (types/Coverage.ts). */
export interface CoverageShape {
  asOf: string;
  spans: { span: SourceSpan; covers: boolean }[];
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: { Date: { Input: string; Output: string } };
  // Every connection carries a thunk for its total, so the count query runs only when selected.
  // Relation connections also say which files read through their history speak for their day.
  Connection: { totalCount: () => Promise<number>; coverage?: () => Promise<CoverageShape | null> };
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // A well-formed global id naming a type that is not a node (forged, or from another API) is
    // an id no entity has: null, not the plugin's internal error.
    nodeQueryOptions: {
      description: 'Any entity by its global id; null when no entity has it.',
      args: { id: { description: 'A global id, as `id` fields give them.' } },
      resolve: (_root, { id }, _context, info, resolveNode) =>
        isNodeType(info.schema, id.typename) ? resolveNode(id) : null,
    },
    nodesQueryOptions: {
      description: 'Entities by global ids, in the same order; null for ids no entity has.',
      args: { ids: { description: 'Global ids, as `id` fields give them.' } },
      // Each id is looked up, and its selection runs once.
      extensions: multiplies((args) => (Array.isArray(args.ids) ? Math.max(1, args.ids.length) : 1)),
      // The plugin's resolveNodes loads every id of the argument whatever it is given, so an id
      // of a type that is not a node cannot be left out: it is refused as the client's mistake.
      resolve: (_root, { ids }, _context, info, resolveNodes) => {
        const foreign = ids.find((id) => !isNodeType(info.schema, id.typename));
        if (foreign) {
          throw userInputError(`${quoteInput(foreign.typename)} is not a type of this API`, 'ids');
        }
        return resolveNodes(ids);
      },
    },
    nodeTypeOptions: { description: 'An entity with a global id (Relay).' },
    pageInfoTypeOptions: { description: 'Where a page stands in its list (Relay).' },
    idFieldOptions: { description: 'The global id (Relay); opaque, stable across imports.' },
    cursorFieldOptions: { description: 'Where this item stands, for `after`.' },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items of this page with what relates them.' },
    pageInfoFieldOptions: { description: 'Where this page stands.' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'The first item’s cursor.' },
    endCursorFieldOptions: { description: 'The last item’s cursor; pass it as `after` for the next page.' },
  },
});

/** The builder's types, for helpers that take a Pothos field or argument builder. */
export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds (counted only when asked for).',
    resolve: (connection) => connection.totalCount(),
  }),
);
