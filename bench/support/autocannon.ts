import { createRequire } from 'node:module';

// Only what the benchmarks use of autocannon's API (the package ships no types).
export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
}

export interface AutocannonOptions<Context> {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  requests: {
    method?: string;
    path?: string;
    body?: string;
    setupRequest?: (request: AutocannonRequest, context: Context) => AutocannonRequest;
    onResponse?: (status: number, body: string, context: Context) => void;
  }[];
}

export type Autocannon = <Context>(
  options: AutocannonOptions<Context>,
) => Promise<AutocannonResult> & { stop: () => void };

/** autocannon is CommonJS; loaded on demand, only in the load-generating child processes. */
export function loadAutocannon(): Autocannon {
  return createRequire(import.meta.url)('autocannon') as Autocannon;
}
