import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';

/** The operation and the fragments (by name) of a GraphQL document: what look-ahead reads. */
export function parseDocument(document: string): {
  parsed: DocumentNode;
  operation: OperationDefinitionNode | undefined;
  fragments: Record<string, FragmentDefinitionNode>;
} {
  const parsed = parse(document);
  const operation = parsed.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const fragments = Object.fromEntries(
    parsed.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return { parsed, operation, fragments };
}
