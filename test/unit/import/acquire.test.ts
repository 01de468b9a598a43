import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acquireSources, SourceAcquisitionError } from '../../../src/import/acquire.ts';
import { SOURCE_FILES, type SourceFile } from '../../../src/import/sources.ts';
import type { Log } from '../../../src/logger.ts';
import { type Intercept, startStaticServer } from '../../support/static-server.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function fakeSource(data: {
  repository: string;
  pathInRepo: string;
  commit: string;
  localPath: string;
  text: string;
  gzip?: boolean;
  sha256Of?: 'upstream' | 'local-copy';
}): SourceFile {
  return {
    kind: 'file',
    id: `${data.repository.split('/')[1]}/${data.pathInRepo}@${data.commit.slice(0, 7)}`,
    format: 'toc-readme',
    repository: data.repository,
    pathInRepo: data.pathInRepo,
    commit: data.commit,
    snapshotDate: '2026-01-01',
    approximateAsOf: null,
    license: 'CC-BY-4.0',
    sha256: sha256(data.text),
    sha256Of: data.sha256Of ?? 'upstream',
    localPath: data.localPath,
    gzip: data.gzip ?? false,
    note: null,
    url: () => `https://github.com/${data.repository}/blob/${data.commit}/${data.pathInRepo}`,
  };
}

// Non-ASCII text checks that bytes are hashed and decoded as UTF-8, not as some other encoding.
const ALPHA_TEXT = '# TOC\n\n| Lei Zhang (张磊) | Alibaba — 2021 |\n';
const BETA_TEXT = `landscape:\n${'  - item: Kubernetes\n'.repeat(200)}`;
const PEOPLE_TEXT = '[{"name":"Lei Zhang","company":"Alibaba"}]\n';

const alpha = fakeSource({
  repository: 'cncf/toc',
  pathInRepo: 'tags/alpha.md',
  commit: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  localPath: 'toc/history/1a2b3c4/alpha.md',
  text: ALPHA_TEXT,
});
const beta = fakeSource({
  repository: 'cncf/landscape',
  pathInRepo: 'landscape.yml',
  commit: 'b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3',
  localPath: 'landscape/landscape.yml.gz',
  text: BETA_TEXT,
  gzip: true,
});
const people = fakeSource({
  repository: 'cncf/people',
  pathInRepo: 'people.json',
  commit: '0000cd40ec4c6e6fb3d4b3c61e0db9eff7791552',
  localPath: 'people/people.json',
  text: PEOPLE_TEXT,
  sha256Of: 'local-copy',
});
const FAKE_REGISTRY = [alpha, beta, people];
const TEXTS = new Map<SourceFile, string>([
  [alpha, ALPHA_TEXT],
  [beta, BETA_TEXT],
  [people, PEOPLE_TEXT],
]);

interface RecordingLog extends Log {
  lines: string[];
}

function recordingLog(): RecordingLog {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
    debug: (message) => lines.push(`debug ${message}`),
  };
}

const noNetwork: typeof fetch = async (input) => {
  throw new Error(`no request expected, got ${String(input)}`);
};

type OnTestFinished = (fn: () => Promise<void> | void) => void;

/** A temp directory with an empty data dir, cache dir and "upstream" tree served by a loopback server. */
async function makeWorld(onTestFinished: OnTestFinished, intercept?: Intercept) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'acquire-test-'));
  const dataDir = path.join(root, 'data');
  const upstream = path.join(root, 'upstream');
  const cacheDir = path.join(root, 'cache');
  await mkdir(upstream, { recursive: true });
  const server = await startStaticServer(upstream, intercept);
  onTestFinished(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });
  const write = async (file: string, bytes: Buffer | string) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  };
  return {
    dataDir,
    cacheDir,
    server,
    cachePath: (source: SourceFile) => path.join(cacheDir, 'sources', source.commit, source.pathInRepo),
    urlOf: (source: SourceFile) =>
      `${server.baseUrl}/${source.repository}/${source.commit}/${source.pathInRepo}`,
    /** Puts a file in the data directory the way the real one is laid out (gzip-compressed when registered so). */
    store: (source: SourceFile, text = TEXTS.get(source) ?? '') =>
      write(path.join(dataDir, source.localPath), source.gzip ? gzipSync(text) : text),
    /** Serves a file at its raw URL: uncompressed, as GitHub does, even when the local copy is gzipped. */
    publish: (source: SourceFile, text = TEXTS.get(source) ?? '') =>
      write(path.join(upstream, source.repository, source.commit, source.pathInRepo), text),
    writeCache: (source: SourceFile, text: string) =>
      write(path.join(cacheDir, 'sources', source.commit, source.pathInRepo), text),
  };
}

