import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import {
  type EntityRecord,
  type Found,
  findEntitiesByNames,
  findPeopleByHandles,
  type NamedLabel,
  type NameLookup,
} from '../graph/entities.ts';
import type { Context } from './builder.ts';
import { keepPrefetched } from './connections.ts';
import { type PagePlan, planOfEntityField } from './plan.ts';
import { idOfType } from './types/ids.ts';

/**
 * Per-request loaders for lookups by name and by handle: every `project(name: …)`, `body(name: …)`
 * or filter by name in one request is answered by one Cypher round trip, and the entity comes back
 * whole, so the node's own loader has nothing left to fetch. With the lookup field's `info`, the
 * relation pages its selection asks of the entity come back in the same statement (see plan.ts);
 * lookups that ask for the same pages share a loader, hence a statement.
 */
function loaderPerPlan<Key, CacheKey>(
  find: (context: Context, keys: readonly Key[], plans: readonly PagePlan[]) => Promise<(Found | null)[]>,
  cacheKeyFn: (key: Key) => CacheKey,
) {
  const loaders = createContextCache(() => new Map<string, DataLoader<Key, EntityRecord | null, CacheKey>>());
  return (context: Context, plans: readonly PagePlan[]) => {
    const byPlan = loaders(context);
    const signature = plans.map((plan) => `${JSON.stringify(plan.responseKey)}:${plan.signature}`).join(',');
    let loader = byPlan.get(signature);
    if (!loader) {
      loader = new DataLoader(
        async (keys) =>
          (await find(context, keys, plans)).map((found) => {
            if (!found) return null;
            keepPrefetched(found.entity, plans, found.pages);
            return found.entity;
          }),
        { cacheKeyFn },
      );
      byPlan.set(signature, loader);
    }
    return loader;
  };
}

const nameLoader = loaderPerPlan<NameLookup, string>(
  (context, lookups, plans) => findEntitiesByNames(context.graph, lookups, plans),
  ({ label, name }) => `${label}\u0000${name.toLowerCase()}`,
);

const handleLoader = loaderPerPlan<string, string>(
  (context, handles, plans) => findPeopleByHandles(context.graph, handles, plans),
  (handle) => handle.replace(/^@/, '').toLowerCase(),
);

/**
 * The node of `label` named `name` (or also known by it), forgiving case; null when none is. Given
 * the resolving field's `info`, with the relation pages its selection asks of the node.
 */
export function entityByName(
  context: Context,
  label: NamedLabel,
  name: string,
  info?: GraphQLResolveInfo,
): Promise<EntityRecord | null> {
  return nameLoader(context, info ? planOfEntityField(info, context) : []).load({ label, name });
}

/** The id of that node; null when none is. */
export async function idByName(context: Context, label: NamedLabel, name: string): Promise<string | null> {
  return (await entityByName(context, label, name))?.id ?? null;
}

/** The person with this GitHub handle (any case, with or without @); null when none has it. */
export function personByHandle(
  context: Context,
  handle: string,
  info?: GraphQLResolveInfo,
): Promise<EntityRecord | null> {
  return handleLoader(context, info ? planOfEntityField(info, context) : []).load(handle);
}

/**
 * The resolver of a root lookup field taking `id` or `name` (project, organization, category):
 * an id is checked to be of the kind and left to the node's loader; a name goes to the batched
 * name loader, which returns the entity whole, with the pages the selection asks of it.
 */
export function byIdOrName(label: NamedLabel) {
  return (
    _root: unknown,
    args: { id?: string | number | null; name?: string | null },
    context: Context,
    info: GraphQLResolveInfo,
  ): Promise<EntityRecord | null> | string | null => {
    if (args.id) return idOfType(String(args.id), label);
    if (args.name) return entityByName(context, label, args.name, info);
    return null;
  };
}
