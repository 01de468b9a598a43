import { setPriority } from 'node:os';
import { parentPort, type Transferable, Worker } from 'node:worker_threads';

/**
 * A TypeScript module run on a worker thread of its own, asked one request at a time by id and
 * answering each: how the service keeps long work (rankings, whole-graph exports) off the thread
 * that answers requests. `serveOnThisThread` is the worker's side.
 */

// The worker is TypeScript. A loader given by `--import` in a worker's execArgv does not reach the
// worker's entry module on Node 20, so a small CommonJS bootstrap registers tsx's loader (by the
// absolute URL resolved here, whatever the working directory) and then imports the entry.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.loader).then(({ register }) => {
  register();
  return import(workerData.entry);
});
`;
const LOADER = import.meta.resolve('tsx/esm/api');

/** How a failure crosses the thread boundary: its class's name and its message. */
export interface ThreadError {
  name: string;
  message: string;
}

type Reply<Answer> = { id: number; answer: Answer } | { id: number; error: ThreadError };

interface Waiting<Answer> {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

/**
 * One worker, started by the first request: starting one (the loader and the entry's modules)
 * costs about 0.2 s, which each request would pay again. Idle, it is unref'd and keeps no process
 * alive; if it dies, what it held fails and the next request starts another.
 */
export class WorkerThread<Request, Answer> {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting<Answer>>();
  private nextId = 0;

  /**
   * `entry`: the module's URL (it calls `serveOnThisThread`); `workerData`: what it is started
   * with; `revive`: the error a failure in the worker is raised as here, by its name.
   */
  constructor(
    private readonly entry: URL,
    private readonly options: {
      what: string;
      workerData?: unknown;
      revive?: (error: ThreadError) => Error;
    },
  ) {}

  ask(request: Request, transfer: readonly Transferable[] = []): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const thread = this.started();
      thread.ref();
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ id, request }, [...transfer]);
    });
  }

  /** Stops the worker; whatever it held fails. */
  async stop(): Promise<void> {
    const thread = this.worker;
    if (thread === undefined) return;
    this.fail(thread, new Error(`the ${this.options.what} worker was stopped`));
    await thread.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const thread = new Worker(BOOTSTRAP, {
      eval: true,
      // Not the process's flags: `--input-type=module` would make the bootstrap a module.
      execArgv: [],
      workerData: { loader: LOADER, entry: this.entry.href, data: this.options.workerData },
    });
    thread.on('message', (reply: Reply<Answer>) => {
      const request = this.waiting.get(reply.id);
      if (!request) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) thread.unref();
      if ('error' in reply)
        request.reject(this.options.revive?.(reply.error) ?? new Error(reply.error.message));
      else request.resolve(reply.answer);
    });
    thread.on('error', (error) => this.fail(thread, error));
    thread.on('exit', (code) =>
      this.fail(
        thread,
        new Error(`the ${this.options.what} worker stopped (exit code ${code}) before it answered`),
      ),
    );
    this.worker = thread;
    return thread;
  }

  private fail(thread: Worker, error: Error): void {
    if (this.worker !== thread) return;
    this.worker = undefined;
    for (const [id, request] of this.waiting) {
      this.waiting.delete(id);
      request.reject(error);
    }
  }
}

/**
 * The worker's side: answers each request with `answer` (several may be in progress at once), at
 * `nice` where the platform allows. On Linux a nice value is per thread, so this lowers the worker
 * alone: where cores are short (two, shared with Neo4j), the thread answering requests should win.
 */
export function serveOnThisThread<Request, Answer>(
  answer: (
    request: Request,
  ) => Promise<{ answer: Answer; transfer?: Transferable[] }> | { answer: Answer; transfer?: Transferable[] },
  options: { nice: number },
): void {
  try {
    setPriority(options.nice);
  } catch {
    // Where the platform refuses, the worker runs as it is.
  }
  // Messages posted before this module ran wait in the port until this listener starts it.
  parentPort?.on('message', async ({ id, request }: { id: number; request: Request }) => {
    try {
      const reply = await answer(request);
      parentPort?.postMessage({ id, answer: reply.answer }, reply.transfer ?? []);
    } catch (error) {
      const failure: ThreadError =
        error instanceof Error
          ? { name: error.name, message: error.message }
          : { name: 'Error', message: String(error) };
      parentPort?.postMessage({ id, error: failure });
    }
  });
}
