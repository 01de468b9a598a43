import { Buffer } from 'node:buffer';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  Lexer,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  Source,
  TokenKind,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from './config.ts';
import { DEFAULT_PAGE_SIZE } from './graph/paging.ts';
import { multiplierOf, size } from './schema/cost.ts';

/**
 * Limits on what one GraphQL document may ask for, checked before any resolver (and so any Cypher)
 * runs. A public endpoint over a graph database is otherwise one nested query away from a denial of
 * service: `projects(first: 100) { … maintainers(first: 100) { … projects(first: 100) … } }` asks
 * Neo4j for a million rows.
 *
 * The same limits keep the event loop free: parsing, validating and compiling a document must take
 * milliseconds, and some of that work grows faster than the document (graphql-jit compiles a chain
 * of N nested fields in time growing with N², graphql-js compares every pair of fragments spread
 * together), so the shape of a document is bounded as well as its size.
 *
 * Each check sits at the earliest stage that has what it needs:
 * - document size (bytes), then tokens and nesting: on the request's parameters, before the text is
 *   parsed (the lexer is linear and iterative; the parser recurses once per nesting level);
 * - fragments, depth, introspection depth and aliases: on the parsed document, before graphql-js
 *   validates it (they depend on the document only, so Yoga's per-document validation cache keeps
 *   the answer), so that a refused document costs no validation either;
 * - cost: just before execution, because it depends on the request's variables (`first: $n`), which
 *   validation does not see and its cache does not key on.
 */

export type Limits = Config['api']['limits'];

/** Which limit a query went over; `extensions.limit` of the error. */
export type LimitName =
  | 'documentBytes'
  | 'tokens'
  | 'nesting'
  | 'fragments'
  | 'depth'
  | 'introspectionDepth'
  | 'aliases'
  | 'cost';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

const MESSAGES: Record<LimitName, (actual: number, max: number) => string> = {
  documentBytes: (actual, max) => `Query document size ${actual} bytes exceeds the limit of ${max} bytes`,
  tokens: (actual, max) => `Query token count ${actual} exceeds the limit of ${max}`,
  nesting: (actual, max) => `Query nesting of braces and brackets ${actual} exceeds the limit of ${max}`,
  fragments: (actual, max) => `Query fragment count ${actual} exceeds the limit of ${max}`,
  depth: (actual, max) => `Query depth ${actual} exceeds the limit of ${max}`,
  introspectionDepth: (actual, max) => `Introspection depth ${actual} exceeds the limit of ${max}`,
  aliases: (actual, max) => `Query alias count ${actual} exceeds the limit of ${max}`,
  cost: (actual, max) =>
    `Query cost ${actual} exceeds the limit of ${max}; ask for smaller pages (\`first\`) in nested lists`,
};

function limitError(
  limit: LimitName,
  actual: number,
  max: number,
  node?: OperationDefinitionNode,
): GraphQLError {
  // A cost can grow past what JSON and messages show exactly; beyond this it makes no difference.
  const shown = Math.min(actual, Number.MAX_SAFE_INTEGER);
  return new GraphQLError(MESSAGES[limit](shown, max), {
    ...(node ? { nodes: node } : {}),
    // `http` is Yoga's and not sent to clients. 400 at every stage and for every Accept header:
    // `spec: false` stops Yoga from answering 200 to `Accept: application/json` clients, as the
    // GraphQL-over-HTTP spec has it for other validation errors; a refused query is not a success.
    extensions: { code: QUERY_TOO_COMPLEX, limit, max, actual: shown, http: { status: 400, spec: false } },
  });
}

/**
 * The most bytes a request body may have: a document within the size limit, and variables holding
 * at most a few thousand ids or names (each at most MAX_TEXT_LENGTH characters, src/schema/text.ts).
 * Without it, Yoga reads up to 25 MB, and every variable is parsed, coerced and kept until the
 * request ends.
 */
export const MAX_REQUEST_BODY_BYTES = 1_000_000;

function requestTooLarge(bytes: number, atLeast?: 'at least'): GraphQLError {
  return createGraphQLError(
    `Request body of ${atLeast ? 'at least ' : ''}${bytes} bytes exceeds the limit of ${MAX_REQUEST_BODY_BYTES} bytes`,
    {
      extensions: {
        code: 'REQUEST_ENTITY_TOO_LARGE',
        max: MAX_REQUEST_BODY_BYTES,
        actual: bytes,
        http: { status: 413 },
      },
    },
  );
}

