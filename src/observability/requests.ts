import { type DocumentNode, type ExecutionResult, type GraphQLError, getOperationAST, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { clientErrorCode } from '../client-errors.ts';
import type { Context } from '../schema/builder.ts';
import type { OperationOutcome } from './metrics.ts';
import { requestIdFrom } from './request-id.ts';

/**
 * What happened to each request and each GraphQL operation in it, followed once for the access log
 * and the metrics (access-log.ts, metrics-plugin.ts): when it arrived, which operation it was,
 * whether it ran, which errors it gave (by the code the client is told), and how it ended. Both
 * hear of it through `RequestEvents`, in the order the plugins are given.
 */

export type ObservabilityPlugin = Plugin<Record<string, never> & Context>;

export interface OperationState {
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
  /** The result's errors the client is not meant to act on (no code of ours): bugs, to be logged. */
  internalErrors: readonly GraphQLError[];
}

export interface RequestState {
  id: string;
  /** performance.now() when the request arrived; null when it bypassed our instrumentation. */
  startedAt: number | null;
  operations: OperationState[];
  finished: boolean;
}

/** How a request ended: its status, how long it took (null: it bypassed the instrumentation), its path. */
export interface RequestEnd {
  status: number;
  durationMs: number | null;
  pathname: string;
}

/** What the access log and the metrics are told, as operations and requests end. */
export interface RequestEvents {
  operationDone?(state: RequestState, operation: OperationState): void;
  requestDone?(request: Request, state: RequestState, end: RequestEnd, failure?: unknown): void;
}

// What an error without a code is: by the app's design every error a client can act on has one.
export const INTERNAL = 'INTERNAL_SERVER_ERROR';
// A cache hit skips parsing; its document (already parsed once) is parsed again for its type, up to this size.
const REPARSE_MAX_CHARS = 100_000;

// Module-wide so that requestIdOf works from anywhere; entries go with their Request objects.
const requests = new WeakMap<Request, RequestState>();

/** The request id given to `request` (for other plugins' log lines); undefined for a request we never saw. */
export function requestIdOf(request: Request): string | undefined {
  return requests.get(request)?.id;
}

/** The state of `request`; a request that bypassed the instrumentation gets one now, without a start. */
export function requestStateOf(request: Request): RequestState {
  return requests.get(request) ?? beginRequest(request, null);
}

function beginRequest(request: Request, startedAt: number | null): RequestState {
  const state: RequestState = {
    id: requestIdFrom(request.headers),
    startedAt,
    operations: [],
    finished: false,
  };
  requests.set(request, state);
  return state;
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Name and type from the parsed document; for a cache hit (never parsed this time) from a re-parse. */
function describe(operation: OperationState): void {
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
}

/**
 * Follows requests and operations, and tells `listeners` as each ends. Goes first among the
 * observability plugins (and before the app's), so that it sees errors before the app's masking
 * hides their cause.
 */
export function requestTracking(listeners: readonly RequestEvents[]): ObservabilityPlugin {
  // Keyed by the GraphQL context object, which Yoga creates per operation and passes to every hook.
  const operations = new WeakMap<object, OperationState>();

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
        internalErrors: [],
      };
      operations.set(context, operation);
      requestStateOf(request).operations.push(operation);
    }
    return operation;
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
    operation.errorCount = errors.length;
    const internal: GraphQLError[] = [];
    for (const error of errors) {
      // As the client is told it (client-errors.ts): an outage is SERVICE_UNAVAILABLE here too.
      const code = clientErrorCode(error) ?? INTERNAL;
      if (code === INTERNAL) internal.push(error);
      operation.errorCodes[code] = (operation.errorCodes[code] ?? 0) + 1;
    }
    operation.internalErrors = internal;
    // Refused before running (parse, validation, limits) is the client's doing, unless what failed
    // was ours (the context factory, say).
    operation.outcome =
      errors.length === 0 ? 'ok' : operation.executed || internal.length > 0 ? 'error' : 'rejected';
    for (const listener of listeners) listener.operationDone?.(state, operation);
  };

  const finishRequest = (request: Request, state: RequestState, status: number, failure?: unknown): void => {
    if (state.finished) return;
    state.finished = true;
    let pathname: string;
    try {
      pathname = new URL(request.url).pathname;
    } catch {
      pathname = '';
    }
    const durationMs = state.startedAt === null ? null : performance.now() - state.startedAt;
    const end = { status, durationMs, pathname };
    for (const listener of listeners) listener.requestDone?.(request, state, end, failure);
  };

  return {
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

    onParse({ context }) {
      const operation = operations.get(context);
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
      finishOperation(requestStateOf(request), operationOf(request, context), result);
    },

    onResultProcess({ request, result }) {
      // Failures thrown outside an operation's handling (a malformed body, a parameter refused by a
      // later plugin) skip onExecutionResult: finish the operation here, or count one refused
      // operation when none had even started.
      const state = requestStateOf(request);
      const pending = state.operations.filter((operation) => !operation.done);
      if (state.operations.length > 0 && pending.length === 0) return;
      if (pending.length === 0) pending.push(operationOf(request, {}));
      const results = Array.isArray(result) ? result : [result];
      pending.forEach((operation, index) => {
        finishOperation(state, operation, results[index] ?? results[0]);
      });
    },

    onResponse({ request, response }) {
      finishRequest(request, requestStateOf(request), response.status);
    },
  };
}
