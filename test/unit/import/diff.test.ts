import { describe, expect, it } from 'vitest';
import {
  type CurrentNode,
  claimDigest,
  expectedNodes,
  nodesToRead,
  planSourceWrite,
  sourceRows,
} from '../../../src/import/diff.ts';
import type { ClaimFact, NodeFact, SourceFacts } from '../../../src/import/model.ts';

// Invented nodes and claims: what a source states, and what the graph holds for it.
const SOURCE = 'test/list.csv';

function person(id: string, name: string, props: NodeFact['props'] = {}, aliases: string[] = []): NodeFact {
  return { label: 'Person', id, name, aliases, props };
}

function maintains(from: string, to: string, key: string, props: ClaimFact['props'] = {}): ClaimFact {
  return {
    type: 'MAINTAINS',
    from: { label: 'Person', id: from },
    to: { label: 'Project', id: to },
    line: 2,
    key,
    props,
  };
}

function facts(nodes: NodeFact[], claims: ClaimFact[] = []): SourceFacts {
  return { sourceId: SOURCE, nodes, claims, rejected: [] };
}

/** The node as a fresh write of `node` by SOURCE leaves it, plus whatever `extra` says. */
function stored(node: NodeFact, extra: Record<string, unknown> = {}): CurrentNode {
  return {
    id: node.id,
    props: {
      id: node.id,
      name: node.name,
      aliases: node.aliases,
      aliasText: node.aliases.map((alias) => ` ${alias}`).join(''),
      nameKey: node.name.toLowerCase(),
      aliasKeys: node.aliases.map((alias) => alias.toLowerCase()),
      sources: [SOURCE],
      ...node.props,
      ...extra,
    },
  };
}

describe('claimDigest', () => {
  it('does not depend on the order of the properties, and changes with any of them', () => {
    const a = maintains('person:gh:ada', 'project:wren', 'k', { group: 'core', since: '2024-01-01' });
    const b = maintains('person:gh:ada', 'project:wren', 'k', { since: '2024-01-01', group: 'core' });
    expect(claimDigest(a)).toBe(claimDigest(b));
    expect(claimDigest({ ...a, line: 3 })).not.toBe(claimDigest(a));
    expect(claimDigest({ ...a, to: { label: 'Project', id: 'project:kite' } })).not.toBe(claimDigest(a));
    expect(claimDigest(maintains('person:gh:ada', 'project:wren', 'k', { group: 'docs' }))).not.toBe(
      claimDigest(a),
    );
  });
});

