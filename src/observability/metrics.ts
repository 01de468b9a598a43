import { Counter, collectDefaultMetrics, Histogram, type Registry } from 'prom-client';

export const METRIC_PREFIX = 'cncf_kg_';

/** The label for a value refused by a cap: too long, malformed, or one distinct value too many. */
export const OTHER = 'other';

export type OperationOutcome = 'ok' | 'error' | 'rejected';

/**
 * Every label value in these metrics comes from a fixed set or passes through a BoundedLabel: a
 * label per distinct client-chosen string would let any client grow the registry (and every
 * Prometheus series) without limit.
 */
export class BoundedLabel {
  private readonly admitted = new Set<string>();

  constructor(
    private readonly maxDistinct: number,
    private readonly maxLength: number,
    private readonly pattern: RegExp,
  ) {}

  /**
   * `value` itself if it is well-formed and either already admitted or, when `admit` is true, one of
   * the first `maxDistinct`; OTHER otherwise. First come, first kept: a value's label never changes.
   */
  label(value: string, admit = true): string {
    if (value.length > this.maxLength || !this.pattern.test(value)) return OTHER;
    if (this.admitted.has(value)) return value;
    if (!admit || this.admitted.size >= this.maxDistinct) return OTHER;
    this.admitted.add(value);
    return value;
  }
}

// Yoga and the app answer these; anything else (typos, scanners) is counted under OTHER.
export const DEFAULT_ROUTES: readonly string[] = [
  '/graphql',
  '/health',
  '/ready',
  '/metrics',
  '/export/graph.graphml',
  '/export/graph.json',
  '/admin/import',
  '/admin/cache/flush',
];

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : OTHER;
}

export interface ObservabilityMetrics {
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  operations: Counter<'operation_type' | 'operation_name' | 'outcome'>;
  errors: Counter<'code'>;
  roundTrips: Histogram;
}

/**
 * The service's metrics in `register`, with Node's process metrics. Registering twice in the same
 * registry (a second app, a re-created plugin) reuses what is there instead of throwing.
 */
export function createMetrics(register: Registry): ObservabilityMetrics {
  if (register.getSingleMetric(`${METRIC_PREFIX}process_cpu_user_seconds_total`) === undefined) {
    collectDefaultMetrics({ register, prefix: METRIC_PREFIX });
  }
  const existing = <M>(name: string, kind: abstract new (...args: never[]) => M): M | undefined => {
    const metric = register.getSingleMetric(name);
    return metric instanceof kind ? metric : undefined;
  };
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> =>
    existing<Counter<L>>(name, Counter) ?? new Counter({ name, help, labelNames, registers: [register] });
  const histogram = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ): Histogram<L> =>
    existing<Histogram<L>>(name, Histogram) ??
    new Histogram({ name, help, labelNames, buckets, registers: [register] });

  return {
    httpRequests: counter(
      `${METRIC_PREFIX}http_requests_total`,
      'HTTP requests answered, by route and status.',
      ['method', 'route', 'status'],
    ),
    httpDuration: histogram(
      `${METRIC_PREFIX}http_request_duration_seconds`,
      'Time from receiving a request to handing back its response (headers), in seconds.',
      ['method', 'route'],
      // 1 ms (a cached answer, /health) to 10 s (a deep traversal near the query timeout).
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
    operations: counter(
      `${METRIC_PREFIX}graphql_operations_total`,
      'GraphQL operations by type, name and outcome (ok; error: executed with errors; rejected: refused before execution).',
      ['operation_type', 'operation_name', 'outcome'],
    ),
    errors: counter(`${METRIC_PREFIX}graphql_errors_total`, 'GraphQL errors sent to clients, by code.', [
      'code',
    ]),
    roundTrips: histogram(
      `${METRIC_PREFIX}cypher_round_trips_per_request`,
      'Cypher round trips that one GraphQL request made (0 when served from the response cache).',
      [],
      // Small counts are what matters (an N+1 shows as a jump); the tail is only bucketed coarsely.
      [0, 1, 2, 3, 4, 6, 8, 12, 16, 32, 64],
    ),
  };
}
