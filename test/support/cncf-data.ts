import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.ts';

/** The real CNCF files: CNCF_DATA_DIR (CI sets it), else the shared copy beside the repository. */
export const cncfDataDir = path.resolve(PROJECT_ROOT, process.env.CNCF_DATA_DIR ?? '../shared/data/cncf');