describe('planSourceWrite', () => {
  const ada = person('person:gh:ada', 'Ada Quill', { handle: 'ada' });
  const kept = maintains('person:gh:ada', 'project:wren', 'MAINTAINS|a|wren', { group: 'core' });

  it('writes everything into a graph that holds nothing of the source', () => {
    const plan = planSourceWrite(facts([ada], [kept]), { nodes: [], claims: [] });
    expect(plan.nodes).toEqual([ada]);
    expect(plan.claims).toEqual([{ claim: kept, digest: claimDigest(kept) }]);
    expect(plan.retractClaims).toEqual([]);
    expect(plan.retractNodes).toEqual([]);
    expect(plan.resetNodes).toEqual([]);
  });

  it('writes nothing when the graph already holds the facts', () => {
    const current = {
      nodes: [stored(ada, { scorePagerank: 0.1, rankPagerank: 4 })],
      claims: [
        { type: 'MAINTAINS', key: kept.key, digest: claimDigest(kept), from: kept.from.id, to: kept.to.id },
      ],
    };
    const plan = planSourceWrite(facts([ada], [kept]), current, expectedNodes([facts([ada])]));
    expect(plan).toEqual({ retractClaims: [], retractNodes: [], resetNodes: [], nodes: [], claims: [] });
    // Without the expected state of every node, node rows are all written, as the scripts always were.
    expect(planSourceWrite(facts([ada], [kept]), current).nodes).toEqual([ada]);
  });

  it('retracts claims that are gone or stated differently, and writes the new statements', () => {
    const changed = { ...kept, props: { group: 'docs' } };
    const added = maintains('person:gh:ada', 'project:kite', 'MAINTAINS|a|kite');
    const current = {
      nodes: [stored(ada)],
      claims: [
        { type: 'MAINTAINS', key: kept.key, digest: claimDigest(kept), from: kept.from.id, to: kept.to.id },
        { type: 'MAINTAINS', key: 'gone', digest: 'x', from: 'person:gh:ada', to: 'project:old' },
        // Written before digests were stored: rewritten once.
        { type: 'AFFILIATED_WITH', key: 'aff', digest: null, from: 'person:gh:ada', to: 'org:acme' },
      ],
    };
    const affiliation: ClaimFact = {
      type: 'AFFILIATED_WITH',
      from: { label: 'Person', id: 'person:gh:ada' },
      to: { label: 'Organization', id: 'org:acme' },
      line: 2,
      key: 'aff',
      props: {},
    };
    const stated = facts([ada], [changed, added, affiliation]);
    const plan = planSourceWrite(stated, current, expectedNodes([stated]));
    expect(plan.retractClaims).toEqual([
      { from: 'person:gh:ada', to: 'project:wren', key: kept.key },
      { from: 'person:gh:ada', to: 'project:old', key: 'gone' },
      { from: 'person:gh:ada', to: 'org:acme', key: 'aff' },
    ]);
    expect(plan.claims.map(({ claim }) => claim)).toEqual([changed, added, affiliation]);
    expect(plan.nodes).toEqual([]);
  });

  it('retracts the nodes the source no longer names', () => {
    const bob = person('person:gh:bob', 'Bob Fern');
    const plan = planSourceWrite(facts([ada]), { nodes: [stored(ada), stored(bob)], claims: [] });
    expect(plan.retractNodes).toEqual([{ id: 'person:gh:bob' }]);
  });

  it('resets a node only this source names when its name, aliases or properties changed, keeping its rankings', () => {
    const renamed = person('person:gh:ada', 'Ada Q. Quill', { handle: 'ada' });
    const current = { nodes: [stored(ada, { scoreDegree: 3, rankDegree: 7 })], claims: [] };
    const plan = planSourceWrite(facts([renamed]), current, expectedNodes([facts([renamed])]));
    expect(plan.resetNodes).toEqual([
      {
        id: 'person:gh:ada',
        keep: {
          id: 'person:gh:ada',
          name: 'Ada Q. Quill',
          aliases: [],
          sources: [SOURCE],
          scoreDegree: 3,
          rankDegree: 7,
        },
      },
    ]);
    expect(plan.nodes).toEqual([renamed]);

    const alone = expectedNodes([facts([ada])]);
    // A property the row no longer gives would survive a plain write: reset.
    const withHomepage = { nodes: [stored(ada, { homepage: 'https://ada.example' })], claims: [] };
    expect(planSourceWrite(facts([ada]), withHomepage, alone).resetNodes.map((row) => row.id)).toEqual([
      'person:gh:ada',
    ]);
    // So would an alias the row no longer has.
    const withAlias = { nodes: [stored({ ...ada, aliases: ['A. Quill'] })], claims: [] };
    expect(planSourceWrite(facts([ada]), withAlias, alone).resetNodes).toHaveLength(1);
  });

  describe('a node two sources name', () => {
    const OTHER = 'other/file.md';
    const theirs = person('person:gh:ada', 'Ada Quill', { homepage: 'https://a.example', handle: 'ada' }, [
      'A. Quill',
    ]);
    const ours = person('person:gh:ada', 'ADA QUILL', { handle: 'ada-q' });
    const both = (our: NodeFact) => expectedNodes([{ ...facts([theirs]), sourceId: OTHER }, facts([our])]);
    /** The node as loading OTHER then SOURCE afresh leaves it. */
    const fresh = (our: NodeFact): CurrentNode => {
      const state = both(our).get('person:gh:ada');
      return {
        id: 'person:gh:ada',
        props: {
          id: 'person:gh:ada',
          name: state?.name,
          aliases: state?.aliases,
          sources: [OTHER, SOURCE],
          ...state?.props,
        },
      };
    };

    it('is as the first source names it, with the others’ spellings after and the last value of each property', () => {
      const state = both(ours).get('person:gh:ada');
      expect(state).toEqual({
        name: 'Ada Quill',
        aliases: ['A. Quill', 'ADA QUILL'],
        props: { homepage: 'https://a.example', handle: 'ada-q' },
        owners: [OTHER, SOURCE],
        propOwners: { homepage: OTHER, handle: SOURCE },
        from: [theirs, ours],
      });
    });

    it('is the last import’s state while made from the same rows, and made afresh when one differs', () => {
      const sources = [{ ...facts([theirs]), sourceId: OTHER }, facts([ours])];
      const before = expectedNodes(sources);
      expect(expectedNodes(sources, before).get('person:gh:ada')).toBe(before.get('person:gh:ada'));
      // An equal row that is another object (a source parsed again) is not taken on trust.
      const copied = expectedNodes([sources[0] as SourceFacts, facts([{ ...ours }])], before);
      expect(copied.get('person:gh:ada')).not.toBe(before.get('person:gh:ada'));
      expect(copied.get('person:gh:ada')).toEqual(before.get('person:gh:ada'));
      // The same rows in another load order give another state.
      const reordered = expectedNodes([...sources].reverse(), before).get('person:gh:ada');
      expect(reordered?.name).toBe('ADA QUILL');
      expect(reordered?.owners).toEqual([SOURCE, OTHER]);
    });

    it('is left alone by a later source when it holds what a fresh load gives', () => {
      const plan = planSourceWrite(facts([ours]), { nodes: [fresh(ours)], claims: [] }, both(ours));
      expect(plan.nodes).toEqual([]);
      expect(plan.resetNodes).toEqual([]);
    });

    it('is written by a later source that misses its spelling or its value there, never reset by it', () => {
      const current = { nodes: [fresh(ours)], claims: [] };
      const respelled = person('person:gh:ada', 'Ada QUILL', { handle: 'ada-q' });
      const plan = planSourceWrite(facts([respelled]), current, both(respelled));
      expect(plan.nodes).toEqual([respelled]);
      expect(plan.resetNodes).toEqual([]);
      const rehandled = person('person:gh:ada', 'ADA QUILL', { handle: 'ada-quill' });
      expect(planSourceWrite(facts([rehandled]), current, both(rehandled)).nodes).toEqual([rehandled]);
    });

    it('is reset by the source that names it when a later source changed, so every source writes it again in order', () => {
      const respelled = person('person:gh:ada', 'Ada QUILL', { handle: 'ada-q' });
      const plan = planSourceWrite(
        { ...facts([theirs]), sourceId: OTHER },
        { nodes: [fresh(ours)], claims: [] },
        both(respelled),
      );
      expect(plan.resetNodes.map((row) => row.keep.name)).toEqual(['Ada Quill']);
      expect(plan.nodes).toEqual([theirs]);
    });

    it('is written by a source that does not assert it yet', () => {
      const current = {
        nodes: [{ id: 'person:gh:ada', props: { ...fresh(ours).props, sources: [OTHER] } }],
        claims: [],
      };
      expect(planSourceWrite(facts([ours]), current, both(ours)).nodes).toEqual([ours]);
    });
  });

  describe('with its last write known', () => {
    const ada = person('person:gh:ada', 'Ada Quill', { handle: 'ada' });
    const bob = person('person:gh:bob', 'Bob Reed', { handle: 'bob' });
    const cy = person('person:gh:cy', 'Cy Moss', { handle: 'cy' });
    const first = facts(
      [ada, bob, cy],
      [
        maintains(ada.id, 'project:wren', 'a'),
        maintains(bob.id, 'project:wren', 'b'),
        maintains(cy.id, 'project:kite', 'c'),
      ],
    );
    // The next version: Bob's claim says more, Cy is gone, Dee is new, Ada renamed herself.
    const dee = person('person:gh:dee', 'Dee Park', { handle: 'dee' });
    const renamed = person('person:gh:ada', 'Ada Quill-Reed', { handle: 'ada' });
    const second = facts(
      [renamed, bob, dee],
      [
        maintains(ada.id, 'project:wren', 'a'),
        maintains(bob.id, 'project:wren', 'b', { group: 'docs' }),
        maintains(dee.id, 'project:kite', 'd'),
      ],
    );
    const expectedFirst = expectedNodes([first]);
    const expectedSecond = expectedNodes([second]);
    const written = planSourceWrite(first, { nodes: [], claims: [] }, expectedFirst, {
      rows: sourceRows(first, expectedFirst),
    }).written;
    // What the graph holds after the first write, read back in full.
    const held = {
      nodes: first.nodes.map((node) => stored(node)),
      claims: first.claims.map((claim) => ({
        type: claim.type,
        key: claim.key,
        digest: claimDigest(claim),
        from: claim.from.id,
        to: claim.to.id,
      })),
    };

    it('reads back only the nodes whose line changed or that the source drops', () => {
      if (!written) throw new Error('no written state');
      expect(nodesToRead(second, sourceRows(second, expectedSecond), written).sort()).toEqual([
        'person:gh:ada',
        'person:gh:cy',
        'person:gh:dee',
      ]);
    });

    it('plans what reading everything back plans', () => {
      if (!written) throw new Error('no written state');
      const rows = sourceRows(second, expectedSecond);
      const ids = new Set(nodesToRead(second, rows, written));
      const known = planSourceWrite(
        second,
        { nodes: held.nodes.filter((node) => ids.has(node.id)), claims: [...written.claims.values()] },
        expectedSecond,
        { rows, previous: written },
      );
      const full = planSourceWrite(second, held, expectedSecond, { rows });
      const { written: knownWritten, ...knownPlan } = known;
      const { written: fullWritten, ...fullPlan } = full;
      expect(knownPlan).toEqual(fullPlan);
      expect(knownWritten).toEqual(fullWritten);
      expect(knownPlan.retractClaims.map((claim) => claim.key).sort()).toEqual(['b', 'c']);
      expect(knownPlan.claims.map(({ claim }) => claim.key).sort()).toEqual(['b', 'd']);
      expect(knownPlan.retractNodes).toEqual([{ id: 'person:gh:cy' }]);
    });
  });
});
