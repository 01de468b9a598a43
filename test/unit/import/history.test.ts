import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildHistoryFacts,
  HistoryParser,
  type ParsedHistory,
  parseHistory,
  type SavedSweep,
} from '../../../src/import/facts/history.ts';
import { buildContext } from '../../../src/import/facts/index.ts';
import { ProjectCatalog } from '../../../src/import/facts/project-catalog.ts';
import type { VersionText } from '../../../src/import/history/acquire.ts';
import { readParseCache, writeParseCache } from '../../../src/import/history/parse-cache.ts';
import type { ClaimFact } from '../../../src/import/model.ts';
import { HISTORY_SOURCES } from '../../../src/import/sources.ts';

// An invented maintainers list in five versions: alice stays until v4, bob changes employer in v2,
// v3 does not parse (an unclosed quote), carol arrives in v4, v5 deletes the file.
const HEADER = ',Project,Maintainer Name ,Company,Github Name,OWNERS/MAINTAINERS';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const VERSIONS: VersionText[] = [
  {
    commit: 'a'.repeat(40),
    date: '2022-01-01',
    subject: 'Add Widget',
    blob: '1',
    text: csv('Sandbox,Widget,Alice A,Acme,alice,', ',,Bob B,Acme,bob,'),
  },
  {
    commit: 'b'.repeat(40),
    date: '2022-02-01',
    subject: 'Bob moves to Beta',
    blob: '2',
    text: csv('Sandbox,Widget,Alice A,Acme,alice,', ',,Bob B,Beta,bob,'),
  },
  {
    commit: 'c'.repeat(40),
    date: '2022-03-01',
    subject: 'Broken',
    blob: '3',
    text: `${HEADER}\n"unclosed,x`,
  },
  {
    commit: 'd'.repeat(40),
    date: '2022-04-01',
    subject: 'Alice leaves, Carol joins',
    blob: '4',
    text: csv('Sandbox,Widget,Bob B,Beta,bob,', ',,Carol C,,carol,'),
  },
  { commit: 'e'.repeat(40), date: '2022-05-01', subject: 'Remove the list', blob: null, text: null },
];
const HEAD = { commit: 'e'.repeat(40), date: '2022-06-01' };
const MAINTAINERS = HISTORY_SOURCES.find((source) => source.id === 'foundation/project-maintainers.csv');
if (!MAINTAINERS) throw new Error('no maintainers history source');

function facts(parsed: ParsedHistory) {
  return buildHistoryFacts(parsed, buildContext(parsed.firstSightings));
}

function interval(claims: ClaimFact[], type: string, from: string, to: string) {
  return claims
    .filter((claim) => claim.type === type && claim.from.id === from && claim.to.id === to)
    .map((claim) => ({
      listedFrom: claim.props.listedFrom,
      listedUntil: claim.props.listedUntil ?? null,
      removedIn: claim.props.removedIn ?? null,
      line: claim.line,
    }));
}

describe('a file read through its history', () => {
  const parsed = parseHistory(MAINTAINERS, VERSIONS, HEAD);
  const { facts: built, stats } = facts(parsed);

  it('turns consecutive versions into intervals, with the commits that added and removed each line', () => {
    expect(interval(built.claims, 'MAINTAINS', 'person:gh:alice', 'project:widget')).toEqual([
      { listedFrom: '2022-01-01', listedUntil: '2022-04-01', removedIn: 'd'.repeat(40), line: 2 },
    ]);
    expect(interval(built.claims, 'MAINTAINS', 'person:gh:carol', 'project:widget')).toEqual([
      { listedFrom: '2022-04-01', listedUntil: '2022-05-01', removedIn: 'e'.repeat(40), line: 3 },
    ]);
  });

  it('starts a new affiliation, and a new maintainer claim paired with it, when the employer changes', () => {
    expect(interval(built.claims, 'AFFILIATED_WITH', 'person:gh:bob', 'org:acme')).toEqual([
      { listedFrom: '2022-01-01', listedUntil: '2022-02-01', removedIn: 'b'.repeat(40), line: 3 },
    ]);
    expect(interval(built.claims, 'AFFILIATED_WITH', 'person:gh:bob', 'org:beta')).toEqual([
      { listedFrom: '2022-02-01', listedUntil: '2022-05-01', removedIn: 'e'.repeat(40), line: 3 },
    ]);
    // Bob's line moved from 3 to 2 in v4 without changing: the same claims, still at their first line.
    expect(interval(built.claims, 'MAINTAINS', 'person:gh:bob', 'project:widget')).toEqual([
      { listedFrom: '2022-01-01', listedUntil: '2022-02-01', removedIn: 'b'.repeat(40), line: 3 },
      { listedFrom: '2022-02-01', listedUntil: '2022-05-01', removedIn: 'e'.repeat(40), line: 3 },
    ]);
  });

  it('dates undated claims by their commits, so the "as of" rule reads observedAt / supersededAt', () => {
    const alice = built.claims.find(
      (claim) => claim.type === 'MAINTAINS' && claim.from.id === 'person:gh:alice',
    );
    expect(alice?.props).toMatchObject({
      observedAt: '2022-01-01',
      supersededAt: '2022-04-01',
      addedIn: 'a'.repeat(40),
      addedSubject: 'Add Widget',
      removedSubject: 'Alice leaves, Carol joins',
      // Listed in the file's first version: held by then, since when the file does not say.
      initial: true,
    });
    const carol = built.claims.find(
      (claim) => claim.type === 'MAINTAINS' && claim.from.id === 'person:gh:carol',
    );
    expect(carol?.props.initial).toBeUndefined();
  });

  it('names the version it could not parse, carries the state over it, and ends everything where the file goes', () => {
    expect(stats.failed.map((version) => [version.commit.slice(0, 1), version.date])).toEqual([
      ['c', '2022-03-01'],
    ]);
    expect(stats.failed[0]?.error).toMatch(/never closed/);
    expect(stats).toMatchObject({
      versions: 5,
      parsed: 3,
      deleted: 1,
      coveredFrom: '2022-01-01',
      coveredUntil: '2022-05-01',
      stillListed: false,
    });
  });

  it('parses only new versions after a restore, and builds the same facts', () => {
    const first = new HistoryParser(MAINTAINERS);
    for (const version of VERSIONS.slice(0, 2)) first.add(version);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parse-cache-')), 'maintainers.json');
    writeParseCache(file, 'code', first);
    const restored = readParseCache(file, 'code', MAINTAINERS) as HistoryParser;
    expect(restored.readPrefix(VERSIONS)).toBe(2);
    for (const version of VERSIONS.slice(2)) restored.add(version);
    const again = facts(restored.result(HEAD));
    expect(again.facts.claims).toEqual(built.claims);
    expect(again.stats).toEqual(stats);
    // A history whose older versions differ (a rewritten branch) is not taken from the cache.
    expect(
      restored.readPrefix([{ ...VERSIONS[0], blob: 'other' } as VersionText, ...VERSIONS.slice(1)]),
    ).toBe(0);
  });
});

