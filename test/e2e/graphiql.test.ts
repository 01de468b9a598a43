import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';
import { serveRealGraph } from '../support/real-app.ts';

// GraphiQL in a real browser with every request to another host blocked, as on a machine or
// network without the CDN: the page must render, run its first worked example and show the answer,
// all of it from this server (src/graphiql/assets.ts), under its Content-Security-Policy.
const neo = inject('neo4j');
let served: { origin: string; close: () => Promise<void> };
let chrome: LaunchedChromium;
let origin: string;

beforeAll(async () => {
  served = await serveRealGraph(neo);
  origin = served.origin;
  chrome = await launchChromium();
});

afterAll(async () => {
  await chrome?.close();
  await served?.close();
});

describe('GraphiQL with no other host in reach', () => {
  it('renders, runs the first worked example and shows its answer, loading nothing from elsewhere', async () => {
    const blocked: string[] = [];
    const served: string[] = [];
    await chrome.context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:')) {
        served.push(url);
        return route.continue();
      }
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await chrome.context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${origin}/graphql`);

    // GraphiQL rendered from this server's copy of its code.
    await page.locator('.graphiql-container').first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    await page.locator('.graphiql-execute-button').click();
    // Several operations: GraphiQL asks which; the first is Lei Zhang's roles over time.
    const choice = page.getByRole('menuitem', { name: 'LeiZhangRolesOverTime' });
    if (await choice.isVisible({ timeout: 5_000 }).catch(() => false)) await choice.click();

    const response = page.locator('.graphiql-response');
    await expect
      .poll(async () => ((await response.textContent()) ?? '').replace(/\s+/g, ' '), { timeout: 60_000 })
      .toMatch(/"handle": ?"resouer"/);
    expect(blocked).toEqual([]);
    expect(violations).toEqual([]);
    expect(served.some((url) => url.includes('/graphiql-assets/'))).toBe(true);
  });
});
