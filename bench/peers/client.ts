/**
 * The load client of the peer benchmarks (bench.ts, overhead.ts): one autocannon run in a child
 * process started from this file, so that the load generator never shares an event loop with the
 * servers it measures. Latency is taken per request by the client itself.
 */
import { fileURLToPath } from 'node:url';
import { loadAutocannon } from '../support/autocannon.ts';
import { inChild, isLoadClient, serveOneJob } from '../support/child.ts';
import { percentile } from '../support/real-graph.ts';
import type { SideRequest } from './sides.ts';

export interface LoadJob extends SideRequest {
  connections: number;
  seconds: number;
  /** GraphQL answers report failures in the body with status 200. */
  graphql: boolean;
}

export interface LoadOutcome {
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  bodyErrors: number;
  firstBodyError: string | null;
}

interface ClientContext {
  sentAt?: number;
}

async function runClient(job: LoadJob): Promise<LoadOutcome> {
  const autocannon = loadAutocannon();
  // Latency measured here, in fractions of a millisecond: at one connection a request takes a
  // millisecond or two, below the resolution of autocannon's own histogram.
  const latencies: number[] = [];
  let bodyErrors = 0;
  let firstBodyError: string | null = null;
  const instance = autocannon<ClientContext>({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [
      {
        setupRequest: (request, context) => {
          context.sentAt = performance.now();
          return { ...request, path: job.path, body: job.body };
        },
        onResponse: (status, body, context) => {
          if (context.sentAt !== undefined) latencies.push(performance.now() - context.sentAt);
          if (job.graphql && status === 200 && body.includes('"errors"')) {
            bodyErrors += 1;
            firstBodyError ??= body.slice(0, 300);
          }
        },
      },
    ],
  });
  process.once('disconnect', () => instance.stop());
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    throughput: result.requests.total / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bodyErrors,
    firstBodyError,
  };
}

/** One load run in a child process started from this file (see support/child.ts). */
export function load(job: LoadJob): Promise<LoadOutcome> {
  return inChild<LoadJob, LoadOutcome>(fileURLToPath(import.meta.url), job);
}

export function failuresOf(outcome: LoadOutcome): string[] {
  const problems: string[] = [];
  if (outcome.errors) problems.push(`${outcome.errors} connection errors`);
  if (outcome.timeouts) problems.push(`${outcome.timeouts} timeouts`);
  if (outcome.non2xx) problems.push(`${outcome.non2xx} non-2xx answers`);
  if (outcome.bodyErrors) problems.push(`${outcome.bodyErrors} GraphQL errors (${outcome.firstBodyError})`);
  if (outcome.requests === 0) problems.push('no request answered');
  return problems;
}

// In the child: take the one job, run it, report, exit.
if (isLoadClient()) serveOneJob(runClient);
