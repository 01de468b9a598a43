import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Log } from '../logger.ts';
import type { SourceFile } from './sources.ts';

/**
 * Gets the bytes of the pinned source files, either from a data directory laid out like `data/cncf` or
 * from GitHub at the pinned commit (kept in a cache), and refuses any file whose sha256 is not the
 * registered one: the graph must never load a file that is not the pinned one.
 * Messages name files, URLs, statuses and hashes, never file contents (some files hold personal details).
 */

export interface AcquiredSource {
  source: SourceFile;
  text: string;
  /** sha256 of the uncompressed bytes; always equal to `source.sha256`. */
  sha256: string;
  origin: 'directory' | 'download' | 'download-cache';
  /** The file read ('directory', 'download-cache') or the URL fetched ('download'). */
  location: string;
}

export interface SkippedSource {
  source: SourceFile;
  reason: string;
}

export interface AcquisitionFailure {
  sourceId: string;
  problem: string;
}

export class SourceAcquisitionError extends Error {
  readonly failures: readonly AcquisitionFailure[];

  constructor(failures: AcquisitionFailure | readonly AcquisitionFailure[], options?: ErrorOptions) {
    const list = Array.isArray(failures) ? [...failures] : [failures as AcquisitionFailure];
    const [only] = list;
    super(
      list.length === 1 && only
        ? `Could not acquire ${only.sourceId}: ${only.problem}`
        : `Could not acquire ${list.length} sources:\n${list.map((f) => `  - ${f.sourceId}: ${f.problem}`).join('\n')}`,
      options,
    );
    this.name = 'SourceAcquisitionError';
    this.failures = list;
  }

  get sourceIds(): string[] {
    return this.failures.map((failure) => failure.sourceId);
  }
}

