import { type DocumentNode, type ExecutionResult, GraphQLError, getOperationAST, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Registry } from 'prom-client';
import { clientErrorCode } from '../client-errors.ts';
import type { Logger } from '../logger.ts';
import type { Context } from '../schema/builder.ts';
import {
  BoundedLabel,
  createMetrics,
  DEFAULT_ROUTES,
  methodLabel,
  type ObservabilityMetrics,
  type OperationOutcome,
  OTHER,
} from './metrics.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.ts';

export type ObservabilityPlugin = Plugin<Record<string, never> & Context>;

export interface ObservabilityOptions {
  logger: Logger;
  /** Serve GET /metrics and collect; when false, /metrics is 404 and nothing is collected. */
  metrics: boolean;
  /** Where the metrics live; a fresh one when left out (never prom-client's global registry). */
  registry?: Registry;
  /** Paths counted under their own `route` label; any other path is counted as "other". */
  routes?: readonly string[];
}

// Label caps (see BoundedLabel). Operation names are client-chosen; error codes are ours and Yoga's,
// capped anyway so that a plugin forwarding some upstream's codes cannot blow up the registry.
const OPERATION_NAMES = { maxDistinct: 200, maxLength: 64, pattern: /^[_A-Za-z][_0-9A-Za-z]*$/ };
const ERROR_CODES = { maxDistinct: 50, maxLength: 64, pattern: /^[A-Z][A-Z0-9_]*$/ };
const ANONYMOUS = 'anonymous';
const UNKNOWN_TYPE = 'unknown';
// What an error without a code is: by the app's design every error a client can act on has one.
const INTERNAL = 'INTERNAL_SERVER_ERROR';

const DEBUG_QUERY_CHARS = 1_000;
// Only so much of client-chosen text goes into a log line.
const LOGGED_PATH_CHARS = 256;
const LOGGED_NAME_CHARS = 128;
// One failing list can fail every item; a few stacks tell as much as a hundred.
const LOGGED_INTERNAL_ERRORS = 5;
// A cache hit skips parsing; its document (already parsed once) is parsed again for its type, up to this size.
const REPARSE_MAX_CHARS = 100_000;

interface OperationState {
  /** The parameters' operationName: client input, used only where no parsed document says better. */
  requestedName: string | null;
  query: string | null;
  document: DocumentNode | null;
  parseFailed: boolean;
  /** Set when the executor actually ran, not when a plugin answered in its place. */
  executed: boolean;
  requestStats: { roundTrips: number } | null;
  /** Errors as resolvers and the context factory raised them, before masking hid their cause. */
  rawErrors: unknown[];
  done: boolean;
  name: string | null;
  type: string | null;
  outcome: OperationOutcome;
  errorCount: number;
  errorCodes: Record<string, number>;
}

interface RequestState {
  id: string;
  /** performance.now() when the request arrived; null when it bypassed our instrumentation. */
  startedAt: number | null;
  operations: OperationState[];
  logged: boolean;
}

/** The request id given to `request` (for other plugins' log lines); undefined for a request we never saw. */
export function requestIdOf(request: Request): string | undefined {
  return requests.get(request)?.id;
}

// Module-wide so that requestIdOf works from anywhere; entries go with their Request objects.
const requests = new WeakMap<Request, RequestState>();