describe('a sweep resumed where an earlier build of the history left it', () => {
  const full = parseHistory(MAINTAINERS, VERSIONS, HEAD);
  const expected = facts(full);
  // What an earlier import saved, having read the first `count` versions (through a cache file).
  const savedAfter = (count: number, versions = VERSIONS): SavedSweep => {
    const prefix = parseHistory(MAINTAINERS, versions.slice(0, count), HEAD);
    return JSON.parse(JSON.stringify(facts(prefix).sweep));
  };

  // The same versions with the broken one first: the first parsed version (whose claims are
  // `initial`) is then the second, which a sweep saved after the first has not reached.
  const brokenFirst = [VERSIONS[2], ...VERSIONS.filter((_, index) => index !== 2)] as VersionText[];
  it.each(
    [VERSIONS, brokenFirst].flatMap((versions) =>
      [0, 1, 2, 3, 4, 5].map((count) => [count, versions[0]?.subject, versions] as const),
    ),
  )('sweeps only the versions after the first %i (first: %s), with the same result', (count, _, versions) => {
    const history = parseHistory(MAINTAINERS, versions, HEAD);
    const whole = facts(history);
    const resumed = buildHistoryFacts(
      history,
      buildContext(history.firstSightings),
      savedAfter(count, versions),
    );
    expect(resumed.resumedFrom).toBe(count);
    expect(resumed.facts).toStrictEqual(whole.facts);
    expect(resumed.stats).toStrictEqual(whole.stats);
    // And leaves the same state for the next commit.
    expect(resumed.sweep).toStrictEqual(whole.sweep);
  });

  it('saves plain data', () => {
    expect(JSON.parse(JSON.stringify(expected.sweep))).toStrictEqual(expected.sweep);
    expect(expected.sweep).toMatchObject({ source: MAINTAINERS.id, rows: full.rows.length });
  });

  it('sweeps from the first version when the saved versions do not begin the history', () => {
    const rewritten = VERSIONS.map((version, index) =>
      index === 1 ? { ...version, commit: 'f'.repeat(40) } : version,
    );
    const readOtherwise = savedAfter(3);
    readOtherwise.versions[2] = ['c'.repeat(40), 'parsed'];
    const shorter = parseHistory(MAINTAINERS, VERSIONS.slice(0, 3), HEAD);
    for (const [history, saved] of [
      [full, savedAfter(3, rewritten)],
      [full, readOtherwise],
      [full, { ...savedAfter(3), source: 'toc/README.md' }],
      [shorter, savedAfter(4)],
    ] as const) {
      const resumed = buildHistoryFacts(history, buildContext(history.firstSightings), saved);
      expect(resumed.resumedFrom).toBe(0);
      expect(resumed.facts).toStrictEqual(facts(history).facts);
    }
  });

  it('sweeps from the first version when the rows it saw give other claims now', () => {
    // The landscape now names the project "Widget Project": the same rows maintain another node.
    const renamed = {
      ...buildContext(full.firstSightings),
      projects: new ProjectCatalog([{ name: 'Widget Project', cncf: true }]),
    };
    const resumed = buildHistoryFacts(full, renamed, savedAfter(4));
    expect(resumed.resumedFrom).toBe(0);
    expect(resumed.facts).toStrictEqual(buildHistoryFacts(full, renamed).facts);
    expect(
      interval(resumed.facts.claims, 'MAINTAINS', 'person:gh:alice', 'project:widget-project'),
    ).toHaveLength(1);

    const tampered = { ...savedAfter(4), rowsDigest: '0'.repeat(64) };
    const again = buildHistoryFacts(full, buildContext(full.firstSightings), tampered);
    expect(again.resumedFrom).toBe(0);
    expect(again.facts).toStrictEqual(expected.facts);
  });
});