// One Content-Length: digits only (not "1,2", as request smuggling sends).
const DECIMAL = /^\d+$/;

function badContentLength(): GraphQLError {
  return createGraphQLError('The Content-Length header is not a number of bytes', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

/** A body sent without a declared length, read whole, or refused once it passes the limit. */
async function readWithinLimit(body: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.byteLength;
    if (bytes > MAX_REQUEST_BODY_BYTES) {
      // The rest of the upload is not read.
      await reader.cancel();
      throw requestTooLarge(bytes, 'at least');
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/**
 * The Yoga plugins enforcing `limits`. Their place in the plugin list: before the response cache
 * and anything else that may run resolvers; after plugins that should see refused requests too
 * (metrics, logs). Generic only so that they fit any app's plugin list: they read no context.
 */
export function limitPlugins<TContext extends Record<string, unknown> = Record<string, unknown>>(
  limits: Limits,
): Plugin<TContext>[] {
  const maxNesting = nestingLimit(limits);
  // Per parsed document, which Yoga keeps from one request to the next.
  const shapeErrors = new WeakMap<DocumentNode, GraphQLError[]>();
  return [
    {
      // A body that declares a length over the limit is refused before it is read. One that
      // declares a length within it is let through untouched: node:http delivers exactly the
      // declared bytes, so there is nothing to count. Only a body that declares none (a chunked
      // upload) is counted as it arrives and cut off at the limit. Yoga's `maxRequestBodySize`,
      // off in app.ts, piped every body through a counting stream: about 5 % of the process's
      // CPU on a small nested query (profile in bench/results.md, issue 18).
      onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
        const length = request.headers.get('content-length');
        if (length !== null) {
          if (!DECIMAL.test(length)) throw badContentLength();
          const declared = Number(length);
          if (declared > MAX_REQUEST_BODY_BYTES) throw requestTooLarge(declared);
          return;
        }
        const parse = requestParser;
        if (!parse || request.body === null) return;
        setRequestParser(async (unread) => {
          const body = unread.body ? await readWithinLimit(unread.body) : null;
          return parse(
            new fetchAPI.Request(unread.url, { method: unread.method, headers: unread.headers, body }),
          );
        });
      },
      // The text limits here, on the request's parameters: before the text is parsed (or even
      // lexed, for size), and with the error left as it is. Errors thrown while parsing get Yoga's
      // `spec: true` treatment, which answers 200 to `Accept: application/json` clients.
      onParams({ params, setResult }) {
        if (typeof params.query !== 'string') return;
        const bytes = Buffer.byteLength(params.query, 'utf8');
        if (bytes > limits.maxDocumentBytes) {
          setResult({ errors: [limitError('documentBytes', bytes, limits.maxDocumentBytes)] });
          return;
        }
        // A token is at least one character, and a nesting level one opening brace or bracket: most
        // documents are too short to need lexing.
        if (params.query.length <= limits.maxTokens && openings(params.query) <= maxNesting) return;
        const { tokens, nesting } = scanTokens(params.query);
        if (tokens > limits.maxTokens) {
          setResult({ errors: [limitError('tokens', tokens, limits.maxTokens)] });
        } else if (nesting > maxNesting) {
          setResult({ errors: [limitError('nesting', nesting, maxNesting)] });
        }
      },
    },
    {
      // In place of graphql-js's validation when the document is over a limit: its rules would
      // otherwise run all the same, some in time growing faster than the document.
      onValidate({ params, setResult }) {
        let errors = shapeErrors.get(params.documentAST);
        if (!errors) {
          errors = documentShapeErrors(params.documentAST, limits);
          shapeErrors.set(params.documentAST, errors);
        }
        if (errors.length > 0) setResult(errors);
      },
    },
    {
      onExecute({ args, setResultAndStopExecution }) {
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        if (!operation) return;
        const cost = operationCost(args.schema, args.document, operation, args.variableValues ?? {});
        if (cost !== null && cost > limits.maxCost) {
          setResultAndStopExecution({ errors: [limitError('cost', cost, limits.maxCost, operation)] });
        }
      },
    },
  ];
}

/**
 * How deep braces and brackets may nest: selection sets (one a field level, one an inline fragment),
 * and lists and objects in arguments. Twice the deepest query the depth limits let through leaves
 * room for inline fragments and argument values while keeping the parser's recursion, and the walks
 * of validation and compilation over it, short: 780 nested inline fragments, within the token
 * limit, took 60 ms to validate; 2,000 nested brackets overflowed the parser's stack (a 500).
 */
function nestingLimit(limits: Limits): number {
  return 2 * Math.max(limits.maxDepth, MAX_INTROSPECTION_DEPTH);
}

/** Opening braces and brackets in the text, in strings and comments too: a bound on nesting. */
function openings(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x7b || code === 0x5b) count += 1;
  }
  return count;
}

/**
 * Tokens as the parser sees them (comments and commas are not tokens), and how deep braces and
 * brackets nest. Counted in full, so the error can say by how much; the size limit, checked first,
 * bounds the work (about a millisecond for 20 kB), which is repeated for long documents Yoga has
 * parsed before.
 */
function scanTokens(text: string): { tokens: number; nesting: number } {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let depth = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L) {
        depth += 1;
        nesting = Math.max(nesting, depth);
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R) {
        depth -= 1;
      }
    }
  } catch {
    // A syntax error: the parser reports it (with its location) unless the tokens before it
    // already went over a limit.
  }
  return { tokens, nesting };
}

