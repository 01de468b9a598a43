import { Buffer } from 'node:buffer';
import {
  type ASTVisitor,
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
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from './config.ts';
import { DEFAULT_PAGE_SIZE } from './graph/paging.ts';
import { MAX_ALL_SHORTEST_PATHS } from './graph/traversal.ts';

/**
 * Limits on what one GraphQL document may ask for, checked before any resolver (and so any Cypher)
 * runs. A public endpoint over a graph database is otherwise one nested query away from a denial of
 * service: `projects(first: 100) { … maintainers(first: 100) { … projects(first: 100) … } }` asks
 * Neo4j for a million rows.
 *
 * Each check sits at the earliest stage that has what it needs:
 * - document size (bytes), then tokens: on the request's parameters, before the text is parsed
 *   (the lexer is linear; the parser and validation do more per token);
 * - depth and aliases: a validation rule (they depend on the document only, so Yoga's per-document
 *   validation cache is right for them);
 * - cost: just before execution, because it depends on the request's variables (`first: $n`), which
 *   validation does not see and its cache does not key on.
 */

export type Limits = Config['api']['limits'];

/** Which limit a query went over; `extensions.limit` of the error. */
export type LimitName = 'documentBytes' | 'tokens' | 'depth' | 'aliases' | 'cost';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

const MESSAGES: Record<LimitName, (actual: number, max: number) => string> = {
  documentBytes: (actual, max) => `Query document size ${actual} bytes exceeds the limit of ${max} bytes`,
  tokens: (actual, max) => `Query token count ${actual} exceeds the limit of ${max}`,
  depth: (actual, max) => `Query depth ${actual} exceeds the limit of ${max}`,
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
 * The Yoga plugins enforcing `limits`. Their place in the plugin list: before the response cache
 * and anything else that may run resolvers; after plugins that should see refused requests too
 * (metrics, logs). Generic only so that they fit any app's plugin list: they read no context.
 */
export function limitPlugins<TContext extends Record<string, unknown> = Record<string, unknown>>(
  limits: Limits,
): Plugin<TContext>[] {
  const rule = depthAndAliasesRule(limits);
  return [
    {
      // Both text limits here, on the request's parameters: before the text is parsed (or even
      // lexed, for size), and with the error left as it is. Errors thrown while parsing get Yoga's
      // `spec: true` treatment, which answers 200 to `Accept: application/json` clients.
      onParams({ params, setResult }) {
        if (typeof params.query !== 'string') return;
        const bytes = Buffer.byteLength(params.query, 'utf8');
        if (bytes > limits.maxDocumentBytes) {
          setResult({ errors: [limitError('documentBytes', bytes, limits.maxDocumentBytes)] });
          return;
        }
        // A token is at least one character: most documents are too short to need counting.
        if (params.query.length <= limits.maxTokens) return;
        const tokens = countTokens(params.query);
        if (tokens > limits.maxTokens) {
          setResult({ errors: [limitError('tokens', tokens, limits.maxTokens)] });
        }
      },
    },
    {
      onValidate({ addValidationRule }) {
        addValidationRule(rule);
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
 * Tokens as the parser sees them (comments and commas are not tokens). Counted in full, so the
 * error can say by how much; the size limit, checked first, bounds the work (about a millisecond
 * for 20 kB), which is repeated for long documents Yoga has parsed before.
 */
function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A syntax error: the parser reports it (with its location) unless the tokens before it
    // already went over the limit.
  }
  return count;
}

// Introspection is answered from the schema in memory, never from Neo4j. Its standard query is 15
// levels deep (`ofType` nesting), so its fields do not count towards depth; graphql-js's own
// MaxIntrospectionDepthRule (among the rules Yoga validates with) stops the recursive
// `fields { type { fields … } }` queries that would make introspection expensive.
function isIntrospectionRoot(field: FieldNode): boolean {
  return field.name.value === '__schema' || field.name.value === '__type';
}

/**
 * Depth (fields nested in fields; fragments add no level) and aliases (every aliased field, once
 * for each time its fragment is spread) of each operation. Fragment results are kept per document,
 * so fragments spread many times cost one walk each; a cycle counts as nothing here, since
 * NoFragmentCyclesRule reports it.
 */
function depthAndAliasesRule(limits: Limits): ValidationRule {
  return function QueryDepthAndAliasesLimit(context: ValidationContext): ASTVisitor {
    const fragmentDepths = new Map<string, number>();
    const fragmentAliases = new Map<string, number>();
    const inProgress = new Set<string>();

    function viaFragment(
      name: string,
      memo: Map<string, number>,
      measure: (set: SelectionSetNode) => number,
    ) {
      const known = memo.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      if (!fragment || inProgress.has(name)) return 0;
      inProgress.add(name);
      const value = measure(fragment.selectionSet);
      inProgress.delete(name);
      memo.set(name, value);
      return value;
    }

    function depth(set: SelectionSetNode): number {
      let deepest = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const below =
            selection.selectionSet && !isIntrospectionRoot(selection) ? depth(selection.selectionSet) : 0;
          deepest = Math.max(deepest, 1 + below);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depth(selection.selectionSet));
        } else {
          deepest = Math.max(deepest, viaFragment(selection.name.value, fragmentDepths, depth));
        }
      }
      return deepest;
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
          count += viaFragment(selection.name.value, fragmentAliases, aliases);
        }
      }
      return count;
    }

    return {
      OperationDefinition(operation) {
        const operationDepth = depth(operation.selectionSet);
        if (operationDepth > limits.maxDepth) {
          context.reportError(limitError('depth', operationDepth, limits.maxDepth, operation));
        }
        const operationAliases = aliases(operation.selectionSet);
        if (operationAliases > limits.maxAliases) {
          context.reportError(limitError('aliases', operationAliases, limits.maxAliases, operation));
        }
        return false;
      },
    };
  };
}