export interface AcquireOptions {
  sources: readonly SourceFile[];
  /** A directory laid out like `data/cncf`; null to download instead. */
  dataDir: string | null;
  /** Downloads are kept under `<cacheDir>/sources/<commit>/<pathInRepo>`, uncompressed. */
  cacheDir: string;
  /** Files are fetched from `${baseUrl}/${repository}/${commit}/${pathInRepo}`. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  log: Log;
}

export const DEFAULT_BASE_URL = 'https://raw.githubusercontent.com';
const DOWNLOAD_TIMEOUT_MS = 30_000;
const RETRY_DELAY_MS = 250;
const CONCURRENCY = 4;

type Outcome =
  | { kind: 'acquired'; value: AcquiredSource }
  | { kind: 'skipped'; value: SkippedSource }
  | { kind: 'failed'; error: SourceAcquisitionError };

export async function acquireSources(
  options: AcquireOptions,
): Promise<{ acquired: AcquiredSource[]; skipped: SkippedSource[] }> {
  const { sources, dataDir } = options;
  const download: Downloader = {
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    cacheDir: options.cacheDir,
    fetchImpl: options.fetchImpl ?? fetch,
    log: options.log,
  };
  const acquireOne = async (source: SourceFile): Promise<Outcome> => {
    try {
      return dataDir === null
        ? await fromDownload(source, download)
        : await fromDirectory(source, dataDir, options.log);
    } catch (error) {
      return { kind: 'failed', error: asAcquisitionError(source, error) };
    }
  };
  // After a hard error no new source is started, but the ones in flight run to completion before
  // anything is thrown: no download is left writing to the cache behind the caller's back, and the error
  // can name every failure seen.
  const outcomes = await mapUntilFailure(
    sources,
    CONCURRENCY,
    acquireOne,
    (outcome) => outcome.kind === 'failed',
  );

  const failures = outcomes.flatMap((outcome) => (outcome?.kind === 'failed' ? [outcome.error] : []));
  const [onlyFailure] = failures;
  if (failures.length === 1 && onlyFailure) throw onlyFailure;
  if (failures.length > 1) {
    throw new SourceAcquisitionError(
      failures.flatMap((error) => error.failures),
      { cause: new AggregateError(failures) },
    );
  }
  return {
    acquired: outcomes.flatMap((outcome) => (outcome?.kind === 'acquired' ? [outcome.value] : [])),
    skipped: outcomes.flatMap((outcome) => (outcome?.kind === 'skipped' ? [outcome.value] : [])),
  };
}

async function fromDirectory(source: SourceFile, dataDir: string, log: Log): Promise<Outcome> {
  const file = insideOf(dataDir, source.localPath, source);
  let stored: Buffer;
  try {
    stored = await readFile(file);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    if (source.sha256Of === 'local-copy') {
      const reason = `${file} is not in the data directory; a local copy is read only when present`;
      log.info(`skipping ${source.id}: ${reason}`);
      return { kind: 'skipped', value: { source, reason } };
    }
    throw new SourceAcquisitionError({ sourceId: source.id, problem: `${file} is missing` });
  }
  let bytes: Buffer;
  try {
    bytes = source.gzip ? gunzipSync(stored) : stored;
  } catch (error) {
    throw new SourceAcquisitionError(
      {
        sourceId: source.id,
        problem: `${file} is registered as gzip but does not gunzip (${messageOf(error)})`,
      },
      { cause: error },
    );
  }
  const actual = sha256(bytes);
  if (actual !== source.sha256) {
    throw new SourceAcquisitionError({
      sourceId: source.id,
      problem: `${file} has sha256 ${actual}, expected ${source.sha256}${source.gzip ? ' (after gunzip)' : ''}`,
    });
  }
  log.debug(`read ${source.id} from ${file}`);
  return { kind: 'acquired', value: acquired(source, bytes, 'directory', file) };
}

interface Downloader {
  baseUrl: string;
  cacheDir: string;
  fetchImpl: typeof fetch;
  log: Log;
}

async function fromDownload(source: SourceFile, downloader: Downloader): Promise<Outcome> {
  const { log } = downloader;
  if (source.sha256Of === 'local-copy') {
    const reason =
      'its sha256 is that of a local copy which matches no upstream version, so it cannot be downloaded; ' +
      'it is read only from a data directory';
    log.info(`skipping ${source.id}: ${reason}`);
    return { kind: 'skipped', value: { source, reason } };
  }

  const cacheFile = insideOf(
    path.join(downloader.cacheDir, 'sources', source.commit),
    source.pathInRepo,
    source,
  );
  const cached = await readIfPresent(cacheFile);
  if (cached) {
    const actual = sha256(cached);
    if (actual === source.sha256) {
      log.debug(`using cached ${source.id} from ${cacheFile}`);
      return { kind: 'acquired', value: acquired(source, cached, 'download-cache', cacheFile) };
    }
    log.warn(`cached ${cacheFile} has sha256 ${actual}, expected ${source.sha256}: downloading it again`);
  }

  const url = `${downloader.baseUrl}/${source.repository}/${source.commit}/${source.pathInRepo
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
  const label = `${source.repository}/${source.pathInRepo}@${source.commit.slice(0, 7)}`;
  const bytes = await fetchWithOneRetry(source, url, label, downloader);
  const actual = sha256(bytes);
  // Checked before anything is written: a cache must never hold a file that is not the pinned one.
  if (actual !== source.sha256) {
    throw new SourceAcquisitionError({
      sourceId: source.id,
      problem: `${url} answered with sha256 ${actual}, expected ${source.sha256}; not cached`,
    });
  }
  await writeAtomically(cacheFile, bytes);
  log.debug(`cached ${source.id} at ${cacheFile}`);
  return { kind: 'acquired', value: acquired(source, bytes, 'download', url) };
}

/** A network failure is worth one more try; an HTTP answer other than 200 is not. */
class NetworkFailure extends Error {}

async function fetchWithOneRetry(
  source: SourceFile,
  url: string,
  label: string,
  downloader: Downloader,
): Promise<Buffer> {
  try {
    return await fetchOnce(source, url, label, downloader);
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error;
    downloader.log.warn(`${error.message}; retrying once`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
  }
  try {
    return await fetchOnce(source, url, label, downloader);
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error;
    throw new SourceAcquisitionError(
      { sourceId: source.id, problem: `${error.message} (after one retry)` },
      { cause: error.cause },
    );
  }
}

async function fetchOnce(
  source: SourceFile,
  url: string,
  label: string,
  downloader: Downloader,
): Promise<Buffer> {
  // The timeout covers reading the body as well as the headers: a stalled transfer fails too.
  const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let response: Response;
  try {
    response = await downloader.fetchImpl(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw new NetworkFailure(`GET ${url} failed: ${describeNetworkError(error)}`, { cause: error });
  }
  if (response.status !== 200) {
    // The body of an error page is not needed and may be large; release the connection.
    await response.body?.cancel().catch(() => {});
    throw new SourceAcquisitionError({
      sourceId: source.id,
      problem: `GET ${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    });
  }
  // Content-Length is the transfer size (compressed when the server gzips the answer), or absent.
  const length = Number(response.headers.get('content-length'));
  downloader.log.info(
    `downloading ${label} (${Number.isFinite(length) && length > 0 ? `${kilobytes(length)} KB` : 'size unknown'})`,
  );
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new NetworkFailure(`GET ${url} failed while reading the body: ${describeNetworkError(error)}`, {
      cause: error,
    });
  }
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Same directory as the target so that rename is atomic: a reader sees the old file or the whole new one.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function readIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function acquired(
  source: SourceFile,
  bytes: Buffer,
  origin: AcquiredSource['origin'],
  location: string,
): AcquiredSource {
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, as readFileSync(…, 'utf8') does for the parsers.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new SourceAcquisitionError(
      { sourceId: source.id, problem: `${location} is not valid UTF-8` },
      { cause: error },
    );
  }
  return { source, text, sha256: source.sha256, origin, location };
}

/** `relative` resolved under `base`; a registry path that climbs out of it is a bug, not a file to read. */
function insideOf(base: string, relative: string, source: SourceFile): string {
  const root = path.resolve(base);
  const resolved = path.resolve(root, relative);
  if (!resolved.startsWith(root + path.sep)) {
    throw new SourceAcquisitionError({ sourceId: source.id, problem: `path ${relative} leaves ${root}` });
  }
  return resolved;
}

/**
 * `work` over `items` with at most `limit` running at once, in input order. Once an outcome `isFailure`,
 * no further item is started; the result holds undefined for those.
 */
async function mapUntilFailure<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  isFailure: (result: R) => boolean,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      const result = await work(items[index] as T);
      results[index] = result;
      if (isFailure(result)) failed = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function asAcquisitionError(source: SourceFile, error: unknown): SourceAcquisitionError {
  if (error instanceof SourceAcquisitionError) return error;
  return new SourceAcquisitionError({ sourceId: source.id, problem: messageOf(error) }, { cause: error });
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `timed out after ${DOWNLOAD_TIMEOUT_MS / 1000} s`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const detail =
    cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : undefined;
  return detail ? `${messageOf(error)} (${detail})` : messageOf(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function kilobytes(bytes: number): number {
  return Math.max(1, Math.round(bytes / 1024));
}
