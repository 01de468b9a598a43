import { print } from '@0no-co/graphql.web';
import { initGraphQLTada, type TadaDocumentNode } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Documents typed from the schema (gql.tada): `graphql(\`…\`)` checks a document against
 * schema/schema.graphql as TypeScript compiles it, and gives its result and variables types, so a
 * schema change that breaks a view fails `npm run typecheck`. `graphql-env.d.ts` is generated from
 * the schema by `npm run typecheck` (`gql.tada generate output`), never by hand; it is not kept in git.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Date: string; ID: string };
  // Fragments' fields are read as if written in place: the views read plain objects.
  disableMasking: true;
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';

/** The name of a typed document's operation (the one it holds). */
export function operationName(document: TadaDocumentNode<unknown, never>): string {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  }
  throw new Error('a typed document without a named operation');
}

/** A typed document as the text sent to the API (and shown by "open in GraphiQL"). */
export function documentText(document: TadaDocumentNode<unknown, never>): string {
  return print(document);
}
