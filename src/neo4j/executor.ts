import neo4j, {
  type Driver,
  type ManagedTransaction,
  Neo4jError,
  type RecordShape,
  type Session,
} from 'neo4j-driver';

/**
 * Raised when Neo4j cannot be reached, or does not answer by the deadline; the API maps it to a
 * `SERVICE_UNAVAILABLE` error.
 */
export class GraphUnavailableError extends Error {
  override readonly name = 'GraphUnavailableError';
}

/** Raised when a query runs past its transaction timeout; mapped to `QUERY_TIMEOUT`. */
export class GraphTimeoutError extends Error {
  override readonly name = 'GraphTimeoutError';
}

/** Runs one statement inside a transaction that the caller's work function was handed. */
export type CypherRunner = <Row extends RecordShape>(
  cypher: string,
  parameters?: Record<string, unknown>,
) => Promise<Row[]>;

export interface ExecutorOptions {
  database: string;
  queryTimeoutMs: number;
  /**
   * How long past a transaction's timeout the executor stops waiting for Neo4j
   * (DEFAULT_DEADLINE_MARGIN_MS when left out). See `withDeadline`.
   */
  deadlineMarginMs?: number;
  /** Called once per Cypher round trip; metrics and the N+1 tests count these. */
  onRoundTrip?: (access: 'READ' | 'WRITE') => void;
}

/**
 * Room for Neo4j to notice a timed-out transaction (it checks every second or two) and for the
 * answer to travel: with it, a Neo4j that is alive always answers a slow query with its own
 * timeout error before the executor gives up on it.
 */
export const DEFAULT_DEADLINE_MARGIN_MS = 5_000;

type OpenSession = (access: 'READ' | 'WRITE') => Session;

/**
 * Calls `run` (a driver's `run`, which builds its Result synchronously) with stack capture off.
 * neo4j-driver captures and formats a stack trace for every query, to put on the query's error
 * should there be one; under source maps (tsx) the formatting goes through Node's source-map
 * lookup. In-process profiles put it at about 10 % of the service's CPU on a one-node lookup and
 * 4 % on the two-level question (bench/results.md, issue 18). Errors that reach this executor get
 * a stack of their own where it catches them (`withDeadline`), failures being rare. The limit is
 * lowered only for the synchronous call, so no other code runs under it.
 */
