/**
 * The three sides of the peer benchmark, each behind its own node:http server on 127.0.0.1, all
 * over one driver (as main.ts makes it) wrapped by a StatementRecorder:
 * - service: this service's app, built as main.ts builds it (observability plugins, the configured
 *   limits), with the response cache off;
 * - peer: the @neo4j/graphql server of neo4j-graphql.ts;
 * - raw: no GraphQL at all: `POST /raw/<question>` runs that question's hand-written Cypher and
 *   answers its rows as JSON, the floor any GraphQL layer is measured against.
 */
import { createServer, type Server } from 'node:http';
import type { Driver } from 'neo4j-driver';
import { type App, createApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { observabilityPlugins } from '../../src/observability/index.ts';
import { close, listen } from '../support/http.ts';
import { createNeo4jGraphqlPeer } from './neo4j-graphql.ts';
import type { Question } from './questions.ts';
import { StatementRecorder } from './recorder.ts';

export const SIDES = ['service', 'peer', 'raw'] as const;
export type SideName = (typeof SIDES)[number];

/** One HTTP request as autocannon and fetch send it. */
export interface SideRequest {
  url: string;
  path: string;
  body: string;
}

export interface Sides {
  recorder: StatementRecorder;
  /** The request that asks `question` of `side`; null where the side cannot express it. */
  request(question: Question, side: SideName): SideRequest | null;
  /** Sends that request and gives back the side's answer (GraphQL `data`, or raw rows). */
  ask(question: Question, side: SideName): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * This service as main.ts builds it (observability plugins, the configured limits), with the response
 * cache off and logging at warn (no line per request). `observability: false` leaves the plugins out,
 * which overhead.ts uses to show what they cost.
 */
export function serviceApp(driver: Driver, database: string, config: Config, observability = true): App {
  const logger = createLogger('warn');
  const graph = new GraphExecutor(driver, { database, queryTimeoutMs: config.neo4j.queryTimeoutMs });
  return createApp({
    graph,
    logger,
    api: { ...config.api, responseCacheTtlMs: 0 },
    plugins: observability ? [...observabilityPlugins({ logger, metrics: config.api.metrics })] : [],
  });
}

export async function startSides(options: {
  driver: Driver;
  database: string;
  config: Config;
  questions: Question[];
}): Promise<Sides> {
  const { config, questions } = options;
  const recorder = new StatementRecorder();
  const driver = recorder.wrap(options.driver);
  const service = serviceApp(driver, options.database, config);
  const peer = await createNeo4jGraphqlPeer(driver, options.database);
  const floor = { driver, database: options.database };
  const raw = createServer((request, response) => {
    const index = Number(/^\/raw\/(\d+)$/.exec(request.url ?? '')?.[1]);
    const question = questions[index];
    // The body is drained either way, so keep-alive connections stay usable.
    request.resume();
    request.once('end', () => {
      if (request.method !== 'POST' || !question) {
        response.writeHead(404).end();
        return;
      }
      question.raw(floor).then(
        (rows) => {
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rows }));
        },
        (error: unknown) => {
          response
            .writeHead(500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
        },
      );
    });
  });

  const servers: Record<SideName, Server> = {
    service: createServer(service),
    peer: createServer(peer),
    raw,
  };
  const urls = {} as Record<SideName, string>;
  for (const side of SIDES) urls[side] = await listen(servers[side]);

  const request = (question: Question, side: SideName): SideRequest | null => {
    if (side === 'raw') return { url: urls.raw, path: `/raw/${questions.indexOf(question)}`, body: '' };
    const ask = side === 'service' ? question.service : question.peer;
    if (!ask) return null;
    return {
      url: urls[side],
      path: '/graphql',
      body: JSON.stringify({ query: ask.query, variables: ask.variables ?? {} }),
    };
  };

  return {
    recorder,
    request,
    async ask(question, side) {
      const sent = request(question, side);
      if (!sent) throw new Error(`${side} cannot ask "${question.name}"`);
      const response = await fetch(`${sent.url}${sent.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: sent.body,
      });
      const answer = (await response.json()) as { data?: unknown; rows?: unknown; errors?: unknown[] };
      if (!response.ok || answer.errors)
        throw new Error(`${side} answered ${response.status}: ${JSON.stringify(answer).slice(0, 1000)}`);
      return side === 'raw' ? answer.rows : answer.data;
    },
    async close() {
      for (const side of SIDES) await close(servers[side]);
    },
  };
}
