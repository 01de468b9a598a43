import { describe, expect, it } from 'vitest';
import { buildHistoryFacts, HistoryParser, versionSource } from '../../../../src/import/facts/history.ts';
import {
  buildContext,
  buildSourceFacts,
  type ParsedSource,
  parseSource,
} from '../../../../src/import/facts/index.ts';
import { FactsMemo } from '../../../../src/import/facts/memo.ts';
import type { VersionText } from '../../../../src/import/history/acquire.ts';
import type { ClaimFact, SourceFacts } from '../../../../src/import/model.ts';
import { HISTORY_SOURCES } from '../../../../src/import/sources.ts';

// Invented people. The emeritus list names "Pat Doe" without a handle; the maintainers list first
// knows one Pat Doe (patd), then a second one (pat-b): the emeritus mention changes meaning with a
// commit of another file, which is what a remembered build must notice. Alex Roe never changes.
const history = (id: string) => {
  const source = HISTORY_SOURCES.find((candidate) => candidate.id === id);
  if (!source) throw new Error(`no history ${id}`);
  return source;
};
const MAINTAINERS = history('foundation/project-maintainers.csv');
const EMERITUS = versionSource(history('toc/EMERITUS.md'), { commit: 'e'.repeat(40), date: '2024-01-01' });
const EMERITUS_TEXT = '* Pat Doe (2/1/2021 - 2/1/2023)\n* Alex Roe (2/1/2020 - 2/1/2022)\n';
const HEADER = ',Project,Maintainer Name ,Company,Github Name,OWNERS/MAINTAINERS';
const VERSIONS: VersionText[] = [
  ['Sandbox,Widget,Pat Doe,Acme,patd,', ',,Alex Roe,Acme,alexr,'],
  ['Sandbox,Widget,Pat Doe,Acme,patd,', ',,Alex Roe,Acme,alexr,', 'Sandbox,Gadget,Pat Doe,Beta,pat-b,'],
  ['Sandbox,Widget,Alex Roe,Acme,alexr,', 'Sandbox,Gadget,Pat Doe,Beta,pat-b,'],
].map((rows, i) => ({
  commit: String(i + 1).repeat(40),
  date: `2023-0${i + 1}-01`,
  subject: `Version ${i + 1}`,
  blob: `blob${i + 1}`,
  text: [HEADER, ...rows].join('\n'),
}));
const HEAD = { commit: '3'.repeat(40), date: '2023-04-01' };

/** What the importer builds from the pinned list and the history as the parser has read it. */
function build(pinned: ParsedSource, parser: HistoryParser, memo: FactsMemo) {
  const parsed = parser.result(HEAD);
  const context = buildContext([pinned, ...parsed.firstSightings], memo);
  return {
    pinned: memo.final.build(pinned, context, (used) => buildSourceFacts(pinned, used)),
    history: buildHistoryFacts(parsed, context, null, memo).facts,
  };
}

/** Facts in a stable order, as plain data. */
function plain(facts: SourceFacts) {
  const byKey = (a: { key?: string; id?: string }, b: { key?: string; id?: string }) =>
    String(a.key ?? a.id).localeCompare(String(b.key ?? b.id));
  return { ...facts, claims: [...facts.claims].sort(byKey), nodes: [...facts.nodes].sort(byKey) };
}

const serves = (facts: SourceFacts) =>
  facts.claims.filter((claim) => claim.type === 'SERVES_ON').map((claim) => claim.from.id);

describe('facts remembered between imports', () => {
  it('equal the facts built afresh after each commit, including a mention another file’s commit changes', () => {
    const pinned = parseSource(EMERITUS, EMERITUS_TEXT);
    const memo = new FactsMemo();
    const parser = new HistoryParser(MAINTAINERS);
    const seen: string[][] = [];
    for (const version of VERSIONS) {
      parser.add(version);
      const remembered = build(pinned, parser, memo);
      const fresh = build(parseSource(EMERITUS, EMERITUS_TEXT), parser, new FactsMemo());
      expect(plain(remembered.pinned)).toEqual(plain(fresh.pinned));
      expect(plain(remembered.history)).toEqual(plain(fresh.history));
      seen.push(serves(remembered.pinned).sort());
    }
    // One Pat Doe, then two: the emeritus mention is resolved, then kept apart by name.
    expect(seen[0]).toEqual(['person:gh:alexr', 'person:gh:patd']);
    expect(seen[1]).toEqual(['person:gh:alexr', 'person:name:pat-doe']);
    expect(seen[2]).toEqual(seen[1]);
  });

  it('reuses what no commit touched: the same objects, not equal copies', () => {
    const pinned = parseSource(EMERITUS, EMERITUS_TEXT);
    const memo = new FactsMemo();
    const parser = new HistoryParser(MAINTAINERS);
    parser.add(VERSIONS[0] as VersionText);
    const first = build(pinned, parser, memo);
    // Nothing new: every fact is the one built before.
    const again = build(pinned, parser, memo);
    expect(again.pinned).toBe(first.pinned);
    const alex = (facts: SourceFacts): ClaimFact | undefined =>
      facts.claims.find((claim) => claim.type === 'MAINTAINS' && claim.from.id === 'person:gh:alexr');
    expect(alex(again.history)).toBe(alex(first.history));

    // A commit that adds a namesake: the emeritus list is built again, Alex's interval is not.
    parser.add(VERSIONS[1] as VersionText);
    const second = build(pinned, parser, memo);
    expect(second.pinned).not.toBe(first.pinned);
    expect(alex(second.history)).toBe(alex(first.history));
  });
});