function withoutStackCapture<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The one way out to the database at run time (after neo4j/graphql's Executor): it always names
 * the database, picks read or write access, sets a transaction timeout, tags transactions with
 * metadata that shows in `SHOW TRANSACTIONS` and the query log, gives up on a Neo4j that does not
 * answer (`withDeadline`), and maps Neo4j's errors to ours.
 */
export class GraphExecutor {
  constructor(
    private readonly driver: Driver,
    private readonly options: ExecutorOptions,
  ) {}

  /**
   * The same executor (same driver and pool) that also reports each round trip to `listener`:
   * one per request, so a request can count its own Cypher round trips for metrics and logs.
   */
  forRequest(listener: (access: 'READ' | 'WRITE') => void): GraphExecutor {
    const outer = this.options.onRoundTrip;
    // The same class as this one, so a specialised executor stays specialised per request.
    const Executor = this.constructor as new (driver: Driver, options: ExecutorOptions) => GraphExecutor;
    return new Executor(this.driver, {
      ...this.options,
      onRoundTrip: (access) => {
        outer?.(access);
        listener(access);
      },
    });
  }

  /** Runs `cypher` in a read transaction; values only ever arrive through `parameters`. */
  async read<Row extends RecordShape>(
    cypher: string,
    parameters: Record<string, unknown> = {},
    purpose = 'read',
  ): Promise<Row[]> {
    return this.run<Row>('READ', cypher, parameters, purpose);
  }

  async write<Row extends RecordShape>(
    cypher: string,
    parameters: Record<string, unknown> = {},
    purpose = 'write',
  ): Promise<Row[]> {
    return this.run<Row>('WRITE', cypher, parameters, purpose);
  }

  /**
   * Runs several statements in one write transaction: all of them take effect or none does. The
   * importer replaces a source's facts this way, so a failure leaves the graph as it was.
   */
  async writeTransaction<T>(
    purpose: string,
    work: (run: CypherRunner) => Promise<T>,
    timeoutMs = this.options.queryTimeoutMs,
  ): Promise<T> {
    return this.withDeadline(timeoutMs + this.deadlineMarginMs, (open) =>
      open('WRITE').executeWrite(
        (tx) =>
          work(async <Row extends RecordShape>(cypher: string, parameters: Record<string, unknown> = {}) => {
            this.options.onRoundTrip?.('WRITE');
            const result = await withoutStackCapture(() => tx.run<Row>(cypher, parameters));
            return result.records.map((record) => record.toObject());
          }),
        { timeout: timeoutMs, metadata: { app: 'cncf-knowledge-graph', purpose } },
      ),
    );
  }

  /**
   * True while the database answers a trivial read within `timeoutMs`; never throws. One second by
   * default, as a Kubernetes readiness probe waits (its `timeoutSeconds`): a `/ready` that took
   * longer would count as failed there anyway, and a paused Neo4j held it for the whole 2 s before.
   */
  async ping(timeoutMs = 1_000): Promise<boolean> {
    try {
      // An auto-commit query: unlike executeQuery and managed transactions it is not retried, so
      // an outage shows as `false` at once instead of after the retry budget.
      await this.withDeadline(timeoutMs, async (open) =>
        withoutStackCapture(() => open('READ').run('RETURN 1 AS ok')),
      );
      return true;
    } catch {
      return false;
    }
  }

  private get deadlineMarginMs(): number {
    return this.options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  }

  private async run<Row extends RecordShape>(
    access: 'READ' | 'WRITE',
    cypher: string,
    parameters: Record<string, unknown>,
    purpose: string,
  ): Promise<Row[]> {
    const txConfig = {
      timeout: this.options.queryTimeoutMs,
      metadata: { app: 'cncf-knowledge-graph', purpose },
    };
    this.options.onRoundTrip?.(access);
    const work = async (tx: ManagedTransaction) => {
      const result = await withoutStackCapture(() => tx.run<Row>(cypher, parameters));
      return result.records.map((record) => record.toObject());
    };
    return this.withDeadline(this.options.queryTimeoutMs + this.deadlineMarginMs, async (open) => {
      if (access === 'WRITE') return open('WRITE').executeWrite(work, txConfig);
      // A read is one statement: an auto-commit transaction sends it with one network round trip
      // where a managed one needs three (BEGIN, RUN, COMMIT); measured here, 0.67 ms against
      // 1.36 ms a statement. Auto-commit transactions are not retried, so a failure the driver
      // would retry (an outage, a cluster leader change) goes to a managed transaction instead,
      // which retries it within the driver's retry budget.
      try {
        const result = await withoutStackCapture(() => open('READ').run<Row>(cypher, parameters, txConfig));
        return result.records.map((record) => record.toObject());
      } catch (error) {
        if (!(error instanceof Neo4jError) || !error.retriable) throw error;
        return open('READ').executeRead(work, txConfig);
      }
    });
  }

  /**
   * Runs `work` with sessions from `open`, and gives up on it after `deadlineMs`.
   *
   * Neo4j enforces transaction timeouts itself, and the driver's own timeouts cover connecting and
   * waiting for a free connection, not an answer: a Neo4j that stops answering (a paused process,
   * a long GC pause, a half-open connection) would hold the call for as long as that lasts. Past
   * the deadline the call fails with GraphUnavailableError and its sessions are closed without
   * waiting: closing cancels the result and sends a RESET, which a silent server does not answer
   * either; once it answers again, the RESET ends the work and the connection goes back to the pool.
   */
  private async withDeadline<T>(deadlineMs: number, work: (open: OpenSession) => Promise<T>): Promise<T> {
    const sessions: Session[] = [];
    const open: OpenSession = (access) => {
      const session = this.driver.session({
        database: this.options.database,
        defaultAccessMode: access === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      });
      sessions.push(session);
      return session;
    };
    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true;
        reject(new GraphUnavailableError(`Neo4j did not answer within ${deadlineMs} ms`));
      }, deadlineMs);
    });
    try {
      return await Promise.race([work(open), deadline]);
    } catch (error) {
      // The driver's errors carry no stack of the call that ran the query (withoutStackCapture):
      // capture one here, with the async frames of the callers that awaited it.
      if (error instanceof Neo4jError) Error.captureStackTrace(error);
      throw mapNeo4jError(error);
    } finally {
      clearTimeout(timer);
      const closed = Promise.all(sessions.map((session) => session.close()));
      if (expired) void closed.catch(() => {});
      else await closed;
    }
  }
}

function mapNeo4jError(error: unknown): unknown {
  if (!(error instanceof Neo4jError)) return error;
  if (
    error.code === 'ServiceUnavailable' ||
    error.code === 'SessionExpired' ||
    // The pool's own timeout has no code: every connection is busy (with a Neo4j that does not
    // answer, say) or none can be made.
    error.message.startsWith('Connection acquisition timed out')
  ) {
    return new GraphUnavailableError(`Neo4j is unavailable: ${error.message}`, { cause: error });
  }
  if (
    error.code === 'Neo.ClientError.Transaction.TransactionTimedOut' ||
    error.code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'
  ) {
    return new GraphTimeoutError('The query took longer than the configured timeout', { cause: error });
  }
  return error;
}
