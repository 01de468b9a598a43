import { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import {
  BoundedLabel,
  createMetrics,
  DEFAULT_ROUTES,
  methodLabel,
  type ObservabilityMetrics,
  OTHER,
} from './metrics.ts';
import { type ObservabilityPlugin, type RequestEvents, requestIdOf } from './requests.ts';

/**
 * Prometheus metrics: requests by route and status with their duration, operations by name, type
 * and outcome, errors by code, Cypher round trips per request; served at GET /metrics. Off: /metrics
 * is 404 and nothing is created (no collectors, no timers, nothing in any registry).
 */

// Label caps (see BoundedLabel). Operation names are client-chosen; error codes are ours and Yoga's,
// capped anyway so that a plugin forwarding some upstream's codes cannot blow up the registry.
const OPERATION_NAMES = { maxDistinct: 200, maxLength: 64, pattern: /^[_A-Za-z][_0-9A-Za-z]*$/ };
const ERROR_CODES = { maxDistinct: 50, maxLength: 64, pattern: /^[A-Z][A-Z0-9_]*$/ };
const ANONYMOUS = 'anonymous';
const UNKNOWN_TYPE = 'unknown';

export interface MetricsOptions {
  logger: Logger;
  /** Serve GET /metrics and collect; when false, /metrics is 404 and nothing is collected. */
  enabled: boolean;
  /** Where the metrics live; a fresh one when left out (never prom-client's global registry). */
  registry?: Registry | undefined;
  /** Paths counted under their own `route` label; any other path is counted as "other". */
  routes?: readonly string[] | undefined;
}

export function metricsCollection(options: MetricsOptions): {
  events: RequestEvents;
  plugin: ObservabilityPlugin;
} {
  const log = options.logger.child({ component: 'http' });
  const registry = options.enabled ? (options.registry ?? new Registry()) : null;
  const metrics: ObservabilityMetrics | null = registry === null ? null : createMetrics(registry);
  const routes = new Set(options.routes ?? DEFAULT_ROUTES);
  const operationNames = new BoundedLabel(
    OPERATION_NAMES.maxDistinct,
    OPERATION_NAMES.maxLength,
    OPERATION_NAMES.pattern,
  );
  const errorCodes = new BoundedLabel(ERROR_CODES.maxDistinct, ERROR_CODES.maxLength, ERROR_CODES.pattern);

  const events: RequestEvents =
    metrics === null
      ? {}
      : {
          operationDone(_state, operation) {
            // A name is admitted to the label set only by an operation that got past validation:
            // refused documents cost nothing to invent and would otherwise use up the 200 names.
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
          },

          requestDone(request, state, { status, durationMs, pathname }) {
            const method = methodLabel(request.method);
            const route = routes.has(pathname) ? pathname : OTHER;
            metrics.httpRequests.inc({ method, route, status: String(status) });
            if (durationMs !== null) metrics.httpDuration.observe({ method, route }, durationMs / 1_000);
            // Refused operations never reach the graph: counting them as 0 would only hide real costs.
            const graphql = state.operations.filter((operation) => operation.done);
            if (graphql.some((operation) => operation.outcome !== 'rejected')) {
              metrics.roundTrips.observe(
                graphql.reduce((sum, operation) => sum + (operation.requestStats?.roundTrips ?? 0), 0),
              );
            }
          },
        };

  const plugin: ObservabilityPlugin = {
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
          log.error({ requestId: requestIdOf(request), err: error }, 'Could not collect metrics');
          endResponse(new fetchAPI.Response(null, { status: 500 }));
        },
      );
    },
  };

  return { events, plugin };
}