function beginRequest(request: Request, startedAt: number | null): RequestState {
  const state: RequestState = {
    id: requestIdFrom(request.headers),
    startedAt,
    operations: [],
    logged: false,
  };
  requests.set(request, state);
  return state;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

function truncate(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}…` : text;
}

// As the client is told it (client-errors.ts): an outage is SERVICE_UNAVAILABLE here too.
const errorCode = clientErrorCode;

function isInternal(error: unknown): boolean {
  const code = errorCode(error);
  return code === null || code === INTERNAL;
}

function pathKey(path: readonly (string | number)[] | undefined): string {
  return path === undefined ? '' : path.join('.');
}

/**
 * Request ids, one log line per request and Prometheus metrics, as Yoga plugins. Put them first in
 * `createApp({ plugins })` so that they see errors before the app's masking hides their cause.
 */
export function observabilityPlugins(options: ObservabilityOptions): ObservabilityPlugin[] {
  const log = options.logger.child({ component: 'http' });
  // When off, nothing is created: no collectors, no timers, nothing in any registry.
  const registry = options.metrics ? (options.registry ?? new Registry()) : null;
  const metrics: ObservabilityMetrics | null = registry === null ? null : createMetrics(registry);
  const routes = new Set(options.routes ?? DEFAULT_ROUTES);
  const operationNames = new BoundedLabel(
    OPERATION_NAMES.maxDistinct,
    OPERATION_NAMES.maxLength,
    OPERATION_NAMES.pattern,
  );
  const errorCodes = new BoundedLabel(ERROR_CODES.maxDistinct, ERROR_CODES.maxLength, ERROR_CODES.pattern);
  // Keyed by the GraphQL context object, which Yoga creates per operation and passes to every hook.
  const operations = new WeakMap<object, OperationState>();

  const stateOf = (request: Request): RequestState => requests.get(request) ?? beginRequest(request, null);

  const operationOf = (request: Request, context: object): OperationState => {
    let operation = operations.get(context);
    if (operation === undefined) {
      operation = {
        requestedName: null,
        query: null,
        document: null,
        parseFailed: false,
        executed: false,
        requestStats: null,
        rawErrors: [],
        done: false,
        name: null,
        type: null,
        outcome: 'ok',
        errorCount: 0,
        errorCodes: {},
      };
      operations.set(context, operation);
      stateOf(request).operations.push(operation);
    }
    return operation;
  };

  /** Name and type from the parsed document; for a cache hit (never parsed this time) from a re-parse. */
  const describe = (operation: OperationState): void => {
    let document = operation.document;
    if (document === null && !operation.parseFailed && operation.query !== null) {
      if (operation.query.length <= REPARSE_MAX_CHARS) {
        try {
          document = parse(operation.query, { noLocation: true });
        } catch {
          // Left unknown: the answer came from elsewhere, what it answered does not parse.
        }
      }
    }
    const definition = document === null ? null : getOperationAST(document, operation.requestedName);
    operation.type = definition?.operation ?? null;
    operation.name = definition ? (definition.name?.value ?? null) : operation.requestedName;
  };

  /** The error as thrown (for the log), matched to its masked form by path. */
  const originalOf = (error: GraphQLError, raw: unknown[]): unknown => {
    const key = pathKey(error.path);
    const index = raw.findIndex((candidate) =>
      candidate instanceof GraphQLError ? pathKey(candidate.path) === key : key === '',
    );
    const found = index >= 0 ? raw.splice(index, 1)[0] : undefined;
    const original = found ?? error;
    return original instanceof GraphQLError && original.originalError ? original.originalError : original;
  };

  const finishOperation = (state: RequestState, operation: OperationState, result: unknown): void => {
    if (operation.done) return;
    operation.done = true;
    describe(operation);
    // A stream (defer, subscriptions) reports its errors as it goes; counted as started, not judged.
    const errors: readonly GraphQLError[] =
      isAsyncIterable(result) || typeof result !== 'object' || result === null
        ? []
        : ((result as ExecutionResult).errors ?? []);
    const internal = errors.filter(isInternal);
    operation.errorCount = errors.length;
    for (const error of errors) {
      const code = errorCode(error) ?? INTERNAL;
      operation.errorCodes[code] = (operation.errorCodes[code] ?? 0) + 1;
    }
    // Refused before running (parse, validation, limits) is the client's doing, unless what failed
    // was ours (the context factory, say).
    operation.outcome =
      errors.length === 0 ? 'ok' : operation.executed || internal.length > 0 ? 'error' : 'rejected';

    const raw = [...operation.rawErrors];
    for (const error of internal.slice(0, LOGGED_INTERNAL_ERRORS)) {
      log.error(
        {
          requestId: state.id,
          operationName: operation.name === null ? null : truncate(operation.name, LOGGED_NAME_CHARS),
          fieldPath: error.path?.join('.') ?? null,
          err: originalOf(error, raw),
        },
        'Unexpected error in a GraphQL operation',
      );
    }
    if (internal.length > LOGGED_INTERNAL_ERRORS) {
      log.error(
        { requestId: state.id, omitted: internal.length - LOGGED_INTERNAL_ERRORS },
        'More unexpected errors in the same operation',
      );
    }

    if (metrics === null) return;
    // A name is admitted to the label set only by an operation that got past validation: refused
    // documents cost nothing to invent and would otherwise use up the 200 names.
    const nameLabel =
      operation.name === null
        ? ANONYMOUS
        : operationNames.label(
            operation.name,
            operation.outcome !== 'rejected' && operation.document !== null,
          );
    metrics.operations.inc({
      operation_type: operation.type ?? UNKNOWN_TYPE,
      operation_name: nameLabel,
      outcome: operation.outcome,
    });
    for (const [code, count] of Object.entries(operation.errorCodes)) {
      metrics.errors.inc({ code: errorCodes.label(code) }, count);
    }
  };

  const finishRequest = (request: Request, state: RequestState, status: number, failure?: unknown): void => {
    if (state.logged) return;
    state.logged = true;
    const durationMs = state.startedAt === null ? null : performance.now() - state.startedAt;
    let pathname: string;
    try {
      pathname = new URL(request.url).pathname;
    } catch {
      pathname = '';
    }
    const method = methodLabel(request.method);
    const route = routes.has(pathname) ? pathname : OTHER;

    const graphql = state.operations.filter((operation) => operation.done);
    const first = graphql[0];
    const roundTrips = graphql.reduce((sum, operation) => sum + (operation.requestStats?.roundTrips ?? 0), 0);
    const entry: Record<string, unknown> = {
      requestId: state.id,
      method: request.method,
      path: truncate(pathname, LOGGED_PATH_CHARS),
      status,
      durationMs: durationMs === null ? null : Math.round(durationMs * 10) / 10,
    };
    if (first !== undefined) {
      const codes: Record<string, number> = {};
      for (const operation of graphql) {
        for (const [code, count] of Object.entries(operation.errorCodes))
          codes[code] = (codes[code] ?? 0) + count;
      }
      Object.assign(entry, {
        operationName: first.name === null ? null : truncate(first.name, LOGGED_NAME_CHARS),
        operationType: first.type,
        // Batching is off in app.ts; were it on, the line would name the first and add up the rest.
        ...(graphql.length > 1 ? { operations: graphql.length } : {}),
        roundTrips,
        errors: graphql.reduce((sum, operation) => sum + operation.errorCount, 0),
        errorCodes: codes,
      });
    }
    if (failure !== undefined) {
      log.error({ ...entry, err: failure }, 'Request failed');
    } else {
      log.info(entry, 'Request completed');
    }

    if (metrics === null) return;
    metrics.httpRequests.inc({ method, route, status: String(status) });
    if (durationMs !== null) metrics.httpDuration.observe({ method, route }, durationMs / 1_000);
    // Refused operations never reach the graph: counting them as 0 would only hide real costs.
    if (graphql.some((operation) => operation.outcome !== 'rejected')) metrics.roundTrips.observe(roundTrips);
  };

  const plugin: ObservabilityPlugin = {
    // Wraps the whole pipeline, Yoga's own /health and CORS answers included (their onRequest hooks
    // run before any of ours and end the request early), so every request gets an id and a start.
    instrumentation: {
      request: ({ request }, wrapped) => {
        const state = beginRequest(request, performance.now());
        const fail = (error: unknown): never => {
          // The server answers a throwing handler with a bare 500 that no onResponse hook sees.
          finishRequest(request, state, 500, error);
          throw error;
        };
        try {
          const done = wrapped();
          return isPromiseLike(done) ? Promise.resolve(done).catch(fail) : done;
        } catch (error) {
          return fail(error);
        }
      },
    },

    onRequest({ url, request, fetchAPI, endResponse }) {
      if (url.pathname !== '/metrics') return;
      if (registry === null) {
        endResponse(new fetchAPI.Response(null, { status: 404 }));
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      return registry.metrics().then(
        (text) =>
          endResponse(
            new fetchAPI.Response(request.method === 'HEAD' ? null : text, {
              status: 200,
              headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
            }),
          ),
        (error: unknown) => {
          log.error({ requestId: stateOf(request).id, err: error }, 'Could not collect metrics');
          endResponse(new fetchAPI.Response(null, { status: 500 }));
        },
      );
    },

    onPluginInit({ registerContextErrorHandler }) {
      // A context factory that throws never reaches execution; keep its error for the log line.
      registerContextErrorHandler(({ context, error }) => {
        operations.get(context)?.rawErrors.push(error);
      });
    },

    onParams({ request, params, context }) {
      const operation = operationOf(request, context);
      operation.requestedName = typeof params.operationName === 'string' ? params.operationName : null;
      operation.query = typeof params.query === 'string' ? params.query : null;
    },

    onParse({ context, params }) {
      const operation = operations.get(context);
      if (operation !== undefined && log.isLevelEnabled('debug')) {
        const source = typeof params.source === 'string' ? params.source : params.source.body;
        log.debug(
          {
            requestId: requests.get(context.request)?.id,
            operationName: operation.requestedName,
            query: truncate(source, DEBUG_QUERY_CHARS),
          },
          'GraphQL document',
        );
      }
      return ({ result }) => {
        if (operation === undefined) return;
        if (result instanceof Error || result === null) operation.parseFailed = true;
        else operation.document = result;
      };
    },

    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue;
      const operation = operationOf(context.request, context);
      operation.document ??= args.document;
      operation.requestStats = context.requestStats ?? null;
      // Marks a real execution: a plugin after this one that answers instead (a cache) never calls it.
      setExecuteFn((executionArgs) => {
        operation.executed = true;
        return executeFn(executionArgs);
      });
      return {
        // Runs before the masking plugin (registered after every user plugin), so these are the
        // errors as thrown, with their causes.
        onExecuteDone({ result }) {
          if (!isAsyncIterable(result) && result.errors) operation.rawErrors.push(...result.errors);
        },
      };
    },

    onExecutionResult({ request, context, result }) {
      finishOperation(stateOf(request), operationOf(request, context), result);
    },

    onResultProcess({ request, result }) {
      // Failures thrown outside an operation's handling (a malformed body, a parameter refused by a
      // later plugin) skip onExecutionResult: finish the operation here, or count one refused
      // operation when none had even started.
      const state = stateOf(request);
      const pending = state.operations.filter((operation) => !operation.done);
      if (state.operations.length > 0 && pending.length === 0) return;
      if (pending.length === 0) pending.push(operationOf(request, {}));
      const results = Array.isArray(result) ? result : [result];
      pending.forEach((operation, index) => {
        finishOperation(state, operation, results[index] ?? results[0]);
      });
    },

    onResponse({ request, response, setResponse, fetchAPI }) {
      const state = stateOf(request);
      try {
        response.headers.set(REQUEST_ID_HEADER, state.id);
      } catch {
        // Immutable headers (Response.error(), a fetched response): answer with a copy instead.
        const headers = new fetchAPI.Headers(response.headers);
        headers.set(REQUEST_ID_HEADER, state.id);
        setResponse(
          new fetchAPI.Response(response.body, {
            status: response.status,
            statusText: response.statusText,
            headers,
          }),
        );
      }
      finishRequest(request, state, response.status);
    },
  };
  return [plugin];
}
