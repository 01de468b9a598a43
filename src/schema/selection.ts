import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved selects any of `names` among its own sub-fields, directly or
 * through fragments. Lets a resolver skip Cypher whose answer nobody asked for: a list asked only
 * for its `totalCount` needs the count, not a page of items.
 */
export function selectsAnyOf(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const wanted = new Set(names);
  const visited = new Set<string>();
  const search = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return wanted.has(selection.name.value);
        case Kind.INLINE_FRAGMENT:
          return search(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (visited.has(name)) return false;
          visited.add(name);
          return search(info.fragments[name]?.selectionSet);
        }
        default:
          return false;
      }
    });
  return info.fieldNodes.some((node) => search(node.selectionSet));
}

/**
 * The names of the fields selected at `path` below the field being resolved (through fragments),
 * e.g. `['edges', 'node']` of a connection: the fields asked of each item.
 */
export function selectedFieldsAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode | undefined, depth: number): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (depth === path.length) found.add(selection.name.value);
        else if (selection.name.value === path[depth]) walk(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, depth);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        // The same fragment may be spread at several depths; remember it per depth.
        const key = `${selection.name.value}@${depth}`;
        if (visited.has(key)) continue;
        visited.add(key);
        walk(info.fragments[selection.name.value]?.selectionSet, depth);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, 0);
  return found;
}
