import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import {
  type EntityRecord,
  findEntitiesByNames,
  findPeopleByHandles,
  type NamedLabel,
  type NameLookup,
} from '../graph/entities.ts';
import type { Context } from './builder.ts';
import { idOfType } from './types/ids.ts';

/**
 * Per-request loaders for lookups by name and by handle: every `project(name: …)`, `body(name: …)`
 * or filter by name in one request is answered by one Cypher round trip, and the entity comes back
 * whole, so the node's own loader has nothing left to fetch.
 */
const nameLoader = createContextCache(
  (context: Context) =>
    new DataLoader<NameLookup, EntityRecord | null, string>(
      (lookups) => findEntitiesByNames(context.graph, lookups),
      { cacheKeyFn: ({ label, name }) => `${label}\u0000${name.toLowerCase()}` },
    ),
);

const handleLoader = createContextCache(
  (context: Context) =>
    new DataLoader<string, EntityRecord | null, string>(
      (handles) => findPeopleByHandles(context.graph, handles),
      {
        cacheKeyFn: (handle) => handle.replace(/^@/, '').toLowerCase(),
      },
    ),
);

/** The node of `label` named `name` (or also known by it), forgiving case; null when none is. */
export function entityByName(
  context: Context,
  label: NamedLabel,
  name: string,
): Promise<EntityRecord | null> {
  return nameLoader(context).load({ label, name });
}

/** The id of that node; null when none is. */
export async function idByName(context: Context, label: NamedLabel, name: string): Promise<string | null> {
  return (await entityByName(context, label, name))?.id ?? null;
}

/** The person with this GitHub handle (any case, with or without @); null when none has it. */
export function personByHandle(context: Context, handle: string): Promise<EntityRecord | null> {
  return handleLoader(context).load(handle);
}

/**
 * The resolver of a root lookup field taking `id` or `name` (project, organization, category):
 * an id is checked to be of the kind and left to the node's loader; a name goes to the batched
 * name loader, which returns the entity whole.
 */
export function byIdOrName(label: NamedLabel) {
  return (
    _root: unknown,
    args: { id?: string | number | null; name?: string | null },
    context: Context,
  ): Promise<EntityRecord | null> | string | null => {
    if (args.id) return idOfType(String(args.id), label);
    if (args.name) return entityByName(context, label, args.name);
    return null;
  };
}
