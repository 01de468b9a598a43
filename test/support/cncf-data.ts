import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/config.ts';
import { SOURCE_FILES } from '../../src/import/sources.ts';

/** The real CNCF files: CNCF_DATA_DIR (CI sets it), else the shared copy beside the repository. */
export const cncfDataDir = path.resolve(PROJECT_ROOT, process.env.CNCF_DATA_DIR ?? '../shared/data/cncf');

/**
 * Where tests keep the clones of the governance files' histories (made from the data directory's
 * bundles): shared by every test file, and brought up to date by a fetch at each import.
 */
export const testCacheDir = path.join(os.tmpdir(), 'cncf-kg-test-cache');

/**
 * The CNCF's members per tier as the pinned landscape.yml lists them, read here with a plain YAML
 * parser rather than the importer's: the subcategories of "CNCF Members" and their items, named or
 * not (`unnamed_organization: true`, "Non-Public Organization Bear (supporter)").
 */
export function landscapeMembers(
  dataDir = cncfDataDir,
): { tier: string; name: string; anonymous: boolean }[] {
  const pinned = SOURCE_FILES.find((source) => source.format === 'landscape-yaml');
  if (!pinned) throw new Error('no landscape in SOURCE_FILES');
  const stored = readFileSync(path.join(dataDir, pinned.localPath));
  const text = (pinned.gzip ? gunzipSync(stored) : stored).toString('utf8');
  type Item = { item: null; name: string; unnamed_organization?: boolean };
  const landscape = parseYaml(text) as {
    landscape: { name: string; subcategories: { name: string; items: Item[] }[] }[];
  };
  const members = landscape.landscape.find((category) => category.name === 'CNCF Members');
  if (!members) throw new Error('landscape.yml has no CNCF Members category');
  return members.subcategories.flatMap((tier) =>
    tier.items.map((item) => ({
      tier: tier.name,
      name: item.name,
      anonymous: item.unnamed_organization === true,
    })),
  );
}
