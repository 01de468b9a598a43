import { promisify } from 'node:util';
import { gzip as zlibGzip } from 'node:zlib';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { graphmlChunks } from './graphml.ts';
import { nodeLinkChunks } from './node-link.ts';
import { type ExportFilter, type ExportLimits, readSubgraph, type Subgraph } from './subgraph.ts';

/**
 * An export made whole: the subgraph read, serialised and gzipped. `makeExports` is the one way one
 * is made, on the thread that answers requests or on the export worker (thread.ts), which runs it
 * alike.
 */

export type ExportFormat = 'graphml' | 'json';

/** An export serialised whole: what a response sends and what the whole-graph cache keeps. */
export interface ExportDocument {
  filter: ExportFilter;
  format: ExportFormat;
  /** The text, UTF-8. */
  text: Uint8Array;
  /**
   * The same text gzipped: what clients that accept gzip are sent. JSON and XML gzip to about a
   * tenth, and writing the whole graph's megabytes to 32 clients at once held the request thread
   * for over 100 ms at a time in socket writes (npm run probe:hostile). Made once per document,
   * and a kept document is sent many times.
   */
  gzipped: Uint8Array;
  nodes: number;
  links: number;
  truncated: boolean;
}

/** One export to make; `keepRead` lets exports of the same whole graph share one read of it. */
export interface ExportRequest {
  filter: ExportFilter;
  format: ExportFormat;
  limits: ExportLimits;
  keepRead: KeepFor | null;
}

/** For how long a kept value lasts: while the graph's generation stays `generation`, and `ttlMs`. */
export interface KeepFor {
  generation: number;
  ttlMs: number;
}

/** Makes exports; `stop` lets go of whatever it holds (a worker and its connections). */
export interface Exporter {
  make(request: ExportRequest): Promise<ExportDocument>;
  stop(): Promise<void>;
}

export function exportChunks(subgraph: Subgraph, format: ExportFormat): Generator<string> {
  return format === 'graphml' ? graphmlChunks(subgraph) : nodeLinkChunks(subgraph);
}

/**
 * Values kept while the graph's generation lasts (an import bumps it) and for a ttl, whichever ends
 * first: a value is a promise, so requests made while it is being made share it.
 */
export class KeptPerGeneration<Key, Value> {
  private readonly entries = new Map<Key, { generation: number; startedAt: number; value: Promise<Value> }>();

  /** The value, or the one still being made, or undefined. */
  get(key: Key, now: KeepFor): Promise<Value> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.generation !== now.generation || performance.now() - entry.startedAt >= now.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Keeps `value` under the generation current as it starts: an import that ends while it is made
   * bumps the generation, so what was read before the import is not served afterwards.
   */
  keep(key: Key, value: Promise<Value>, now: KeepFor): Promise<Value> {
    const entry = { generation: now.generation, startedAt: performance.now(), value };
    this.entries.set(key, entry);
    const drop = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    // Dropped when its ttl is up rather than when it is next asked for: an export is megabytes,
    // and nothing else would let go of it on a server nobody exports from again.
    setTimeout(drop, now.ttlMs).unref();
    // A failure is not kept: the next request tries again.
    value.catch(drop);
    return value;
  }
}

const nextTurnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const gzip = promisify(zlibGzip);

/**
 * Exports made from `graph` on the calling thread. Both formats of the whole graph are made from
 * one read: reading the graph is a good part of an export's work, and clients ask for both at once.
 */
export function exportsOf(graph: GraphExecutor): Exporter {
  const reads = new KeptPerGeneration<'whole graph', Subgraph>();
  return {
    async make({ filter, format, limits, keepRead }) {
      const read = () => readSubgraph(graph, filter, limits);
      let subgraph: Promise<Subgraph>;
      if (keepRead === null) subgraph = read();
      else subgraph = reads.get('whole graph', keepRead) ?? reads.keep('whole graph', read(), keepRead);
      return serialise(await subgraph, filter, format);
    },
    async stop() {},
  };
}

/**
 * The text is made in chunks of about 64 KB with a turn of the event loop between them, so that
 * the thread's other work (requests, or a worker's Bolt traffic) goes on while the whole graph is
 * written. zlib works on libuv's thread pool.
 */
async function serialise(
  subgraph: Subgraph,
  filter: ExportFilter,
  format: ExportFormat,
): Promise<ExportDocument> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const chunk of exportChunks(subgraph, format)) {
    chunks.push(encoder.encode(chunk));
    await nextTurnOfTheEventLoop();
  }
  const text = Buffer.concat(chunks);
  return {
    filter,
    format,
    text,
    gzipped: await gzip(text),
    nodes: subgraph.nodes.length,
    links: subgraph.links.length,
    truncated: subgraph.truncated,
  };
}
