import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  introspectionFromSchema,
  Kind,
  print,
  type SelectionSetNode,
  Source,
} from 'graphql';

/**
 * Introspection answered off the event loop.
 *
 * The schema's full introspection is large (about 195 kB of JSON): one such answer took 20–50 ms
 * of graphql-js, and graphql-jit first compiled it for 70–135 ms more, per document, while every
 * other request and `/health` waited (issue 15, `npm run probe:hostile`). GraphiQL and code
 * generators send it on every load, and anyone can send a new variant of it.
 *
 * Operations that select only introspection (`__schema`, `__type`, `__typename`) are run by a
 * worker thread on a copy of the schema rebuilt from its own full introspection, which answers
 * every introspection question as the schema does (test/unit/introspection.test.ts checks this):
 * here only the answer's JSON is parsed. Operations that mix introspection with data fields run in
 * graphql-js on this thread (no compiling); they are rare and cost what plain execution costs.
 */

/** What kind of root fields an operation selects; `none` when the operation is not in the document. */
export type RootSelection = 'data' | 'introspection' | 'mixed' | 'none';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Whether `operationName`'s root fields are introspection, data or both. `__typename` alone is
 * data (it is answered without the schema's introspection). Fragments are followed; each is
 * visited once, and the limits (src/limits.ts) have bounded the document before this runs.
 */
export function rootSelection(document: DocumentNode, operationName: string | undefined): RootSelection {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 'none';
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  let introspection = false;
  let data = false;
  const visited = new Set<string>();
  const visit = (selections: SelectionSetNode): void => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(selection.name.value)) introspection = true;
        else if (selection.name.value !== '__typename') data = true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  if (introspection) return data ? 'mixed' : 'introspection';
  return 'data';
}

/** Every option of graphql's introspection query: the worker's schema must answer all of it. */
export const EVERYTHING_INTROSPECTION_TELLS = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
} as const;

/** More introspection operations than this waiting for the worker are refused (503), not queued. */
export const MAX_QUEUED_INTROSPECTION = 32;

// The worker: CommonJS evaluated from this text, so it needs no TypeScript loader; graphql is
// required by the absolute path this module resolves, whatever the process's working directory.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { buildClientSchema, execute, parse } = require(workerData.graphqlPath);
const schema = buildClientSchema(workerData.introspection);
parentPort.on('message', ({ id, text, operationName, variables }) => {
  let result;
  try {
    result = execute({ schema, document: parse(text), operationName, variableValues: variables });
  } catch (error) {
    result = { errors: [{ message: String(error && error.message) }] };
  }
  const errors = result.errors && result.errors.map((error) => ({
    message: error.message,
    positions: error.positions,
    path: error.path,
    extensions: error.extensions,
  }));
  parentPort.postMessage({ id, json: JSON.stringify({ data: result.data, errors }) });
});
`;

interface Pending {
  resolve: (result: ExecutionResult) => void;
  source: Source;
}

interface WireError {
  message: string;
  positions?: number[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/**
 * One worker thread per schema, started on the first introspection operation (so a process that
 * never serves one never starts it); idle, it does not keep a process alive. If it dies,
 * the operations it held get SERVICE_UNAVAILABLE and the next one starts a new worker.
 */
export class IntrospectionWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private introspection: ExecutionResult['data'] | undefined;

  constructor(private readonly schema: GraphQLSchema) {}

  /** The schema's full introspection, computed once (tens of milliseconds) and kept for restarts. */
  private fullIntrospection(): ExecutionResult['data'] {
    if (!this.introspection) {
      // Done once, at the first use or by warm() at start-up.
      this.introspection = introspectionFromSchema(
        this.schema,
        EVERYTHING_INTROSPECTION_TELLS,
      ) as unknown as ExecutionResult['data'];
    }
    return this.introspection;
  }

  /** Starts the worker now rather than at the first introspection request (main.ts, at start-up). */
  warm(): void {
    this.started();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the process's flags: `--input-type=module` would make WORKER_SOURCE a module (where
      // `require` is not defined), and it needs no TypeScript loader.
      execArgv: [],
      workerData: {
        graphqlPath: createRequire(import.meta.url).resolve('graphql'),
        introspection: this.fullIntrospection(),
      },
    });
    worker.on('message', ({ id, json }: { id: number; json: string }) => {
      const waiting = this.pending.get(id);
      if (!waiting) return;
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
      waiting.resolve(fromWire(JSON.parse(json), waiting.source));
    });
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.resolve(unavailable('The introspection worker stopped; try again.'));
      }
    };
    worker.on('error', (error) => {
      // No logger reaches here; Node prints process warnings on stderr.
      process.emitWarning(`The introspection worker failed: ${error.message}`);
      fail();
    });
    worker.on('exit', fail);
    // Held only while it has work (execute refs it): idle, it must not keep a process alive. After
    // the listeners, since adding a 'message' listener refs the worker again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Answers an introspection-only operation of `document` as graphql-js would on the schema. */
  execute(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): Promise<ExecutionResult> {
    if (this.pending.size >= MAX_QUEUED_INTROSPECTION) {
      return Promise.resolve(
        unavailable(`More than ${MAX_QUEUED_INTROSPECTION} introspection queries are waiting; try again.`),
      );
    }
    // Yoga parses with locations, so the document's own text is at hand; print() only otherwise.
    const source = document.loc?.source ?? new Source(print(document));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const worker = this.started();
      this.pending.set(id, { resolve, source });
      worker.ref();
      worker.postMessage({ id, text: source.body, operationName, variables });
    });
  }
}

const workers = new WeakMap<GraphQLSchema, IntrospectionWorker>();

/**
 * The worker for `schema`, one per schema and process: every app built on the same schema (tests
 * build many) shares it.
 */
export function introspectionWorkerFor(schema: GraphQLSchema): IntrospectionWorker {
  let worker = workers.get(schema);
  if (!worker) {
    worker = new IntrospectionWorker(schema);
    workers.set(schema, worker);
  }
  return worker;
}

function fromWire(wire: { data?: ExecutionResult['data']; errors?: WireError[] }, source: Source) {
  const result: ExecutionResult = {};
  if (wire.data !== undefined) result.data = wire.data;
  if (wire.errors) {
    result.errors = wire.errors.map(
      (error) =>
        new GraphQLError(error.message, {
          ...(error.positions ? { source, positions: error.positions } : {}),
          ...(error.path ? { path: error.path } : {}),
          ...(error.extensions ? { extensions: error.extensions } : {}),
        }),
    );
  }
  return result;
}

function unavailable(message: string): ExecutionResult {
  return {
    errors: [
      new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } }),
    ],
  };
}
