import { MAX_MESSAGE_LENGTH } from '../../src/client-errors.ts';
import type { GraphQLResponse, ResponseError } from './graphql-client.ts';
import { type Fetcher, GRAPHQL_ORIGIN, GRAPHQL_PATH, type Probe, probe, STACK_TRACE } from './http-probe.ts';

/**
 * A corpus of bad requests a client may get wrong, or send to do harm, and the rules every answer
 * to one is judged by: a 4xx, each error with `extensions.code`, a short message that says nothing
 * of the server's insides. The integration test sends it to the app; `npm run probe:hostile` sends
 * it to a running server.
 */

export const megabyte = 'x'.repeat(1024 * 1024);
/** Text that, in a JSON body, stays just under the 1 MB body limit: it reaches the API's own checks. */
export const nearLimit = 'x'.repeat(900_000);
export const globalId = (typename: string, key: string) =>
  Buffer.from(`${typename}:${key}`).toString('base64');
// As JSON text: JSON.stringify itself overflows the stack on a value nested this deep.
export const DEEP = `${'{"nested":'.repeat(5_000)}"leaf"${'}'.repeat(5_000)}`;
/** A JSON body with `parameters` and, under `key`, a value nested 5,000 levels deep. */
export const withDeep = (parameters: Record<string, unknown>, key: string) =>
  `${JSON.stringify(parameters).slice(0, -1)}, ${JSON.stringify(key)}: ${DEEP}}`;

export interface BadRequest {
  /** Path and query string; `/graphql` when not given. */
  path?: string;
  method?: 'GET' | 'POST';
  contentType?: string;
  accept?: string;
  /** A JSON body (stringified) or the body as sent. */
  body?: Record<string, unknown> | string;
}

const json = (query: string, variables?: Record<string, unknown>, operationName?: string): BadRequest => ({
  body: { query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) },
});
const get = (parameters: Record<string, string>): BadRequest => ({
  method: 'GET',
  path: `${GRAPHQL_PATH}?${new URLSearchParams(parameters)}`,
});

