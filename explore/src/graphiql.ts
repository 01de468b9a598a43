/**
 * "Open in GraphiQL": a link to /graphql that opens the query behind the current view.
 *
 * Yoga's GraphiQL takes the editor's text from the `query` URL parameter but not the variables
 * (it reads no `variables` parameter), so the link carries one self-contained document: each
 * variable's value becomes its default (`$asOf: Date = "2021-06-01"`), and running the document
 * as it opens gives the same answer the page got.
 */

/** A JSON value written as a GraphQL literal (strings, numbers, booleans, null, lists, objects). */
export function graphqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(graphqlLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(([key, inner]) => `${key}: ${graphqlLiteral(inner)}`);
    return `{${fields.join(', ')}}`;
  }
  throw new Error(`cannot write ${typeof value} as a GraphQL literal`);
}

// The operation's variable definitions, as this page writes them: `query Name($a: T, $b: U) {`.
const HEADER = /^(query\s+\w+\s*)\(([^)]*)\)/;

/** The document with each given variable's value as its default. */
export function withVariableDefaults(document: string, variables: Record<string, unknown>): string {
  return document.replace(HEADER, (_match, head: string, definitions: string) => {
    const written = definitions.split(',').map((definition) => {
      const trimmed = definition.trim();
      const name = /^\$(\w+)/.exec(trimmed)?.[1];
      if (!name || !(name in variables) || trimmed.includes('=')) return trimmed;
      return `${trimmed} = ${graphqlLiteral(variables[name])}`;
    });
    return `${head}(${written.join(', ')})`;
  });
}

/** The GraphiQL URL (same origin) that opens `document` with `variables` filled in. */
export function graphiqlHref(document: string, variables: Record<string, unknown>): string {
  const query = withVariableDefaults(document, variables);
  return `/graphql?${new URLSearchParams({ query }).toString()}`;
}
