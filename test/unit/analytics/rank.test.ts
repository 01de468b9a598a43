import { describe, expect, it } from 'vitest';
import { PAGERANK_TOLERANCE } from '../../../src/analytics/pagerank.ts';
import { rankingRow, rankProjection } from '../../../src/analytics/projection.ts';
import { competitionRanks, roundScore } from '../../../src/analytics/rank.ts';

describe('competitionRanks', () => {
  it('gives 1 to the highest score, lets equal scores share a rank and skips after them', () => {
    expect(competitionRanks([3, 1, 5, 3, 0], ['a', 'b', 'c', 'd', 'e'])).toEqual([2, 4, 1, 2, 5]);
  });

  it('does not depend on the order of the input', () => {
    expect(competitionRanks([1, 1, 2], ['z', 'a', 'm'])).toEqual([2, 2, 1]);
    expect(competitionRanks([], [])).toEqual([]);
  });

  it('wants one id per score', () => {
    expect(() => competitionRanks([1], [])).toThrow(RangeError);
  });
});

describe('roundScore', () => {
  it('makes scores that differ in the last bits equal', () => {
    expect(roundScore(0.1 + 0.2)).toBe(roundScore(0.3));
    expect(roundScore(1 / 3)).toBe(0.3333333333);
    expect(roundScore(0)).toBe(0);
  });
});

describe('rankProjection', () => {
  // A star of one project with three maintainers (one also works for the organization), an
  // organization, and a person with no edge at all.
  const nodes = [
    { id: 'org:acme', kind: 'Organization' as const },
    { id: 'person:a', kind: 'Person' as const },
    { id: 'person:b', kind: 'Person' as const },
    { id: 'person:c', kind: 'Person' as const },
    { id: 'person:lonely', kind: 'Person' as const },
    { id: 'project:widget', kind: 'Project' as const },
  ];
  const edges = [
    { a: 'person:a', b: 'project:widget' },
    { a: 'person:b', b: 'project:widget' },
    { a: 'person:c', b: 'project:widget' },
    { a: 'org:acme', b: 'person:a' },
    // The same pair again (another claim) and an edge to a node outside the projection: both ignored.
    { a: 'person:a', b: 'project:widget' },
    { a: 'body:toc', b: 'person:a' },
  ];
  const ranked = rankProjection(nodes, edges);
  const row = (id: string) => rankingRow(ranked, ranked.ids.indexOf(id));

  it('counts each joined pair once', () => {
    expect(ranked.edges).toBe(4);
  });

  it('ranks every node among all kinds and among its own kind', () => {
    expect(row('project:widget')).toMatchObject({ scoreDegree: 3, rankDegree: 1, kindRankDegree: 1 });
    // person:a (degree 2) comes second overall and first among people.
    expect(row('person:a')).toMatchObject({ scoreDegree: 2, rankDegree: 2, kindRankDegree: 1 });
    // org:acme, person:b and person:c share degree 1: they share rank 3 overall.
    expect(row('org:acme')).toMatchObject({ scoreDegree: 1, rankDegree: 3, kindRankDegree: 1 });
    expect(row('person:b')).toMatchObject({ scoreDegree: 1, rankDegree: 3, kindRankDegree: 2 });
    expect(row('person:c')).toMatchObject({ scoreDegree: 1, rankDegree: 3, kindRankDegree: 2 });
    expect(row('person:lonely')).toMatchObject({ scoreDegree: 0, rankDegree: 6, kindRankDegree: 4 });
  });

  it('gives betweenness to the nodes in the middle and PageRank summing to 1', () => {
    // Widget is on the paths between a, b and c pairwise (3) and between b or c and acme (2): 5.
    expect(row('project:widget')).toMatchObject({ scoreBetweenness: 5, rankBetweenness: 1 });
    // person:a is on the paths from acme to widget, b and c: 3.
    expect(row('person:a')).toMatchObject({ scoreBetweenness: 3, rankBetweenness: 2 });
    const total = ranked.columns.scorePagerank.reduce((sum, score) => sum + score, 0);
    expect(total).toBeCloseTo(1, 8);
    expect(row('person:b')?.scorePagerank).toBe(row('person:c')?.scorePagerank);
  });

  it('gives the same numbers every time', () => {
    expect(rankProjection(nodes, edges)).toEqual(ranked);
  });

  it('reports a PageRank that reached its tolerance as converged, with the tolerance used', () => {
    expect(ranked.pagerankConverged).toBe(true);
    expect(ranked.pagerankChange).toBeLessThan(PAGERANK_TOLERANCE);
    expect(ranked.pagerankTolerance).toBe(PAGERANK_TOLERANCE);
  });

  it('reports a PageRank stopped by its iteration cap as not converged', () => {
    const capped = rankProjection(nodes, edges, undefined, { pagerank: { maxIterations: 5 } });
    expect(capped.pagerankConverged).toBe(false);
    expect(capped.pagerankIterations).toBe(5);
    expect(capped.pagerankChange).toBeGreaterThan(capped.pagerankTolerance);
  });
});
