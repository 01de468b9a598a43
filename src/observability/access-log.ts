import { GraphQLError } from 'graphql';
import type { Logger } from '../logger.ts';
import type {
  ObservabilityPlugin,
  OperationState,
  RequestEnd,
  RequestEvents,
  RequestState,
} from './requests.ts';
import { requestIdOf } from './requests.ts';

/**
 * One log line per request (method, path, status, time, the operation, its Cypher round trips and
 * error codes), a line with the cause for each error nobody raised on purpose, and, at debug level,
 * the documents as received.
 */

const DEBUG_QUERY_CHARS = 1_000;
// Only so much of client-chosen text goes into a log line.
const LOGGED_PATH_CHARS = 256;
const LOGGED_NAME_CHARS = 128;
// One failing list can fail every item; a few stacks tell as much as a hundred.
const LOGGED_INTERNAL_ERRORS = 5;

function truncate(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}…` : text;
}

function pathKey(path: readonly (string | number)[] | undefined): string {
  return path === undefined ? '' : path.join('.');
}

/** The error as thrown (for the log), matched to its masked form by path. */
function originalOf(error: GraphQLError, raw: unknown[]): unknown {
  const key = pathKey(error.path);
  const index = raw.findIndex((candidate) =>
    candidate instanceof GraphQLError ? pathKey(candidate.path) === key : key === '',
  );
  const found = index >= 0 ? raw.splice(index, 1)[0] : undefined;
  const original = found ?? error;
  return original instanceof GraphQLError && original.originalError ? original.originalError : original;
}

const nameOf = (operation: OperationState) =>
  operation.name === null ? null : truncate(operation.name, LOGGED_NAME_CHARS);

export function accessLog(logger: Logger): { events: RequestEvents; plugin: ObservabilityPlugin } {
  const log = logger.child({ component: 'http' });

  const events: RequestEvents = {
    operationDone(state: RequestState, operation: OperationState) {
      const raw = [...operation.rawErrors];
      const internal = operation.internalErrors;
      for (const error of internal.slice(0, LOGGED_INTERNAL_ERRORS)) {
        log.error(
          {
            requestId: state.id,
            operationName: nameOf(operation),
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
    },

    requestDone(
      request: Request,
      state: RequestState,
      { status, durationMs, pathname }: RequestEnd,
      failure?: unknown,
    ) {
      const graphql = state.operations.filter((operation) => operation.done);
      const first = graphql[0];
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
          operationName: nameOf(first),
          operationType: first.type,
          // Batching is off in app.ts; were it on, the line would name the first and add up the rest.
          ...(graphql.length > 1 ? { operations: graphql.length } : {}),
          roundTrips: graphql.reduce((sum, operation) => sum + (operation.requestStats?.roundTrips ?? 0), 0),
          errors: graphql.reduce((sum, operation) => sum + operation.errorCount, 0),
          errorCodes: codes,
        });
      }
      if (failure !== undefined) {
        log.error({ ...entry, err: failure }, 'Request failed');
      } else {
        log.info(entry, 'Request completed');
      }
    },
  };

  const plugin: ObservabilityPlugin = {
    onParse({ context, params }) {
      if (!log.isLevelEnabled('debug')) return;
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      log.debug(
        {
          requestId: requestIdOf(context.request),
          operationName:
            typeof context.params?.operationName === 'string' ? context.params.operationName : null,
          query: truncate(source, DEBUG_QUERY_CHARS),
        },
        'GraphQL document',
      );
    },
  };

  return { events, plugin };
}
