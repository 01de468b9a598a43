import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildExplorePage } from '../../src/explore/build.ts';
import { type LaunchedChromium, launchChromium } from '../support/chromium.ts';
import { serveRealGraph } from '../support/real-app.ts';

// The explorer page in a real browser (Debian's Chromium through playwright-core), served by the
// real app on a loopback port, over a real Neo4j holding the real CNCF data. The steps follow the
// page's story in order and share one page: each starts where the one before left off.
const neo = inject('neo4j');
let served: { origin: string; close: () => Promise<void> };
let chrome: LaunchedChromium;
let page: Page;
let origin: string;
/** Every URL the page asked for, to prove it loads nothing from elsewhere. */
const requested: string[] = [];

beforeAll(async () => {
  // `npm ci` has built the page; a build made by hand and then deleted is rebuilt.
  await buildExplorePage({ ifMissing: true });
  served = await serveRealGraph(neo);
  origin = served.origin;
  chrome = await launchChromium();
  page = await chrome.context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(`${origin}/explore`);
});

afterAll(async () => {
  await chrome?.close();
  await served?.close();
});

const nodeIds = async () =>
  ((await page.getAttribute('#graph', 'data-node-ids')) ?? '').split(' ').filter(Boolean);

describe('the explorer page', () => {
  it('finds two distinct people called Lei Zhang', async () => {
    await page.fill('#search-text', 'Lei Zhang');
    await page.press('#search-text', 'Enter');
    const hits = page.locator('#results .hit');
    await hits.first().waitFor();
    const people = page.locator('#results .hit:has(.kind-person)');
    expect(await people.count()).toBe(2);
    const resouer = page.locator('#results .hit[data-key="person:gh:resouer"]');
    const steven = page.locator('#results .hit[data-key="person:gh:stevenleizhang"]');
    // Told apart by handle and employer.
    expect(await resouer.textContent()).toMatch(/@resouer.*Alibaba/s);
    expect(await steven.textContent()).toMatch(/@stevenleizhang.*JD\.com/s);
  });

  it('opens the one who served on the TOC: his neighbourhood, and his facts with their sources at their commits', async () => {
    await page.click('#results .hit[data-key="person:gh:resouer"]');
    await page.locator('#panel h2[data-key="person:gh:resouer"]').waitFor();
    expect(await nodeIds()).toEqual(
      expect.arrayContaining(['person:gh:resouer', 'body:toc', 'project:kubevela']),
    );
    const toc = page.locator('#panel li.fact', { has: page.locator('button[data-key="body:toc"]') });
    expect(await toc.textContent()).toContain('2021-02-01 – 2023-02-01');
    const sources = await toc
      .locator('a.source')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    // EMERITUS.md line 27, "Lei Zhang (2/1/2021-2/1/2023)", linked at the commit that added it (ffdb528).
    expect(sources).toContain(
      'https://github.com/cncf/toc/blob/ffdb5287c29a9506cd35a0cda33e2edc413a8d57/EMERITUS.md#L27',
    );
    for (const href of sources)
      expect(href).toMatch(/^https:\/\/github\.com\/cncf\/[\w-]+\/blob\/[0-9a-f]{40}\//);
  });

  it('expands the TOC onto the canvas', async () => {
    const before = await nodeIds();
    await page.click('#panel button[data-key="body:toc"]');
    await page.locator('#panel h2[data-key="body:toc"]').waitFor();
    await page.click('#expand');
    await page.waitForFunction(
      (count) => Number(document.getElementById('graph')?.dataset.nodes) > count,
      before.length,
    );
    const after = await nodeIds();
    expect(after).toEqual(expect.arrayContaining([...before, 'person:gh:erinboyd']));
  });

  it('finds a path to Kubernetes, draws it and lists its hops with their explanations', async () => {
    await page.fill('#path-text', 'Kubernetes');
    await page.press('#path-text', 'Enter');
    await page.click('#path-results .hit[data-key="project:kubernetes"]');
    const hops = page.locator('#hops li.hop');
    await hops.first().waitFor();
    const explanations = await hops.locator('.explanation').allInnerTexts();
    expect(explanations.length).toBeGreaterThan(0);
    expect(explanations[0]).toMatch(/^Lei Zhang \(Harry\) /);
    expect(explanations.at(-1)).toContain('Kubernetes');
    const highlighted = ((await page.getAttribute('#graph', 'data-highlighted')) ?? '').split(' ');
    expect(highlighted).toEqual(expect.arrayContaining(['person:gh:resouer', 'project:kubernetes']));
    // One edge per hop, besides the nodes.
    expect(highlighted.filter((id) => id.includes('|'))).toHaveLength(explanations.length);
  });

  it('moves to 2021-06-01 and shows the TOC of that day, on the canvas and in the list', async () => {
    const anyTime = await nodeIds();
    await page.fill('#as-of', '2021-06-01');
    await page.locator('#toc-heading', { hasText: '2021-06-01' }).waitFor();
    expect(await page.locator('#toc-heading').textContent()).toBe('The TOC on 2021-06-01 (11)');
    const members = await page
      .locator('#toc-members button')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-key') ?? ''));
    expect(members).toHaveLength(11);
    expect(members).toContain('person:gh:resouer');
    // The canvas is redrawn as of the day: that day's members are on it, later ones are gone.
    const onTheDay = await nodeIds();
    expect(onTheDay).toEqual(expect.arrayContaining(members));
    expect(onTheDay.length).toBeLessThan(anyTime.length);
  });

  it('opens the query behind the view in GraphiQL, and that query gives the same answer', async () => {
    const href = await page.getAttribute('#open-graphiql', 'href');
    expect(href).toMatch(/^\/graphql\?query=/);
    const query = new URL(href ?? '', origin).searchParams.get('query') ?? '';
    expect(query).toContain('$asOf: Date = "2021-06-01"');
    // What GraphiQL runs when the link opens: the document on its own, no variables.
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data: { toc: { members: { totalCount: number } } } };
    expect(body.data.toc.members.totalCount).toBe(11);
    // And the link opens GraphiQL: /graphql answers a browser with its page.
    const graphiql = await fetch(new URL(href ?? '', origin), { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('id="explore-link"');
  });

  it('moves the time slider, and lists what changed for Lei Zhang, each change linked to its commit', async () => {
    // The slider spans the covered span and followed the day typed into the date input.
    const slider = page.locator('#as-of-slider');
    expect(await slider.isDisabled()).toBe(false);
    expect(await slider.getAttribute('data-day')).toBe('2021-06-01');
    const ends = (await page.textContent('#as-of-span')) ?? '';
    expect(ends).toMatch(/^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/);
    const [first = ''] = ends.split(' – ');

    await page.fill('#search-text', 'Lei Zhang');
    await page.press('#search-text', 'Enter');
    await page.click('#results .hit[data-key="person:gh:resouer"]');
    await page.locator('#panel h2[data-key="person:gh:resouer"]').waitFor();
    // The twelve months up to the As-of day: his TOC seat, listed by the 2021 election's README
    // commit. (tags/README.md's first version, 2021-05-06, lists him as a TAG chair already: a
    // file's first version is no change.)
    const changes = page.locator('#panel #changes');
    await changes.locator('h3', { hasText: 'Changes 2020-06-01 – 2021-06-01 (' }).waitFor();
    expect(await changes.locator('li.change').allInnerTexts()).toEqual([
      '2021-02-02 added as member of TOC (2021-02-01 – 2023-02-01) — Update README.md (#602)',
    ]);

    // A drag: many positions in a row, one redraw once the slider rests.
    const operations: string[] = [];
    const listen = (request: { postData: () => string | null }) => {
      const name = /^query (\w+)/.exec(JSON.parse(request.postData() ?? '{}').query ?? '')?.[1];
      if (name) operations.push(name);
    };
    page.on('request', listen);
    const day = (Date.parse('2023-06-01') - Date.parse(first)) / 86_400_000;
    await slider.evaluate((input: HTMLInputElement, target: number) => {
      for (const value of [target - 40, target - 30, target - 20, target - 10, target]) {
        input.value = String(value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }, day);
    expect(await page.inputValue('#as-of')).toBe('2023-06-01');
    await changes.locator('h3', { hasText: 'Changes 2022-06-01 – 2023-06-01 (' }).waitFor();
    await page.locator('#toc-heading', { hasText: '2023-06-01' }).waitFor();
    page.off('request', listen);
    expect(operations.filter((name) => name === 'Roster')).toHaveLength(1);
    expect(operations.filter((name) => name === 'Neighbourhood').length).toBeLessThanOrEqual(3);

    const rows = changes.locator('li.change');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const href of await rows
      .locator('a.commit')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
      expect(href).toMatch(/^https:\/\/github\.com\/cncf\/[\w-]+\/commit\/[0-9a-f]{40}$/);
    const removed = rows.filter({ hasText: 'removed as maintainer of KubeVela' });
    expect(await removed.locator('time').textContent()).toBe('2022-10-12');
    expect(await removed.locator('a.commit').textContent()).toBe(
      'Merge pull request #438 from wonderflow/updatekube',
    );
    expect(await removed.locator('a.commit').getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/cncf\/foundation\/commit\/65150e9[0-9a-f]{33}$/,
    );

    // The other end opens like any name in the panel, with its own changes.
    await removed.locator('button[data-key="project:kubevela"]').click();
    await page.locator('#panel h2[data-key="project:kubevela"]').waitFor();
    await changes.locator('li.change', { hasText: 'Lei Zhang (Harry) removed as maintainer' }).waitFor();
  });

  it('at any time, leaves the slider inactive and pages through the whole span’s changes', async () => {
    const ends = (await page.textContent('#as-of-span')) ?? '';
    await page.fill('#search-text', 'TOC');
    await page.press('#search-text', 'Enter');
    await page.click('#results .hit[data-key="body:toc"]');
    await page.locator('#panel h2[data-key="body:toc"]').waitFor();
    await page.click('#any-time');
    await page.locator('#toc-heading', { hasText: 'at any time' }).waitFor();
    expect(await page.getAttribute('#as-of-slider', 'class')).toContain('inactive');
    expect(await page.inputValue('#as-of')).toBe('');
    const changes = page.locator('#panel #changes');
    await changes.locator('h3', { hasText: `Changes ${ends} (` }).waitFor();
    const rows = changes.locator('li.change');
    expect(await rows.count()).toBe(20);
    await changes.locator('#changes-more').click();
    await page.waitForFunction(() => document.querySelectorAll('#changes li.change').length > 20);
    const days = await rows.locator('time').allInnerTexts();
    // Newest first, across the pages.
    expect(days).toEqual([...days].sort().reverse());
  });

  it('asked for nothing outside its own loopback origin', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    expect(requested).toContain(`${origin}/graphql`);
  });
});
