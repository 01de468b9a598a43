import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { accessLog } from './access-log.ts';
import { metricsCollection } from './metrics-plugin.ts';
import { requestIdPlugin } from './request-id.ts';
import { type ObservabilityPlugin, requestStateOf, requestTracking } from './requests.ts';

export interface ObservabilityOptions {
  logger: Logger;
  /** Serve GET /metrics and collect; when false, /metrics is 404 and nothing is collected. */
  metrics: boolean;
  /** Where the metrics live; a fresh one when left out (never prom-client's global registry). */
  registry?: Registry;
  /** Paths counted under their own `route` label; any other path is counted as "other". */
  routes?: readonly string[];
}

/**
 * Request ids, one log line per request and Prometheus metrics, as Yoga plugins: the request
 * tracker (requests.ts) follows each request and tells the access log and the metrics as it ends;
 * the request-id plugin answers with its id. Put them first in `createApp({ plugins })` so that
 * they see errors before the app's masking hides their cause.
 */
export function observabilityPlugins(options: ObservabilityOptions): ObservabilityPlugin[] {
  const log = accessLog(options.logger);
  const metrics = metricsCollection({
    logger: options.logger,
    enabled: options.metrics,
    registry: options.registry,
    routes: options.routes,
  });
  return [
    requestTracking([log.events, metrics.events]),
    requestIdPlugin((request) => requestStateOf(request).id),
    log.plugin,
    metrics.plugin,
  ];
}
