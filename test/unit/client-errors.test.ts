import { describe, expect, it } from 'vitest';
import {
  boundedMessage,
  holdsMoreValuesThan,
  MAX_MESSAGE_LENGTH,
  nestedDeeperThan,
} from '../../src/client-errors.ts';

// What keeps error messages short and variables shallow, without a server.

describe('boundedMessage', () => {
  it('leaves a message with short quotations as it is', () => {
    const message = 'Value "NOPE" does not exist in "ChangeKind" enum.';
    expect(boundedMessage(message)).toBe(message);
  });

  it('cuts each long quotation and keeps what the message says around them', () => {
    const long = 'Y'.repeat(100_000);
    expect(boundedMessage(`Variable "$k" got invalid value "${long}"; Value "${long}" does not exist.`)).toBe(
      `Variable "$k" got invalid value "${'Y'.repeat(60)}…"; Value "${'Y'.repeat(60)}…" does not exist.`,
    );
  });

  it('reads escaped quotes as part of a quotation', () => {
    const long = `${'a\\"'.repeat(50)}`;
    expect(boundedMessage(`got "${long}" here`)).toBe(`got "${long.slice(0, 60)}…" here`);
  });

  it('cuts a message with an unclosed quotation, or none, at the length limit', () => {
    for (const message of [`got "${'z'.repeat(10_000)}`, 'z'.repeat(10_000)]) {
      const bounded = boundedMessage(message);
      expect(bounded).toHaveLength(MAX_MESSAGE_LENGTH);
      expect(bounded.endsWith('…')).toBe(true);
    }
  });
});

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestedDeeperThan('x', 0)).toBe(false);
    expect(nestedDeeperThan({ a: 1 }, 0)).toBe(true);
    expect(nestedDeeperThan({ a: [1] }, 1)).toBe(true);
    expect(nestedDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(nestedDeeperThan(undefined, 0)).toBe(false);
  });

  it('answers for 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(nestedDeeperThan(deep, 32)).toBe(true);
  });
});

describe('holdsMoreValuesThan', () => {
  it('counts every value: the containers, their items and fields, scalars', () => {
    expect(holdsMoreValuesThan(undefined, 0)).toBe(false);
    expect(holdsMoreValuesThan('x', 0)).toBe(true);
    expect(holdsMoreValuesThan('x', 1)).toBe(false);
    // The object, the list, its two items, the string: 5.
    const value = { ids: ['a', 'b'], s: 'c' };
    expect(holdsMoreValuesThan(value, 4)).toBe(true);
    expect(holdsMoreValuesThan(value, 5)).toBe(false);
    expect(holdsMoreValuesThan({ ids: [null, null] }, 3)).toBe(true);
  });

  it('stops counting past the limit', () => {
    expect(
      holdsMoreValuesThan(
        Array.from({ length: 1_000_000 }, () => ({ a: 1 })),
        1_000,
      ),
    ).toBe(true);
  });
});
