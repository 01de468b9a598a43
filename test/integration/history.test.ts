import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importSources } from '../../src/import/importer.ts';
import { parseProjectMaintainersCsv } from '../../src/import/parse/maintainers.ts';
import { parseTagsYamlLeadership } from '../../src/import/parse/tags-yaml.ts';
import { parseTocSeats } from '../../src/import/parse/toc.ts';
import { acquireInputs } from '../../src/import/run.ts';
import { consoleLog } from '../../src/logger.ts';
import { cncfDataDir, testCacheDir } from '../support/cncf-data.ts';
import { TestApi } from '../support/graphql-client.ts';

/**
 * The graph against the files' own histories, read here straight from git (a clone of the data
 * directory's bundle made by this test, not the importer's): for days drawn at random with a fixed
 * seed, the API's answer "as of" that day equals the version of the file in force on that day.
 */

let api: TestApi;
let clones: string;
const quiet = { ...consoleLog, info: () => {} };

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The version of `file` in force at the end of `day` (UTC): the last first-parent commit by then. */
function versionOn(repo: string, file: string, day: string): string | null {
  const commit = git(
    repo,
    'log',
    '--first-parent',
    '-1',
    '--format=%H',
    `--until=${day}T23:59:59Z`,
    'main',
    '--',
    file,
  ).trim();
  return commit === '' ? null : git(repo, 'show', `${commit}:${file}`);
}

/** Mulberry32: a small seeded generator, so the draw is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dayBetween(random: () => number, from: string, to: string): string {
  const start = Date.parse(from);
  const span = Date.parse(to) - start;
  return new Date(start + Math.floor(random() * (span / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  clones = mkdtempSync(path.join(os.tmpdir(), 'history-test-'));
  for (const name of ['foundation', 'toc'])
    execFileSync('git', [
      'clone',
      '--quiet',
      path.join(cncfDataDir, 'git', `${name}.bundle`),
      path.join(clones, name),
    ]);
  api = TestApi.connect(inject('neo4j'));
  await api.graph.write('MATCH (n) DETACH DELETE n');
  const { inputs } = await acquireInputs({ dataDir: cncfDataDir, cacheDir: testCacheDir, log: quiet });
  const summary = await importSources({ graph: api.graph, inputs, log: quiet });
  expect(summary.sources.filter((source) => source.status !== 'loaded')).toEqual([]);
  await api.graph.write('CALL db.awaitIndexes(60)');
});

afterAll(async () => {
  await api?.close();
  if (clones) rmSync(clones, { recursive: true, force: true });
});

/** Every maintainer's handle of a project on a day, page after page. */
async function maintainersOn(project: string, day: string): Promise<string[]> {
  const handles: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      project: {
        maintainers: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { handle: string | null } }[];
        };
      } | null;
    } = await api.query(
      `query ($name: String!, $day: Date, $after: String) { project(name: $name) {
        maintainers(asOf: $day, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { handle } } } } }`,
      { name: project, day, after },
    );
    const page = data.project?.maintainers;
    for (const edge of page?.edges ?? []) if (edge.node.handle) handles.push(edge.node.handle.toLowerCase());
    if (!page?.pageInfo.hasNextPage) return handles;
    after = page.pageInfo.endCursor;
  }
}

describe('maintainers as of a day equal the maintainers list in force that day', () => {
  const random = seeded(20261202);
  const draws = Array.from({ length: 24 }, () => ({
    day: dayBetween(random, '2021-07-24', '2026-08-20'),
    pick: random(),
  }));

  it.each(draws)('on $day', async ({ day, pick }) => {
    const text = versionOn(path.join(clones, 'foundation'), 'project-maintainers.csv', day);
    expect(text).not.toBeNull();
    const rows = parseProjectMaintainersCsv(text as string).rows;
    const projects = [...new Set(rows.map((row) => row.project))].sort();
    const project = projects[Math.floor(pick * projects.length)] as string;
    const expected = [
      ...new Set(rows.filter((row) => row.project === project && row.handle).map((row) => row.handle)),
    ].sort();

    const handles = (await maintainersOn(project, day)).sort();
    expect(handles).toEqual(expected);
  });
});

