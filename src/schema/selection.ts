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
