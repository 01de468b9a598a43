// A typed client of this API in 20 lines (README, "Typed clients"): gql.tada types the document from
// the schema, so TypeScript knows `data` and the variables, and fails the build when the schema
// changes under the document. `graphql-env.d.ts` comes from `npx gql.tada generate output`.
import { print } from '@0no-co/graphql.web';
import { initGraphQLTada, type ResultOf, type VariablesOf } from 'gql.tada';
import type { introspection } from '../../explore/src/graphql-env.d.ts';

const graphql = initGraphQLTada<{ introspection: introspection; scalars: { Date: string; ID: string } }>();

const TOC_ON = graphql(`
  query TocOn($asOf: Date) {
    body(name: "TOC") { members(asOf: $asOf, first: 50) { edges { node { name } since until } } }
  }
`);

/** "Name, since – until" for everyone on the TOC on `asOf`. */
export async function tocOn(
  asOf: string,
  endpoint = 'http://127.0.0.1:4000/graphql',
  request: (url: string, init: RequestInit) => Promise<Response> = fetch,
) {
  const variables: VariablesOf<typeof TOC_ON> = { asOf };
  const response = await request(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(TOC_ON), variables }),
  });
  const { data } = (await response.json()) as { data: ResultOf<typeof TOC_ON> };
  return (
    data.body?.members.edges.map(({ node, since, until }) => `${node.name}, ${since} – ${until ?? 'now'}`) ??
    []
  );
}
