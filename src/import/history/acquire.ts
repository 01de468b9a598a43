import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Log } from '../../logger.ts';
import {
  HISTORY_REPOSITORIES,
  HISTORY_SOURCES,
  type HistoryRepository,
  type HistorySource,
} from '../sources.ts';
import { branchHead, checkGit, type FileVersion, fileVersions, readBlobs, updateClone } from './git.ts';

/** One version of a tracked file with its text; `text` is null where the commit deleted the file. */
export interface VersionText extends FileVersion {
  text: string | null;
}

/**
 * A tracked file's whole first-parent history, as the importer takes it. The versions' texts are
 * read only when they are parsed (`readTexts`): an import with nothing new reads none, and one with
 * a new commit reads that version alone. A version given with its `text` (a test) is taken as is.
 */
export interface HistoryInput {
  source: HistorySource;
  versions: (FileVersion & { text?: string | null })[];
  readTexts: (blobs: string[]) => Promise<Map<string, string>>;
  /** The branch head the clone was at: the history is known up to this commit's day. */
  head: { commit: string; date: string };
  /** Stands for the versions read (their commits and blobs): equal when nothing new was committed. */
  sha256: string;
  /** Where the importer keeps what it parsed of this history, to parse only new versions next time. */
  parseCache: string | null;
}

/**
 * Clones (or fetches into an existing clone) each repository whose files are tracked, then reads
 * every version of every tracked file. With a data directory the clone comes from its bundle, else
 * from the public repository; new commits are picked up at the next import either way.
 */
export async function acquireHistories(options: {
  dataDir: string | null;
  cacheDir: string;
  log: Log;
  sources?: readonly HistorySource[];
}): Promise<HistoryInput[]> {
  await checkGit();
  const sources = options.sources ?? HISTORY_SOURCES;
  const inputs: HistoryInput[] = [];
  for (const repository of HISTORY_REPOSITORIES) {
    const tracked = sources.filter((source) => source.repository === repository.repository);
    if (tracked.length === 0) continue;
    const directory = path.join(
      options.cacheDir,
      'history',
      `${repository.repository.replace('/', '__')}.git`,
    );
    const remote = remoteOf(repository, options.dataDir);
    await updateClone(remote, directory, repository.branch);
    const head = await branchHead(directory, repository.branch);
    options.log.info(
      `${repository.repository}: history at ${head.commit.slice(0, 7)} (${head.date}) from ${remote}`,
    );
    for (const source of tracked) {
      const versions = await fileVersions(directory, repository.branch, source.pathInRepo);
      const hash = createHash('sha256').update(head.commit);
      for (const version of versions) hash.update(`${version.commit}:${version.blob ?? '-'}\n`);
      inputs.push({
        source,
        versions,
        readTexts: (blobs) => readBlobs(directory, blobs),
        head,
        sha256: hash.digest('hex'),
        parseCache: path.join(
          options.cacheDir,
          'history',
          'parsed',
          `${source.id.replace(/[^\w.-]+/g, '_')}.jsonl`,
        ),
      });
    }
  }
  return inputs;
}

/** `versions` of a history (all of them by default) with their texts, read in one git process. */
export async function withTexts(
  input: HistoryInput,
  versions: HistoryInput['versions'] = input.versions,
): Promise<VersionText[]> {
  const texts = await input.readTexts(
    versions.flatMap((version) => (version.blob && version.text === undefined ? [version.blob] : [])),
  );
  return versions.map((version) => ({
    ...version,
    text: version.text !== undefined ? version.text : version.blob ? (texts.get(version.blob) ?? null) : null,
  }));
}

function remoteOf(repository: HistoryRepository, dataDir: string | null): string {
  if (dataDir === null) return repository.cloneUrl;
  const bundle = path.join(dataDir, repository.bundle);
  if (!existsSync(bundle)) {
    throw new Error(
      `${repository.repository}: no git bundle at ${bundle}; the data directory must hold ${repository.bundle} ` +
        '(see SOURCES.md there), or unset CNCF_DATA_DIR to clone the public repository',
    );
  }
  return bundle;
}
