import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { launchChromium } from '../test/support/chromium.ts';

/**
 * `npm run explore:screenshot [-- --url http://127.0.0.1:4000]`: docs/explore.png, the explorer
 * page of a running service (`npm start`) after the README's walk-through: Lei Zhang (resouer)
 * opened, the TOC expanded, the path to Kubernetes, the date set to 2021-06-01.
 */
const urlFlag = process.argv.indexOf('--url');
const base = (urlFlag >= 0 ? process.argv[urlFlag + 1] : undefined) ?? 'http://127.0.0.1:4000';
const out = path.join(PROJECT_ROOT, 'docs', 'explore.png');

const chrome = await launchChromium({ width: 1400, height: 900 });
try {
  const page = await chrome.context.newPage();
  await page.goto(`${base}/explore`);
  await page.fill('#search-text', 'Lei Zhang');
  await page.press('#search-text', 'Enter');
  await page.click('#results .hit[data-key="person:gh:resouer"]');
  await page.locator('#panel h2[data-key="person:gh:resouer"]').waitFor();
  await page.click('#panel button[data-key="body:toc"]');
  await page.locator('#panel h2[data-key="body:toc"]').waitFor();
  await page.click('#expand');
  await page.fill('#as-of', '2021-06-01');
  await page.locator('#toc-heading', { hasText: '2021-06-01' }).waitFor();
  await page.fill('#path-text', 'Kubernetes');
  await page.press('#path-text', 'Enter');
  await page.click('#path-results .hit[data-key="project:kubernetes"]');
  await page.locator('#hops li.hop').first().waitFor();
  await page.locator('#path-section').scrollIntoViewIfNeeded();
  await page.screenshot({ path: out });
  console.log(`Wrote ${path.relative(PROJECT_ROOT, out)}`);
} finally {
  await chrome.close();
}