async function rejection(promise: Promise<unknown>): Promise<SourceAcquisitionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SourceAcquisitionError);
    return error as SourceAcquisitionError;
  }
  throw new Error('expected the acquisition to fail');
}

async function filesUnder(directory: string): Promise<string[]> {
  if (!existsSync(directory)) return [];
  return (await readdir(directory, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('acquireSources from a data directory', () => {
  it('reads every file, gunzipping the compressed copy, and checks it against the registered sha256', async ({
    onTestFinished,
  }) => {
    const world = await makeWorld(onTestFinished);
    for (const source of FAKE_REGISTRY) await world.store(source);

    const { acquired, skipped } = await acquireSources({
      sources: FAKE_REGISTRY,
      dataDir: world.dataDir,
      cacheDir: world.cacheDir,
      fetchImpl: noNetwork,
      log: recordingLog(),
    });

    expect(skipped).toEqual([]);
    expect(
      acquired.map((file) => [file.source.id, file.origin, file.location, file.text, file.sha256]),
    ).toEqual(
      FAKE_REGISTRY.map((source) => [
        source.id,
        'directory',
        path.join(world.dataDir, source.localPath),
        TEXTS.get(source),
        source.sha256,
      ]),
    );
    expect(await filesUnder(world.cacheDir)).toEqual([]);
  });

  it('refuses a file whose sha256 differs from the registry, naming the file and both hashes', async ({
    onTestFinished,
  }) => {
    const world = await makeWorld(onTestFinished);
    const edited = `${ALPHA_TEXT}one more line\n`;
    await world.store(alpha, edited);
    await world.store(beta);

    const error = await rejection(
      acquireSources({
        sources: [alpha, beta],
        dataDir: world.dataDir,
        cacheDir: world.cacheDir,
        fetchImpl: noNetwork,
        log: recordingLog(),
      }),
    );

    expect(error.sourceIds).toEqual([alpha.id]);
    expect(error.message).toContain(alpha.id);
    expect(error.message).toContain(path.join(world.dataDir, alpha.localPath));
    expect(error.message).toContain(alpha.sha256);
    expect(error.message).toContain(sha256(edited));
    expect(error.message).not.toContain('Lei Zhang');
  });

  it('checks the hash of a gzip-stored copy after gunzipping it', async ({ onTestFinished }) => {
    const world = await makeWorld(onTestFinished);
    await world.store(beta, `${BETA_TEXT}# edited\n`);

    const error = await rejection(
      acquireSources({
        sources: [beta],
        dataDir: world.dataDir,
        cacheDir: world.cacheDir,
        fetchImpl: noNetwork,
        log: recordingLog(),
      }),
    );

    expect(error.message).toContain(sha256(`${BETA_TEXT}# edited\n`));
  });

  it('skips people.json (a local copy) when it is missing from the directory', async ({ onTestFinished }) => {
    const world = await makeWorld(onTestFinished);
    await world.store(alpha);
    await world.store(beta);

    const { acquired, skipped } = await acquireSources({
      sources: FAKE_REGISTRY,
      dataDir: world.dataDir,
      cacheDir: world.cacheDir,
      fetchImpl: noNetwork,
      log: recordingLog(),
    });

    expect(acquired.map((file) => file.source.id)).toEqual([alpha.id, beta.id]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.source).toBe(people);
    expect(skipped[0]?.reason).toContain('read only when present');
  });

  it('fails when any file other than a local copy is missing from the directory', async ({
    onTestFinished,
  }) => {
    const world = await makeWorld(onTestFinished);
    await world.store(alpha);
    await world.store(people);

    const error = await rejection(
      acquireSources({
        sources: FAKE_REGISTRY,
        dataDir: world.dataDir,
        cacheDir: world.cacheDir,
        fetchImpl: noNetwork,
        log: recordingLog(),
      }),
    );

    expect(error.sourceIds).toEqual([beta.id]);
    expect(error.message).toContain(path.join(world.dataDir, beta.localPath));
    expect(error.message).toContain('missing');
  });
});

describe('acquireSources by download', () => {
  it('downloads a file, checks its hash and writes it uncompressed to the cache', async ({
    onTestFinished,
  }) => {
    const world = await makeWorld(onTestFinished);
    await world.publish(alpha);
    await world.publish(beta);
    const log = recordingLog();

    const { acquired, skipped } = await acquireSources({
      sources: [alpha, beta],
      dataDir: null,
      cacheDir: world.cacheDir,
      baseUrl: world.server.baseUrl,
      log,
    });

    expect(skipped).toEqual([]);
    expect(acquired.map((file) => [file.source.id, file.origin, file.location, file.text])).toEqual([
      [alpha.id, 'download', world.urlOf(alpha), ALPHA_TEXT],
      [beta.id, 'download', world.urlOf(beta), BETA_TEXT],
    ]);
    expect(sha256(await readFile(world.cachePath(alpha)))).toBe(alpha.sha256);
    expect(sha256(await readFile(world.cachePath(beta)))).toBe(beta.sha256);
    expect((await filesUnder(world.cacheDir)).sort()).toEqual([
      path.join('sources', alpha.commit, 'tags', 'alpha.md'),
      path.join('sources', beta.commit, 'landscape.yml'),
    ]);
    expect(log.lines).toContain('info downloading cncf/landscape/landscape.yml@b0b1b2b (4 KB)');
    expect(log.lines.join('\n')).not.toContain('Lei Zhang');
  });

  it('uses the cache on a second acquisition without any request', async ({ onTestFinished }) => {
    const world = await makeWorld(onTestFinished);
    await world.publish(alpha);
    await world.publish(beta);
    const options = {
      sources: [alpha, beta],
      dataDir: null,
      cacheDir: world.cacheDir,
      baseUrl: world.server.baseUrl,
      log: recordingLog(),
    };

    await acquireSources(options);
    expect(world.server.requests).toHaveLength(2);
    const { acquired } = await acquireSources(options);

    expect(world.server.requests).toHaveLength(2);
    expect(acquired.map((file) => [file.origin, file.location, file.text])).toEqual([
      ['download-cache', world.cachePath(alpha), ALPHA_TEXT],
      ['download-cache', world.cachePath(beta), BETA_TEXT],
    ]);
  });

  it('downloads again a cached file whose hash does not match, and replaces it', async ({
    onTestFinished,
  }) => {
    const world = await makeWorld(onTestFinished);
    await world.publish(alpha);
    await world.writeCache(alpha, 'truncated');
    const log = recordingLog();

    const { acquired } = await acquireSources({
      sources: [alpha],
      dataDir: null,
      cacheDir: world.cacheDir,
      baseUrl: world.server.baseUrl,
      log,
    });

    expect(world.server.requests).toEqual([`/cncf/toc/${alpha.commit}/tags/alpha.md`]);
    expect(acquired[0]).toMatchObject({ origin: 'download', text: ALPHA_TEXT });
    expect(sha256(await readFile(world.cachePath(alpha)))).toBe(alpha.sha256);
    expect(log.lines.some((line) => line.startsWith('warn') && line.includes(sha256('truncated')))).toBe(
      true,
    );
  });

  it('rejects wrong bytes from the server with both hashes and caches nothing', async ({
    onTestFinished,
  }) => {
    const world = await makeWorld(onTestFinished);
    await world.publish(alpha, `${ALPHA_TEXT}changed upstream\n`);

    const error = await rejection(
      acquireSources({
        sources: [alpha],
        dataDir: null,
        cacheDir: world.cacheDir,
        baseUrl: world.server.baseUrl,
        log: recordingLog(),
      }),
    );

    expect(error.sourceIds).toEqual([alpha.id]);
    expect(error.message).toContain(world.urlOf(alpha));
    expect(error.message).toContain(alpha.sha256);
    expect(error.message).toContain(sha256(`${ALPHA_TEXT}changed upstream\n`));
    expect(error.message).not.toContain('Lei Zhang');
    expect(await filesUnder(world.cacheDir)).toEqual([]);
  });

  it('reports a 404 with the URL and the status, without retrying', async ({ onTestFinished }) => {
    const world = await makeWorld(onTestFinished);

    const error = await rejection(
      acquireSources({
        sources: [alpha],
        dataDir: null,
        cacheDir: world.cacheDir,
        baseUrl: world.server.baseUrl,
        log: recordingLog(),
      }),
    );

    expect(error.message).toContain(world.urlOf(alpha));
    expect(error.message).toContain('404');
    expect(world.server.requests).toHaveLength(1);
    expect(await filesUnder(world.cacheDir)).toEqual([]);
  });

  it('skips a local-copy source such as people.json, which no upstream version matches', async ({
    onTestFinished,
  }) => {
    const world = await makeWorld(onTestFinished);
    await world.publish(people);

    const { acquired, skipped } = await acquireSources({
      sources: [people],
      dataDir: null,
      cacheDir: world.cacheDir,
      baseUrl: world.server.baseUrl,
      log: recordingLog(),
    });

    expect(acquired).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toMatch(/local copy.*cannot be downloaded/);
    expect(world.server.requests).toEqual([]);
  });

  it('retries once after a network failure', async ({ onTestFinished }) => {
    let dropped = 0;
    const world = await makeWorld(onTestFinished, (request) => {
      if (dropped > 0) return false;
      dropped++;
      request.socket.destroy();
      return true;
    });
    await world.publish(alpha);
    const log = recordingLog();

    const { acquired } = await acquireSources({
      sources: [alpha],
      dataDir: null,
      cacheDir: world.cacheDir,
      baseUrl: world.server.baseUrl,
      log,
    });

    expect(world.server.requests).toHaveLength(2);
    expect(acquired[0]).toMatchObject({ origin: 'download', text: ALPHA_TEXT });
    expect(log.lines.some((line) => line.startsWith('warn') && line.includes('retrying once'))).toBe(true);
  });

  it('fails with the URL after the retry also meets a network failure', async ({ onTestFinished }) => {
    const world = await makeWorld(onTestFinished, (request) => {
      request.socket.destroy();
      return true;
    });

    const error = await rejection(
      acquireSources({
        sources: [alpha],
        dataDir: null,
        cacheDir: world.cacheDir,
        baseUrl: world.server.baseUrl,
        log: recordingLog(),
      }),
    );

    expect(world.server.requests).toHaveLength(2);
    expect(error.message).toContain(world.urlOf(alpha));
    expect(error.message).toContain('after one retry');
  });

  const numbered = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      fakeSource({
        repository: 'cncf/toc',
        pathInRepo: `file-${index}.md`,
        commit: '4acc1dcf3e5cab23fb02eba784baff82449e87f5',
        localPath: `toc/file-${index}.md`,
        text: `file ${index}\n`,
      }),
    );

  it('downloads at most four files at once', async ({ onTestFinished }) => {
    let inFlight = 0;
    let mostInFlight = 0;
    const world = await makeWorld(onTestFinished, async (_request, response) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      response.on('close', () => inFlight--);
      await sleep(100);
      return false;
    });
    const sources = numbered(7);
    for (const [index, source] of sources.entries()) await world.publish(source, `file ${index}\n`);

    const { acquired } = await acquireSources({
      sources,
      dataDir: null,
      cacheDir: world.cacheDir,
      baseUrl: world.server.baseUrl,
      log: recordingLog(),
    });

    expect(acquired).toHaveLength(7);
    expect(mostInFlight).toBe(4);
  });

  it('starts nothing new after a failure, lets downloads in flight finish, then reports every failure', async ({
    onTestFinished,
  }) => {
    const sources = numbered(6);
    const world = await makeWorld(onTestFinished, async (_request, _response, requestPath) => {
      // Two failures that are in flight together, and two slower successes that must still be cached.
      await sleep(requestPath.endsWith('file-0.md') || requestPath.endsWith('file-1.md') ? 50 : 200);
      return false;
    });
    for (const [index, source] of sources.entries()) {
      if (index >= 2) await world.publish(source, `file ${index}\n`);
    }

    const error = await rejection(
      acquireSources({
        sources,
        dataDir: null,
        cacheDir: world.cacheDir,
        baseUrl: world.server.baseUrl,
        log: recordingLog(),
      }),
    );

    expect(error.sourceIds).toEqual([sources[0]?.id, sources[1]?.id]);
    expect(error.message).toMatch(/^Could not acquire 2 sources:/);
    for (const source of sources.slice(0, 2))
      expect(error.message).toContain(`${world.urlOf(source)} answered 404`);
    expect(world.server.requests.map((request) => path.basename(request)).sort()).toEqual([
      'file-0.md',
      'file-1.md',
      'file-2.md',
      'file-3.md',
    ]);
    expect((await filesUnder(world.cacheDir)).map((file) => path.basename(file)).sort()).toEqual([
      'file-2.md',
      'file-3.md',
    ]);
  });
});

describe('acquireSources on the real CNCF data directory', () => {
  const realDataDir = path.resolve(repoRoot, process.env.CNCF_DATA_DIR ?? '../shared/data/cncf');

  it(`acquires all ${SOURCE_FILES.length} registered files from ${realDataDir} with their pinned hashes`, async ({
    onTestFinished,
  }) => {
    // Without the files this must fail, not pass quietly: set CNCF_DATA_DIR to their directory.
    expect(existsSync(realDataDir), `the CNCF data files are not at ${realDataDir}`).toBe(true);
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'acquire-real-'));
    onTestFinished(() => rm(cacheDir, { recursive: true, force: true }));

    const { acquired, skipped } = await acquireSources({
      sources: SOURCE_FILES,
      dataDir: realDataDir,
      cacheDir,
      fetchImpl: noNetwork,
      log: recordingLog(),
    });

    expect(skipped).toEqual([]);
    expect(acquired).toHaveLength(12);
    expect(acquired.map((file) => file.source)).toEqual(SOURCE_FILES);
    for (const file of acquired) {
      expect(file.origin, file.source.id).toBe('directory');
      expect(file.sha256, file.source.id).toBe(file.source.sha256);
      // The decoded text re-encodes to the pinned bytes: nothing was lost or replaced in decoding.
      expect(sha256(Buffer.from(file.text, 'utf8')), file.source.id).toBe(file.source.sha256);
    }
  });
});