describe('changes in a month equal the rows its commits added and removed', () => {
  /** project|group|handle of every row with a handle, the project as the API names it. */
  async function rowsOf(text: string, names: Map<string, string>): Promise<Set<string>> {
    const keys = new Set<string>();
    for (const row of parseProjectMaintainersCsv(text).rows) {
      if (!row.handle) continue;
      if (!names.has(row.project)) {
        const data = await api.query<{ project: { name: string } | null }>(
          'query ($name: String!) { project(name: $name) { name } }',
          { name: row.project },
        );
        names.set(row.project, data.project?.name ?? `?${row.project}`);
      }
      keys.add(`${names.get(row.project)}|${row.subgroup ?? ''}|${row.handle}`);
    }
    return keys;
  }

  it.each(['2024-03', '2023-06', '2025-11'])('in %s', async (month) => {
    const repo = path.join(clones, 'foundation');
    const [year, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
    const commits = git(
      repo,
      'log',
      '--first-parent',
      '--reverse',
      '--format=%H',
      `--since=${month}-01T00:00:00Z`,
      `--until=${last}T23:59:59Z`,
      'main',
      '--',
      'project-maintainers.csv',
    )
      .split('\n')
      .filter(Boolean);
    expect(commits.length).toBeGreaterThan(0);
    const names = new Map<string, string>();
    const expected = new Set<string>();
    for (const commit of commits) {
      const before = await rowsOf(git(repo, 'show', `${commit}^1:project-maintainers.csv`), names);
      const after = await rowsOf(git(repo, 'show', `${commit}:project-maintainers.csv`), names);
      for (const key of after) if (!before.has(key)) expected.add(`ADDED|${key}|${commit}`);
      for (const key of before) if (!after.has(key)) expected.add(`REMOVED|${key}|${commit}`);
    }

    const actual = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const data: {
        changes: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: {
            node: {
              direction: string;
              subject: { handle: string | null };
              object: { name: string };
              claim: { group: string | null };
              commit: { hash: string };
            };
          }[];
        };
      } = await api.query(
        `query ($from: Date!, $to: Date!, $after: String) {
          changes(from: $from, to: $to, kinds: [MAINTAINER], first: 100, after: $after) {
            pageInfo { hasNextPage endCursor }
            edges { node { direction subject { ... on Person { handle } } object { ... on Project { name } }
              claim { group } commit { hash } } }
          } }`,
        { from: `${month}-01`, to: last, after },
      );
      for (const { node } of data.changes.edges) {
        if (!node.subject.handle) continue;
        actual.add(
          `${node.direction}|${node.object.name}|${node.claim.group ?? ''}|${node.subject.handle.toLowerCase()}|${node.commit.hash}`,
        );
      }
      if (!data.changes.pageInfo.hasNextPage) break;
      after = data.changes.pageInfo.endCursor;
    }
    expect([...actual].sort()).toEqual([...expected].sort());
  });
});

