/**
 * The export worker of thread.ts: makes each export it is asked for with `exportsOf`, as the request
 * thread would, over a driver of its own (a driver belongs to one thread), and hands the bytes over
 * without copying them.
 */
import { workerData } from 'node:worker_threads';
import { createDriver } from '../neo4j/driver.ts';
import { GraphExecutor } from '../neo4j/executor.ts';
import { serveOnThisThread } from '../worker-thread.ts';
import { type ExportDocument, type ExportRequest, exportsOf } from './document.ts';
import type { ExportWorkerSettings } from './thread.ts';

const settings = (workerData as { data: ExportWorkerSettings }).data;
// The service's Neo4j as this thread sees it: the request thread started it and stops it.
const driver = createDriver({ kind: 'external', pid: null, stop: async () => {}, ...settings.connection });
const exporter = exportsOf(
  new GraphExecutor(driver, {
    database: settings.connection.database,
    queryTimeoutMs: settings.queryTimeoutMs,
    deadlineMarginMs: settings.deadlineMarginMs,
  }),
);

/**
 * `bytes` in an ArrayBuffer of its own, which can be transferred: small Buffers share Node's pool,
 * and transferring that would take it from under every other Buffer of this thread.
 */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : new Uint8Array(bytes);
}

// Exports are bulk downloads (nice 10): requests and /health on the request thread win the cores.
serveOnThisThread<ExportRequest, ExportDocument>(
  async (request) => {
    const made = await exporter.make(request);
    const document = { ...made, text: owned(made.text), gzipped: owned(made.gzipped) };
    // Both are ArrayBuffers of their own (owned): never shared.
    return { answer: document, transfer: [document.text.buffer, document.gzipped.buffer] as ArrayBuffer[] };
  },
  { nice: 10 },
);
