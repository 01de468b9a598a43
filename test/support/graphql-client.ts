import neo4j, { type Driver } from 'neo4j-driver';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import type { ProvidedNeo4j } from '../integration/global-setup.ts';

/** A GraphQL error as the API sends it. */
export interface ResponseError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL response whose `data` has the shape the caller expects of its query. */
export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: ResponseError[];
}

/**
 * The API as a test sees it: `createApp` over a real Neo4j, called through `app.fetch` (no port),
 * with a counter of Cypher round trips (the executor's `onRoundTrip`).
 */
export class TestApi {
  roundTrips = 0;
  readonly graph: GraphExecutor;
  readonly app: App;

  private constructor(
    readonly driver: Driver,
    database: string,
  ) {
    this.graph = new GraphExecutor(driver, {
      database,
      queryTimeoutMs: 30_000,
      onRoundTrip: () => {
        this.roundTrips += 1;
      },
    });
    // Response caching off: these tests are about what the API answers and what each answer costs;
    // the cache has tests of its own.
    this.app = createApp({
      graph: this.graph,
      logger: createLogger('silent'),
      api: { ...loadConfig({}).api, responseCacheTtlMs: 0 },
    });
  }

  static connect(neo: ProvidedNeo4j): TestApi {
    const driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), {
      disableLosslessIntegers: true,
    });
    return new TestApi(driver, neo.database);
  }

  /** POSTs a query; the response whatever it holds (data and/or errors). */
  async request<Data>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<Data>> {
    const response = await this.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<Data>;
  }

  /** POSTs a query that must succeed; its data, or an exception quoting the errors. */
  async query<Data>(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
    const result = await this.request<Data>(query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? result)}`);
    }
    return result.data;
  }

  /** How many Cypher round trips `query` takes. */
  async countRoundTrips(query: string, variables: Record<string, unknown> = {}): Promise<number> {
    const before = this.roundTrips;
    await this.query(query, variables);
    return this.roundTrips - before;
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

/** The error codes of a response, in order. */
export function errorCodes(result: GraphQLResponse<unknown>): (string | undefined)[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}
