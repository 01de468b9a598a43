import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.ts';

/** The real CNCF files: CNCF_DATA_DIR (CI sets it), else the shared copy beside the repository. */
export const cncfDataDir = path.resolve(PROJECT_ROOT, process.env.CNCF_DATA_DIR ?? '../shared/data/cncf');

/**
 * Where tests keep the clones of the governance files' histories (made from the data directory's
 * bundles): shared by every test file, and brought up to date by a fetch at each import.
 */
export const testCacheDir = path.join(os.tmpdir(), 'cncf-kg-test-cache');
