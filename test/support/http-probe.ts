import type { App } from '../../src/app.ts';
import type { GraphQLResponse } from './graphql-client.ts';

/**
 * What resilience tests look at in one HTTP exchange with the app: the status, the raw body (to
 * search it for leaks), the parsed JSON when there is any, and how long the app took to answer.
 */
export interface Probe<Data = unknown> {
  status: number;
  text: string;
  body: GraphQLResponse<Data> | null;
  ms: number;
}

/** Where `app.fetch` is sent requests: any origin does, no port is opened. */
export const GRAPHQL_ORIGIN = 'http://yoga';
export const GRAPHQL_PATH = '/graphql';
export const GRAPHQL_URL = `${GRAPHQL_ORIGIN}${GRAPHQL_PATH}`;

/** What requests are sent through: an app (`app.fetch`, no port) or `{ fetch }` to a real server. */
export interface Fetcher {
  fetch(url: string, init: RequestInit): Promise<Response> | Response;
}

/** Sends `init` to `url` through `target.fetch` and measures it. */
export async function probe<Data = unknown>(
  target: Fetcher,
  url: string,
  init?: RequestInit,
): Promise<Probe<Data>> {
  const started = performance.now();
  const response = await target.fetch(url, init ?? {});
  const text = await response.text();
  const ms = performance.now() - started;
  let body: GraphQLResponse<Data> | null = null;
  try {
    body = JSON.parse(text) as GraphQLResponse<Data>;
  } catch {
    // Not JSON (a plain-text health answer, say): callers assert on `text`.
  }
  return { status: response.status, text, body, ms };
}

/** POSTs a GraphQL request as JSON; `accept` picks between legacy JSON and the GraphQL response type. */
export function postGraphQL<Data = unknown>(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  accept = 'application/json',
): Promise<Probe<Data>> {
  return probe<Data>(app, GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables }),
  });
}

/** The `extensions.code` of every error in a response, in order. */
export function codesOf(result: Probe): (string | undefined)[] {
  return (result.body?.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * What a leaked server-side stack looks like in a response body: a `stack` key, a V8 frame
 * (`at fn (file:line:col)` or `at file:line:col`), or a source file position.
 */
export const STACK_TRACE =
  /"stack"|\bat (?:[\w$.<>[\] ]+ )?\(?(?:file:\/\/|node:|\/)[^)\s]*:\d+:\d+|\.[cm]?[jt]s:\d+:\d+/;

/** Rejects when `promise` has not settled within `ms`, so a hanging request fails the test by name. */
export async function within<T>(ms: number, label: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `attempt` every `intervalMs` until it returns a value that is not undefined, and returns
 * that value with the time it took; throws with the last observation once `deadlineMs` has passed.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  options: { deadlineMs: number; intervalMs: number; describe: () => string },
): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  for (;;) {
    const value = await attempt();
    const ms = performance.now() - started;
    if (value !== undefined) return { value, ms };
    if (ms > options.deadlineMs) {
      throw new Error(`Gave up after ${Math.round(ms)} ms: ${options.describe()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
