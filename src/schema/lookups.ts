import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { type GraphQLResolveInfo, getNamedType } from 'graphql';
import {
  type Found,
  findEntitiesByNames,
  findPeopleByHandles,
  type ItemShape,
  type NamedLabel,
  type NameLookup,
} from '../graph/entities.ts';
import type { EntityRecord } from '../graph/records.ts';
import type { Context } from './builder.ts';
import { type PagePlan, planOfEntityField } from './plan.ts';
import { keepPages, responsePath } from './prefetched.ts';
import { entityProperties } from './projection.ts';
import { selectedFieldsAt } from './selection.ts';
import { idOfType } from './types/ids.ts';

/**
 * Per-request loaders for lookups by name and by handle. Each lookup field reads its selection
 * (look-ahead): the entity comes back with the properties its fields read and the relation pages
 * they ask of it, in the same statement (see plan.ts). Every `project(name: …)`, `body(name: …)` or
 * filter by name in a request that asks for the same is one Cypher round trip, and the node's own
 * loader has nothing left to fetch.
 */
function loaderPerShape<Key, CacheKey>(
  find: (context: Context, keys: readonly Key[], shape: ItemShape) => Promise<(Found | null)[]>,
  cacheKeyFn: (key: Key) => CacheKey,
) {
  const loaders = createContextCache(() => new Map<string, DataLoader<Key, Found | null, CacheKey>>());
  return (context: Context, shape: LookupShape) => {
    const byShape = loaders(context);
    const signature = `${JSON.stringify(shape.properties)}${shape.pages
      .map((plan) => `${JSON.stringify(plan.responseKey)}:${plan.signature}`)
      .join(',')}`;
    let loader = byShape.get(signature);
    if (!loader) {
      loader = new DataLoader((keys) => find(context, keys, shape), { cacheKeyFn });
      byShape.set(signature, loader);
    }
    return loader;
  };
}

/** What a lookup returns: the properties the field's selection reads, the pages it asks below. */
interface LookupShape extends ItemShape {
  pages: readonly PagePlan[];
}

// A lookup with no field to look ahead from (a filter's name, say): the whole entity, no pages.
const WHOLE_ENTITY: LookupShape = { properties: null, pages: [] };

function shapeOf(context: Context, info: GraphQLResolveInfo | undefined): LookupShape {
  if (!info) return WHOLE_ENTITY;
  return {
    properties: entityProperties(getNamedType(info.returnType), selectedFieldsAt(info, [])),
    pages: planOfEntityField(info, context),
  };
}

const nameLoader = loaderPerShape<NameLookup, string>(
  (context, lookups, shape) => findEntitiesByNames(context.graph, lookups, shape),
  ({ label, name }) => `${label}\u0000${name.toLowerCase()}`,
);

const handleLoader = loaderPerShape<string, string>(
  (context, handles, shape) => findPeopleByHandles(context.graph, handles, shape),
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
  return lookedUp(context, info, nameLoader, { label, name });
}

/**
 * The entity `loader` finds for `key`, given the lookup field being resolved (`info`): the pages
 * its selection asks of the entity are kept for the fields below it (prefetched.ts).
 */
async function lookedUp<Key>(
  context: Context,
  info: GraphQLResolveInfo | undefined,
  loader: (context: Context, shape: LookupShape) => DataLoader<Key, Found | null, unknown>,
  key: Key,
): Promise<EntityRecord | null> {
  const shape = shapeOf(context, info);
  const found = await loader(context, shape).load(key);
  if (!found) return null;
  if (info) keepPages(context, responsePath(info), shape.pages, found.pages);
  return found.entity;
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
  return lookedUp(context, info, handleLoader, handle);
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