// Introspection is answered from the schema in memory, never from Neo4j, and its standard query is
// deeper than data queries need to be: graphql's getIntrospectionQuery() (GraphiQL's too) nests 9
// `ofType` levels, 15 fields deep in all (`__schema types fields args type ofType…`). So introspection
// fields have a depth limit of their own instead of counting towards `maxDepth`. Without one, a 14 kB
// chain of 1,300 `ofType`s took seconds of the event loop to validate and compile. graphql-js's
// MaxIntrospectionDepthRule (among the rules Yoga validates with) separately stops recursive
// `fields { type { fields … } }` queries, whose answers grow with the schema.
export const MAX_INTROSPECTION_DEPTH = 20;

function isIntrospectionRoot(field: FieldNode): boolean {
  return field.name.value === '__schema' || field.name.value === '__type';
}

/** How deep a selection goes: in data fields, and in an introspection field with what it selects. */
interface Depths {
  data: number;
  introspection: number;
}

const NO_DEPTH: Depths = { data: 0, introspection: 0 };

// graphql-js's OverlappingFieldsCanBeMergedRule compares every pair of fragments spread in one
// selection set: 400 of them (within the token limit) took 230 ms of CPU to validate, 100 about 10 ms
// (on a loaded two-core machine). Documents written by hand or by GraphiQL hold a few.
export const MAX_FRAGMENTS = 100;

/**
 * The errors of the limits on a document's shape, before it is validated: the number of fragments,
 * then for each operation its depth (fields nested in fields; fragments add no level), the depth of
 * its introspection and its aliases (every aliased field, once for each time its fragment is
 * spread). Fragment results are kept per document, so fragments spread many times cost one walk
 * each; a cycle or an unknown fragment counts as nothing here, and validation reports it.
 */
function documentShapeErrors(document: DocumentNode, limits: Limits): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const fragmentCount = document.definitions.length - operations.length;
  if (fragmentCount > MAX_FRAGMENTS) return [limitError('fragments', fragmentCount, MAX_FRAGMENTS)];

  const fragmentDepths = new Map<string, Depths>();
  const fragmentAliases = new Map<string, number>();
  const inProgress = new Set<string>();

  function viaFragment<Measure>(
    name: string,
    memo: Map<string, Measure>,
    measure: (set: SelectionSetNode) => Measure,
    none: Measure,
  ): Measure {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return none;
    inProgress.add(name);
    const value = measure(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, value);
    return value;
  }

  function depth(set: SelectionSetNode): Depths {
    let data = 0;
    let introspection = 0;
    for (const selection of set.selections) {
      let below: Depths;
      if (selection.kind === Kind.FIELD) {
        below = selection.selectionSet ? depth(selection.selectionSet) : NO_DEPTH;
        if (isIntrospectionRoot(selection)) {
          // Introspection types have no introspection roots below them: `data` is all there is.
          introspection = Math.max(introspection, 1 + below.data);
          below = NO_DEPTH;
        }
        data = Math.max(data, 1 + below.data);
      } else {
        below =
          selection.kind === Kind.INLINE_FRAGMENT
            ? depth(selection.selectionSet)
            : viaFragment(selection.name.value, fragmentDepths, depth, NO_DEPTH);
        data = Math.max(data, below.data);
      }
      introspection = Math.max(introspection, below.introspection);
    }
    return { data, introspection };
  }

  function aliases(set: SelectionSetNode): number {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) count += 1;
        if (selection.selectionSet) count += aliases(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count += aliases(selection.selectionSet);
      } else {
        count += viaFragment(selection.name.value, fragmentAliases, aliases, 0);
      }
    }
    return count;
  }

  const errors: GraphQLError[] = [];
  for (const operation of operations) {
    const depths = depth(operation.selectionSet);
    if (depths.data > limits.maxDepth) {
      errors.push(limitError('depth', depths.data, limits.maxDepth, operation));
    }
    if (depths.introspection > MAX_INTROSPECTION_DEPTH) {
      errors.push(limitError('introspectionDepth', depths.introspection, MAX_INTROSPECTION_DEPTH, operation));
    }
    const operationAliases = aliases(operation.selectionSet);
    if (operationAliases > limits.maxAliases) {
      errors.push(limitError('aliases', operationAliases, limits.maxAliases, operation));
    }
  }
  return errors;
}