// Default sizes of the lists that are not connections, as their resolvers apply them
// (src/schema/types/Search.ts, Analytics.ts, Traversal.ts).
const SEARCH_DEFAULT_FIRST = 10;
const RANKINGS_DEFAULT_FIRST = 10;
const PATH_DEFAULT_MAX_HOPS = 4;
const ALTERNATIVES_DEFAULT_K = 3;
const NEIGHBOURHOOD_DEFAULT_DEPTH = 1;
const NEIGHBOURHOOD_DEFAULT_LIMIT_PER_HOP = 25;

/** An argument's value as a multiplier: its default when absent, never below 1. */
function size(value: unknown, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  // `first: 0` or a negative one is refused by the resolver; here it must not cancel the cost.
  return Math.max(1, Math.floor(n));
}

/**
 * How many times a field's selection runs for one run of the field: its page size for lists and
 * connections, the route length for `path`, ring size × rings for `neighbourhood`. Lists without a
 * size argument (claims, sources, aliases…) count as 1: they hold a handful of items each.
 */
function multiplier(
  parent: string,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): number {
  switch (`${parent}.${field.name}`) {
    case 'Query.path':
      return size(args.maxHops, PATH_DEFAULT_MAX_HOPS);
    case 'Query.neighbourhood':
      return (
        size(args.limitPerHop, NEIGHBOURHOOD_DEFAULT_LIMIT_PER_HOP) *
        size(args.depth, NEIGHBOURHOOD_DEFAULT_DEPTH)
      );
    case 'PathSearch.alternatives':
      return size(args.k, ALTERNATIVES_DEFAULT_K);
    case 'PathSearch.allShortest':
      return MAX_ALL_SHORTEST_PATHS;
    case 'Query.nodes':
      return Array.isArray(args.ids) ? Math.max(1, args.ids.length) : 1;
    case 'Query.search':
      return size(args.first, SEARCH_DEFAULT_FIRST);
    case 'Query.rankings':
      return size(args.first, RANKINGS_DEFAULT_FIRST);
  }
  return field.args.some((arg) => arg.name === 'first') ? size(args.first, DEFAULT_PAGE_SIZE) : 1;
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
    return 1 + multiplier(parent.name, field, args) * below;
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : null;
}