/** Lower case, no bracketed part, single spaces: "Lei Zhang (Harry)" and "Lei  Zhang" are one name. */
function nameKey(name: string): string {
  return name
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

describe('TOC seats as of a day equal the TOC README in force that day, with its stated terms', () => {
  const random = seeded(2016_02_17);
  const draws = Array.from({ length: 12 }, () => ({ day: dayBetween(random, '2016-02-18', '2026-06-29') }));

  it.each(draws)('on $day', async ({ day }) => {
    const text = versionOn(path.join(clones, 'toc'), 'README.md', day) as string;
    // The text's dates win over commit dates: a listed term counts from its start to its end.
    const expected = parseTocSeats(text)
      .rows.filter(
        (row) => (row.since === null || row.since <= day) && (row.until === null || day < row.until),
      )
      .map((row) => nameKey(row.name));
    const data = await api.query<{
      body: {
        members: {
          edges: { claims: { source: { key: string }; resolution: { nameAsWritten: string } | null }[] }[];
        };
      };
    }>(
      `query ($day: Date) { body(name: "TOC") { members(asOf: $day, first: 100) {
        edges { claims { source { key } resolution { nameAsWritten } } } } } }`,
      { day },
    );
    const actual = data.body.members.edges.flatMap((edge) =>
      edge.claims
        .filter((claim) => claim.source.key === 'toc/README.md')
        .slice(0, 1)
        .map((claim) => nameKey(claim.resolution?.nameAsWritten ?? '')),
    );
    expect(actual.sort()).toEqual([...new Set(expected)].sort());
  });
});

describe('TAG roles as of a day equal tags.yaml in force that day', () => {
  const random = seeded(2025_03_26);
  const draws = Array.from({ length: 8 }, () => ({
    day: dayBetween(random, '2025-03-27', '2026-06-29'),
    pick: random(),
  }));

  it.each(draws)('on $day', async ({ day, pick }) => {
    const text = versionOn(path.join(clones, 'toc'), 'tags.yaml', day) as string;
    const leaders = parseTagsYamlLeadership(text).rows.filter(
      (row) => !row.emeritus && row.role !== 'toc-liaison',
    );
    const bodies = [...new Set(leaders.map((row) => row.body))].sort();
    const body = bodies[Math.floor(pick * bodies.length)] as string;
    const listed = leaders.filter((row) => row.body === body);
    const data = await api.query<{
      body: {
        members: {
          edges: {
            node: { handle: string | null };
            claims: { type: string; source: { key: string }; listedFrom: string | null }[];
          }[];
        };
      } | null;
    }>(
      `query ($name: String!, $day: Date) { body(name: $name) { members(asOf: $day, first: 100) {
        edges { node { ... on Person { handle } } claims { type source { key } listedFrom } } } } }`,
      { name: body, day },
    );
    // The file's own claims as listed by that day. A later version may state a term that began
    // earlier (the text's dates win), which no version in force that day could show.
    const holders = (data.body?.members.edges ?? []).filter((edge) =>
      edge.claims.some(
        (claim) =>
          claim.type === 'LEADS' && claim.source.key === 'toc/tags.yaml' && (claim.listedFrom ?? '') <= day,
      ),
    );
    // One holder per person the version lists; a name listed without a handle may be linked to
    // the handle another version gives it, so handles are checked where the version writes them.
    expect(holders.length).toBe(new Set(listed.map((row) => row.handle ?? row.name)).size);
    const handles = holders.map((edge) => (edge.node.handle ?? '').toLowerCase());
    for (const row of listed) if (row.handle) expect(handles).toContain(row.handle);
  });
});

describe("Lei Zhang's changes", () => {
  it('are his TOC seat listed and delisted by the README, not the emeritus listing, nor the maintainers list’s first version', async () => {
    const data = await api.query<{
      changes: {
        edges: {
          node: {
            kind: string;
            direction: string;
            date: string;
            commit: { hash: string };
            claim: { source: { key: string } };
          };
        }[];
      };
    }>(`{ changes(person: "resouer", from: "2015-01-01", to: "2026-08-21", first: 100) {
      edges { node { kind direction date commit { hash } claim { source { key } } } } } }`);
    const rows = data.changes.edges.map(({ node }) => ({
      kind: node.kind,
      direction: node.direction,
      date: node.date,
      commit: node.commit.hash.slice(0, 7),
      source: node.claim.source.key,
    }));
    // toc/README.md: added by 6a0b7c9 "Update README.md (#602)" (the 2021 election), removed by
    // ffdb528 when the 2021–2023 terms ended; EMERITUS.md's line (added by ffdb528) records that end.
    expect(rows.filter((row) => row.kind === 'TOC_SEAT')).toEqual([
      {
        kind: 'TOC_SEAT',
        direction: 'REMOVED',
        date: '2023-01-31',
        commit: 'ffdb528',
        source: 'toc/README.md',
      },
      {
        kind: 'TOC_SEAT',
        direction: 'ADDED',
        date: '2021-02-02',
        commit: '6a0b7c9',
        source: 'toc/README.md',
      },
    ]);
    expect(
      rows.some((row) => row.source.endsWith('EMERITUS.md') || row.source.endsWith('emeritus_leaders.md')),
    ).toBe(false);
    // The maintainers list began on 2021-07-23 (7a9eb3e) already listing him: not an addition.
    expect(rows.some((row) => row.commit === '7a9eb3e')).toBe(false);
  });
});

describe('coverage', () => {
  it('says a day before the maintainers list existed is unknown, and a day inside its span is known', async () => {
    const data = await api.query<{
      project: Record<
        'before' | 'inside',
        {
          coverage: {
            known: boolean;
            sources: { source: { key: string }; coveredFrom: string; covers: boolean }[];
          };
        }
      >;
      sources: {
        key: string;
        kind: string;
        coveredFrom: string | null;
        versions: number | null;
        versionsFailed: string[];
      }[];
    }>(`{
      project(name: "Kubernetes") {
        before: maintainers(asOf: "2019-01-01") { coverage { known sources { source { key } coveredFrom covers } } }
        inside: maintainers(asOf: "2024-01-01") { coverage { known sources { source { key } coveredFrom covers } } }
      }
      sources { key kind coveredFrom versions versionsFailed }
    }`);
    const maintainers = { source: { key: 'foundation/project-maintainers.csv' }, coveredFrom: '2021-07-23' };
    expect(data.project.before.coverage).toEqual({
      known: false,
      sources: [{ ...maintainers, covers: false }],
    });
    expect(data.project.inside.coverage).toEqual({
      known: true,
      sources: [{ ...maintainers, covers: true }],
    });
    // The one maintainers version that does not parse is named with its commit and reason.
    const csv = data.sources.find((source) => source.key === 'foundation/project-maintainers.csv');
    expect(csv).toMatchObject({ kind: 'history', versions: 930 });
    expect(csv?.versionsFailed).toEqual([expect.stringMatching(/^62b0b2b\w{33} 2022-01-05: .*never closed/)]);
  });
});