/**
 * How many times a field's selection runs for one run of the field: what the field declares
 * (src/schema/cost.ts: the route length for `path`, ring size × rings for `neighbourhood`…), else
 * its page size when it takes `first` or `last`, else 1.
 */
function multiplier(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const declared = multiplierOf(field);
  if (declared) return declared(args);
  // A page is `first` items, or `last` from the end.
  return field.args.some((arg) => arg.name === 'first')
    ? size(args.first ?? args.last, DEFAULT_PAGE_SIZE)
    : 1;
}

/**
 * The estimated cost of one operation of `document`: each field costs 1, times the multipliers of
 * the fields around it (see `multiplier`), so `projects(first: 100) { edges { node { name } } }`
 * costs 1 + 3 × 100. Fragments count wherever they are spread; @skip and @include are honoured.
 * Introspection fields cost 1 each. Null when the variables do not fit the operation: execution
 * then refuses the request before any resolver runs.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: { variables?: Record<string, unknown>; operationName?: string } = {},
): number | null {
  const operation = getOperationAST(document, options.operationName);
  return operation ? operationCost(schema, document, operation, options.variables ?? {}) : null;
}

function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  inputs: Readonly<Record<string, unknown>>,
): number | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 1 });
  if (coerced.errors) return null;
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Per-fragment cost for one run (costs scale linearly, so one number serves every spread); the key
  // includes whether it is inside introspection, where fields are counted without multipliers.
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  function included(selection: SelectionNode): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if !== false;
  }

  function fragmentCost(name: string, parent: GraphQLCompositeType | null): number {
    const key = `${parent ? '' : 'introspection:'}${name}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // A cycle is a validation error; execution never gets here with one, but stay finite anyway.
    if (!fragment || inProgress.has(key)) return 0;
    inProgress.add(key);
    const type = parent && schema.getType(fragment.typeCondition.name.value);
    const cost = selectionCost(fragment.selectionSet, parent && isCompositeType(type) ? type : null);
    inProgress.delete(key);
    memo.set(key, cost);
    return cost;
  }

  // `parent` null: inside introspection, where the schema's types do not matter.
  function selectionCost(set: SelectionSetNode, parent: GraphQLCompositeType | null): number {
    let total = 0;
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition =
          selection.typeCondition && parent && schema.getType(selection.typeCondition.name.value);
        total += selectionCost(
          selection.selectionSet,
          condition && isCompositeType(condition) ? condition : parent,
        );
      } else {
        total += fragmentCost(selection.name.value, parent);
      }
    }
    return total;
  }

  function fieldCost(node: FieldNode, parent: GraphQLCompositeType | null): number {
    if (!node.selectionSet) return 1;
    if (parent === null || isIntrospectionRoot(node)) return 1 + selectionCost(node.selectionSet, null);
    const field =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    // Validation has run, so every field exists; a union selects only __typename directly.
    if (!field) return 1;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, variables);
    } catch {
      // Execution refuses these arguments when it reaches the field; until then, the defaults.
      args = {};
    }
    const type = getNamedType(field.type);
    const below = selectionCost(node.selectionSet, isCompositeType(type) ? type : null);
    return 1 + multiplier(field, args) * below;
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : null;
}
