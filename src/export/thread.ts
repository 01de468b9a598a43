import type { Neo4jConnection } from '../neo4j/connection.ts';
import { GraphTimeoutError, GraphUnavailableError } from '../neo4j/executor.ts';
import { type ThreadError, WorkerThread } from '../worker-thread.ts';
import type { ExportDocument, Exporter, ExportRequest } from './document.ts';
import { ExportFilterError, UnknownEntityError } from './subgraph.ts';

/** What the export worker needs to open its own connections to the service's Neo4j. */
export interface ExportWorkerSettings {
  connection: Pick<Neo4jConnection, 'uri' | 'user' | 'password' | 'database'>;
  queryTimeoutMs: number;
  deadlineMarginMs?: number;
}

// The errors an export answers with a status of its own (http.ts), raised here again by name.
const KNOWN_ERRORS: Record<string, new (message: string) => Error> = {
  ExportFilterError,
  UnknownEntityError,
  GraphUnavailableError,
  GraphTimeoutError,
};

function revive({ name, message }: ThreadError): Error {
  const Known = KNOWN_ERRORS[name];
  return Known ? new Known(message) : new Error(message);
}

/**
 * Exports made on a worker thread with its own driver (worker.ts). An export of the whole graph
 * is about a second of CPU (decoding the Bolt records, building and writing megabytes of text):
 * on the thread that answers requests it came in pieces that held `/health` past 100 ms when
 * 32 clients asked at once (npm run probe:hostile). Here the request thread only sends the bytes.
 */
export function exportsOnWorker({
  connection,
  queryTimeoutMs,
  deadlineMarginMs,
}: ExportWorkerSettings): Exporter {
  // Only what can be copied to a thread: a Neo4jConnection also carries its `stop`.
  const { uri, user, password, database } = connection;
  const thread = new WorkerThread<ExportRequest, ExportDocument>(new URL('./worker.ts', import.meta.url), {
    what: 'export',
    workerData: { connection: { uri, user, password, database }, queryTimeoutMs, deadlineMarginMs },
    revive,
  });
  return {
    make: (request) => thread.ask(request),
    stop: () => thread.stop(),
  };
}
