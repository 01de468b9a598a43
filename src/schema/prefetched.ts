import { createContextCache } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Related } from '../graph/pages.ts';
import type { Context } from './builder.ts';
import type { ItemKeys, PagePlan } from './plan.ts';

/**
 * Where the pages fetched ahead (look-ahead, plan.ts) wait for the fields that will ask for them:
 * per request, by the response path of the field (`project.maintainers`,
 * `projects.edges.3.node.maintainers`). Whoever fetched a page with its parent (a root list, a
 * lookup, a relation connection) keeps it here under the path its field will have; the relation
 * field finds it by its own path, or loads its page itself. Nothing is hidden on the entities, and
 * no plan is compared with another: a path names one field of one response, with one set of
 * arguments.
 */
interface Prefetched {
  plan: PagePlan;
  related: Related;
}

const stores = createContextCache(() => new Map<string, Prefetched>());

/** The response path of the field being resolved, as text (`projects.edges.3.node.maintainers`). */
export function responsePath(info: GraphQLResolveInfo): string {
  let text = String(info.path.key);
  for (let at = info.path.prev; at; at = at.prev) text = `${at.key}.${text}`;
  return text;
}

/**
 * Keeps `pages` (one per plan of `plans`, in order) for the fields of the entity at `entityPath`.
 * The entity of a connection's item stands at each of its `itemPaths`.
 */
export function keepPages(
  context: Context,
  entityPath: string,
  plans: readonly PagePlan[],
  pages: readonly Related[],
): void {
  if (plans.length === 0) return;
  const store = stores(context);
  plans.forEach((plan, index) => {
    const related = pages[index];
    if (related) store.set(`${entityPath}.${plan.responseKey}`, { plan, related });
  });
}

/** The paths of a connection's item `index` (one per spelling of `edges { node }`). */
export function itemPaths(connectionPath: string, itemKeys: ItemKeys, index: number): string[] {
  return itemKeys.map(([edges, node]) => `${connectionPath}.${edges}.${index}.${node}`);
}

/** The page kept for the field at `path`, taken out (each path is resolved once); none: undefined. */
export function takePage(context: Context, path: string): Prefetched | undefined {
  const store = stores(context);
  const found = store.get(path);
  if (found) store.delete(path);
  return found;
}