export const CORPUS: [string, BadRequest][] = [
  // Syntax.
  ['a truncated document', json('{ about { name ')],
  ['a stray brace', json('}{')],
  ['a string where a field goes', json('{ "about" }')],
  ['an invalid escape in a string', json('{ search(text: "\\q") { score } }')],
  ['a long name where the syntax breaks', json(`{ about { name } } ${'z'.repeat(15_000)} !`)],
  // Validation.
  ['an unknown field', json('{ secrets { password } }')],
  ['an unknown field with a long name', json(`{ ${'a'.repeat(15_000)} }`)],
  ['an unknown argument', json('{ about(verbose: true) { name } }')],
  ['an argument of the wrong type', json('{ projects(first: "ten") { totalCount } }')],
  ['an unknown variable type', json('query($x: Nope) { about { name } }', { x: 1 })],
  ['an undefined variable', json('{ projects(first: $n) { totalCount } }')],
  ['a selection on a leaf', json('{ about { name { first } } }')],
  ['no selection on an object', json('{ about }')],
  ['an unknown fragment', json('{ ...Nope }')],
  // Variables.
  [
    'a variable of the wrong type',
    json('query($n: Int) { projects(first: $n) { totalCount } }', { n: 'ten' }),
  ],
  [
    'a long string for an Int variable',
    json('query($n: Int) { projects(first: $n) { totalCount } }', { n: 'z'.repeat(100_000) }),
  ],
  ['a missing required variable', json('query($n: Int!) { projects(first: $n) { totalCount } }')],
  [
    'null for a required variable',
    json('query($n: Int!) { projects(first: $n) { totalCount } }', { n: null }),
  ],
  ['an object for an ID variable', json('query($id: ID!) { node(id: $id) { id } }', { id: { a: 1 } })],
  [
    'an object for a Date variable',
    json('query($d: Date) { people(asOf: $d) { totalCount } }', { d: { a: 1 } }),
  ],
  ['variables nested 5,000 levels deep', { body: withDeep({ query: '{ about { name } }' }, 'variables') }],
  ['extensions nested 5,000 levels deep', { body: withDeep({ query: '{ about { name } }' }, 'extensions') }],
  [
    'a list variable of 100,000 bad items',
    json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 100_000 }, () => ({})),
    }),
  ],
  // Enums.
  [
    'a bad enum value',
    json('{ changes(from: "2024-01-01", to: "2024-01-31", kinds: [NOPE]) { totalCount } }'),
  ],
  [
    'a long bad enum value',
    json(`{ changes(from: "2024-01-01", to: "2024-01-31", kinds: [${'Y'.repeat(15_000)}]) { totalCount } }`),
  ],
  [
    'a long bad enum value in a variable',
    json(
      'query($k: [ChangeKind!]) { changes(from: "2024-01-01", to: "2024-01-31", kinds: $k) { totalCount } }',
      {
        k: ['Y'.repeat(100_000)],
      },
    ),
  ],
  [
    'a number for an enum variable',
    json(
      'query($k: [ChangeKind!]) { changes(from: "2024-01-01", to: "2024-01-31", kinds: $k) { totalCount } }',
      {
        k: [5],
      },
    ),
  ],
  ['a bad relationship kind', json('{ neighbourhood(id: "project:gadget", via: [NOPE]) { truncated } }')],
  // Ids.
  ['a malformed id', json('{ node(id: "!!!") { id } }')],
  ['a 900 KB id to node', json('query($id: ID!) { node(id: $id) { id } }', { id: nearLimit })],
  [
    'a 900 KB name filter',
    json('query($s: String) { organizations(filter: { nameContains: $s }) { totalCount } }', {
      s: nearLimit,
    }),
  ],
  ['a 900 KB project name', json('query($s: String) { project(name: $s) { name } }', { s: nearLimit })],
  ['a 1 MB id to node', json('query($id: ID!) { node(id: $id) { id } }', { id: megabyte })],
  ['a 1 MB id to person', json('query($id: ID!) { person(id: $id) { name } }', { id: megabyte })],
  [
    'a 1 MB id to neighbourhood',
    json('query($id: ID!) { neighbourhood(id: $id) { truncated } }', { id: megabyte }),
  ],
  [
    'a 1 MB id to path',
    json('query($id: ID!) { path(from: $id, to: $id) { shortest { length } } }', { id: megabyte }),
  ],
  [
    'a global id of a long made-up type to nodes',
    json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [globalId('Q'.repeat(100_000), 'x')] }),
  ],
  ['a 1 MB date', json('query($d: Date) { people(asOf: $d) { totalCount } }', { d: megabyte })],
  ['a 1 MB cursor', json('query($a: String) { projects(after: $a) { totalCount } }', { a: megabyte })],
  ['1 MB of search text', json('query($t: String!) { search(text: $t) { score } }', { t: megabyte })],
  // Limits.
  ['a document over the size limit', json(`{ search(text: "${megabyte}") { score } }`)],
  ['a document over the token limit', json(`{ ${'__typename '.repeat(5_000)} }`)],
  [
    'a query nested too deep',
    json(
      `{ ${'project(name: "Gadget") { maintainers { edges { node { projects { edges { node { '.repeat(4)} name ${'} } } } } } } } '.repeat(4)} }`,
    ),
  ],
  ['too many aliases', json(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`)],
  [
    'a query over the cost limit',
    json(
      '{ projects(first: 100) { edges { node { maintainers(first: 100) { edges { node { projects(first: 100) { totalCount } } } } } } } }',
    ),
  ],
  ['a page size over the cap', json('{ projects(first: 1000) { totalCount } }')],
  // Operation types this API does not have.
  ['a mutation', json('mutation { x }')],
  ['a mutation of a real-looking field', json('mutation Import { importNow }')],
  ['a subscription', json('subscription { x }')],
  ['a subscription asking for a stream', { ...json('subscription { x }'), accept: 'text/event-stream' }],
  ['a mutation sent as GET', get({ query: 'mutation { about { name } }' })],
  ['a subscription sent as GET', get({ query: 'subscription { x }' })],
  // Operation names.
  ['an unknown operation name', json('query A { about { name } } query B { __typename }', undefined, 'C')],
  ['no operation name for several operations', json('query A { about { name } } query B { __typename }')],
  ['an operation name that is not a string', { body: { query: '{ about { name } }', operationName: 42 } }],
  // The HTTP envelope.
  ['a text/plain body', { contentType: 'text/plain', body: '{ about { name } }' }],
  ['an XML body', { contentType: 'application/xml', body: '<query>{ about { name } }</query>' }],
  [
    'a form body without a query',
    { contentType: 'application/x-www-form-urlencoded', body: 'variables=%7B%7D' },
  ],
  [
    'a multipart body that is not multipart',
    { contentType: 'multipart/form-data; boundary=x', body: 'nothing' },
  ],
  ['a JSON body that is not JSON', { body: '{"query": ' }],
  ['a query that is not a string', { body: { query: { about: 'name' } } }],
  ['variables that are an array', { body: { query: '{ about { name } }', variables: [1, 2] } }],
  ['GET without a query', get({})],
  ['GET variables that are not JSON', get({ query: '{ about { name } }', variables: '{nope' })],
  ['GET variables nested 5,000 levels deep', get({ query: '{ about { name } }', variables: DEEP })],
];

/** Text that tells of the server's insides: code, files, the database, graphql's internal wording. */
export const INTERNALS =
  /Cannot read propert|is not a function|\bat [\w.<>]+ \(|\/work\/|node_modules|\.[cm]?[jt]s\b|Neo4jError|Neo\.[A-Z]|\bbolt:|Cypher|Runtime Object type|Enum "\w+" cannot represent value|Cannot return null for non-nullable|\[object Object\]|undefined/;

/**
 * Sends one bad request to `target`: the app itself (`app.fetch`, no port) or a real server (`fetch`
 * with `base` its origin), and measures the answer.
 */
export async function send(target: Fetcher, request: BadRequest, base = GRAPHQL_ORIGIN): Promise<Probe> {
  const body =
    typeof request.body === 'string' || request.body === undefined
      ? request.body
      : JSON.stringify(request.body);
  return probe(target, `${base}${request.path ?? GRAPHQL_PATH}`, {
    method: request.method ?? 'POST',
    headers: {
      accept: request.accept ?? 'application/graphql-response+json, application/json',
      ...(body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
}

/** The errors of an answer: of its JSON body, or of every `data:` line of an event stream. */
export function errorsOf(result: Probe): ResponseError[] {
  if (result.body) return result.body.errors ?? [];
  return (
    result.text
      .split('\n')
      // `event: complete` comes with an empty `data:`.
      .filter((line) => line.startsWith('data:') && line.slice('data:'.length).trim() !== '')
      .flatMap((line) => (JSON.parse(line.slice('data:'.length)) as GraphQLResponse<unknown>).errors ?? [])
  );
}

/** What is wrong with one answer to a bad request; empty when nothing is. */
export function faultsOf(result: Probe): string[] {
  const faults: string[] = [];
  if (result.status >= 500) faults.push(`status ${result.status}`);
  if (STACK_TRACE.test(result.text)) faults.push('a stack trace');
  const errors = errorsOf(result);
  // Refused by HTTP alone, with no body: a media type that is not GraphQL's (415), or a request line
  // longer than node:http reads (431, before the app sees the request).
  const refusedByHttp = (result.status === 415 || result.status === 431) && result.text === '';
  if (!refusedByHttp && errors.length === 0) {
    faults.push(`no errors: ${result.status} ${result.text.slice(0, 200)}`);
  }
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') faults.push(`no code: ${error.message.slice(0, 200)}`);
    // Every request here is the client's mistake: none is the server's own error.
    if (code === 'INTERNAL_SERVER_ERROR') faults.push(`an internal error for a bad request`);
    if (error.message.length > MAX_MESSAGE_LENGTH)
      faults.push(`a message of ${error.message.length} characters`);
    if (INTERNALS.test(error.message)) faults.push(`internal text: ${error.message.slice(0, 200)}`);
  }
  return faults;
}
