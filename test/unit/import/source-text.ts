import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SOURCE_FILES, type SourceFile } from '../../../src/import/sources.ts';
import { cncfDataDir } from '../../support/cncf-data.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function readFixture(name: string): string {
  return readFileSync(resolve(repoRoot, 'test/fixtures/sources', name), 'utf8');
}

export { cncfDataDir };

export function sourceFile(id: string): SourceFile {
  const source = SOURCE_FILES.find((candidate) => candidate.id === id);
  if (!source) throw new Error(`no source with id ${id}`);
  return source;
}

export function readSourceBytes(source: SourceFile): Buffer {
  // These tests check facts read from the real files; without them they must fail, not pass quietly.
  if (!existsSync(cncfDataDir)) {
    throw new Error(`The CNCF data files are not at ${cncfDataDir}: set CNCF_DATA_DIR to their directory`);
  }
  const stored = readFileSync(resolve(cncfDataDir, source.localPath));
  return source.gzip ? gunzipSync(stored) : stored;
}

export function readSource(id: string): string {
  return readSourceBytes(sourceFile(id)).toString('utf8');
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Something@something.tld anywhere in a serialised value. */
export const EMAIL = /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i;
