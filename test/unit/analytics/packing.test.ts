import { describe, expect, it } from 'vitest';
import { packProjection, unpackProjection } from '../../../src/analytics/packing.ts';
import type { ProjectionColumns } from '../../../src/analytics/projection.ts';

describe('packProjection', () => {
  it('gives back the same columns on the other side', async () => {
    const projection: ProjectionColumns = {
      ids: ['person:gh:resouer', 'organization:alibaba', 'project:ünïcode-名前', 'person:gh:lonely'],
      kinds: ['Person', 'Organization', 'Project', 'Person'],
      joinedCounts: Int32Array.of(2, 0, 1, 0),
      joined: ['organization:alibaba', 'project:ünïcode-名前', 'person:gh:resouer'],
    };
    const { packed, transfer } = await packProjection(projection);
    expect(transfer).toHaveLength(4);
    expect(unpackProjection(packed)).toEqual(projection);
  });

  it('packs an empty projection, and one with no pair', async () => {
    const empty: ProjectionColumns = { ids: [], kinds: [], joinedCounts: new Int32Array(0), joined: [] };
    expect(unpackProjection((await packProjection(empty)).packed)).toEqual(empty);
    const alone: ProjectionColumns = {
      ids: ['a'],
      kinds: ['Project'],
      joinedCounts: Int32Array.of(0),
      joined: [],
    };
    expect(unpackProjection((await packProjection(alone)).packed)).toEqual(alone);
  });

  it('refuses an id holding the separator', async () => {
    const projection: ProjectionColumns = {
      ids: ['a\u0000b'],
      kinds: ['Person'],
      joinedCounts: Int32Array.of(0),
      joined: [],
    };
    await expect(packProjection(projection)).rejects.toThrow(/NUL/);
  });

  it('lets the event loop run between slices of a large projection', async () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `person:gh:someone-${i}`);
    const projection: ProjectionColumns = {
      ids,
      kinds: ids.map(() => 'Person' as const),
      joinedCounts: Int32Array.from(ids, () => 1),
      joined: ids.map((_, i) => ids[(i + 1) % n] as string),
    };
    let turns = 0;
    const tick = setInterval(() => {
      turns += 1;
    }, 0);
    const { packed } = await packProjection(projection);
    clearInterval(tick);
    // Ten slices of 20,000 strings: the timer fired between them.
    expect(turns).toBeGreaterThan(1);
    expect(unpackProjection(packed)).toEqual(projection);
  });
});
