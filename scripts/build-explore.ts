import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { buildExplorePage } from '../src/explore/build.ts';
import { EXPLORE_BUILD_DIR } from '../src/explore/serve.ts';

/**
 * `npm run explore:build`, also run by `npm ci` (the `prepare` script) and, with `--if-missing`,
 * by `npm start`, so a clone installed with `--ignore-scripts` still gets its page.
 */
const result = await buildExplorePage({ ifMissing: process.argv.includes('--if-missing') });
if (result.built) {
  const where = path.relative(PROJECT_ROOT, EXPLORE_BUILD_DIR);
  console.log(
    `Built the explorer page into ${where} (${Math.round(result.bytes / 1024)} kB) in ${result.ms} ms`,
  );
}
