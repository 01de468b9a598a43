import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The `git` command, used for what it does best: cloning, fetching and reading a file's history.
 * Nothing here re-implements git; every call is `git` with arguments (never a shell), and every
 * path or revision is passed as its own argument.
 */

const run = promisify(execFile);
const MAX_OUTPUT = 256 * 1024 * 1024;

export class GitUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'The importer reads the CNCF governance files from their git histories and needs the `git` command ' +
        '(2.30 or newer) on the PATH: install git (Debian/Ubuntu: apt-get install git) and try again.',
      { cause },
    );
    this.name = 'GitUnavailableError';
  }
}

/** Fails with a clear message when git is missing; call once before any history is read. */
export async function checkGit(): Promise<string> {
  try {
    const { stdout } = await run('git', ['--version']);
    return stdout.trim();
  } catch (error) {
    throw new GitUnavailableError(error);
  }
}

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: MAX_OUTPUT, encoding: 'utf8' });
  return stdout;
}

/** One commit of the first-parent line of a branch that changed a file. */
export interface FileVersion {
  commit: string;
  /** The day (UTC) the commit landed on the branch: its committer date. */
  date: string;
  /** The first line of the commit message. */
  subject: string;
  /** The file's blob at that commit; null where the commit deleted the file. */
  blob: string | null;
}

/**
 * A bare clone kept in the cache, brought up to date from `remote` (a public https URL, or a bundle
 * file in the data directory: only the URL differs). The clone is made in a temporary directory and
 * renamed into place, so an interrupted first clone leaves nothing half-made behind.
 */
export async function updateClone(remote: string, directory: string, branch: string): Promise<void> {
  if (existsSync(path.join(directory, 'HEAD'))) {
    await git(
      ['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${branch}:refs/heads/${branch}`],
      directory,
    );
    return;
  }
  await mkdir(path.dirname(directory), { recursive: true });
  const partial = `${directory}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await git(['clone', '--quiet', '--bare', '--no-tags', '--branch', branch, remote, partial]);
  await rename(partial, directory);
}

/** The commit a branch points at and its day (UTC). */
export async function branchHead(
  directory: string,
  branch: string,
): Promise<{ commit: string; date: string }> {
  const out = await git(['log', '-1', '--format=%H %ct', `refs/heads/${branch}`, '--'], directory);
  const [commit = '', seconds = '0'] = out.trim().split(' ');
  return { commit, date: utcDay(Number(seconds)) };
}

/**
 * Every version of `file` on the first-parent line of `branch`, oldest first: the commits that
 * changed it as they landed on the branch (merges count once, as the merge commit).
 */
export async function fileVersions(directory: string, branch: string, file: string): Promise<FileVersion[]> {
  const out = await git(
    ['log', '--first-parent', '--reverse', '--format=%H%x00%ct%x00%s', `refs/heads/${branch}`, '--', file],
    directory,
  );
  const commits = out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [commit = '', seconds = '0', subject = ''] = line.split('\0');
      return { commit, date: utcDay(Number(seconds)), subject };
    });
  const blobs = await blobIds(
    directory,
    commits.map((c) => `${c.commit}:${file}`),
  );
  return commits.map((c, i) => ({ ...c, blob: blobs[i] ?? null }));
}

/** The blob id of each `commit:path`, or null where the path does not exist at that commit. */
async function blobIds(directory: string, revisions: string[]): Promise<(string | null)[]> {
  if (revisions.length === 0) return [];
  const out = await withInput(
    ['cat-file', '--batch-check=%(objectname) %(objecttype)'],
    directory,
    revisions,
  );
  return out
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (line.endsWith(' blob') ? (line.split(' ')[0] ?? null) : null));
}

/** The contents of the given blobs, as UTF-8 text, in one `git cat-file --batch` process. */
export async function readBlobs(directory: string, blobs: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(blobs)];
  const texts = new Map<string, string>();
  if (unique.length === 0) return texts;
  const out = await withInput(['cat-file', '--batch'], directory, unique);
  let offset = 0;
  while (offset < out.length) {
    const headerEnd = out.indexOf(10, offset);
    const [id = '', type = '', size = '0'] = out.subarray(offset, headerEnd).toString('utf8').split(' ');
    if (type !== 'blob') throw new Error(`git cat-file: ${id} is ${type || 'missing'}, not a blob`);
    const start = headerEnd + 1;
    const end = start + Number(size);
    texts.set(id, out.subarray(start, end).toString('utf8'));
    offset = end + 1;
  }
  return texts;
}

function withInput(args: string[], cwd: string, lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(`git ${args[0]} exited with ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

function utcDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
