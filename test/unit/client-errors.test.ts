import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  boundedMessage,
  clientErrorCode,
  MAX_MESSAGE_LENGTH,
  maskUnexpectedErrors,
  variablesProblem,
} from '../../src/client-errors.ts';
import { GraphTimeoutError, GraphUnavailableError } from '../../src/neo4j/executor.ts';

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

describe('variablesProblem', () => {
  const depth = (max: number) => ({ depth: max, values: 1_000_000 });
  const values = (max: number) => ({ depth: 1_000, values: max });

  it('counts nesting by objects and arrays, not scalars', () => {
    expect(variablesProblem('x', depth(0))).toBeNull();
    expect(variablesProblem({ a: 1 }, depth(0))).toBe('depth');
    expect(variablesProblem({ a: [1] }, depth(1))).toBe('depth');
    expect(variablesProblem({ a: [1] }, depth(2))).toBeNull();
    expect(variablesProblem(undefined, depth(0))).toBeNull();
  });

  it('answers for 100,000 levels without overflowing the stack, and says depth', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(variablesProblem(deep, { depth: 32, values: 1_000 })).toBe('depth');
  });

  it('counts every value: the containers, their items and fields, scalars', () => {
    expect(variablesProblem('x', values(0))).toBe('values');
    expect(variablesProblem('x', values(1))).toBeNull();
    // The object, the list, its two items, the string: 5.
    const value = { ids: ['a', 'b'], s: 'c' };
    expect(variablesProblem(value, values(4))).toBe('values');
    expect(variablesProblem(value, values(5))).toBeNull();
    expect(variablesProblem({ ids: [null, null] }, values(3))).toBe('values');
    expect(variablesProblem({ ids: [null, null] }, values(4))).toBeNull();
  });

  it('gives the same answer as counting everything, at every limit around the size', () => {
    const value = { a: [1, 2, { b: [3, 4, 5], c: 'x' }], d: { e: null, f: [[6], [7, 8]] }, g: 'y' };
    // 1 root, a + its 3 items, b + 3, c, d, e, f + 2 lists + 3 items, g: 19 values, 4 levels deep.
    for (let max = 0; max <= 25; max += 1)
      expect([max, variablesProblem(value, values(max))]).toEqual([max, max < 19 ? 'values' : null]);
    for (let max = 0; max <= 6; max += 1)
      expect([max, variablesProblem(value, depth(max))]).toEqual([max, max < 4 ? 'depth' : null]);
  });

  it('stops counting past the limit, for lists and objects alike', () => {
    expect(
      variablesProblem(
        Array.from({ length: 1_000_000 }, () => ({ a: 1 })),
        values(1_000),
      ),
    ).toBe('values');
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`k${index}`, index]));
    expect(variablesProblem(wide, values(1_000))).toBe('values');
    expect(variablesProblem({ list: Array.from({ length: 998 }, () => 1) }, values(1_000))).toBeNull();
    expect(variablesProblem({ list: Array.from({ length: 999 }, () => 1) }, values(1_000))).toBe('values');
  });
});

describe("one mapping of the graph layer's errors", () => {
  // As graphql-js and graphql-jit hand a resolver's error to Yoga: located, the cause kept.
  const located = (cause: Error) => new GraphQLError(cause.message, { path: ['a', 0], originalError: cause });

  it('gives metrics and logs the code the client is told', () => {
    expect(clientErrorCode(located(new GraphUnavailableError('connection refused')))).toBe(
      'SERVICE_UNAVAILABLE',
    );
    expect(clientErrorCode(located(new GraphTimeoutError('too long')))).toBe('QUERY_TIMEOUT');
    expect(clientErrorCode(new GraphQLError('no', { extensions: { code: 'BAD_USER_INPUT' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(clientErrorCode(located(new Error('a bug')))).toBeNull();
  });

  it('tells the client an outage with its path, and masks anything else', () => {
    const outage = maskUnexpectedErrors(
      located(new GraphUnavailableError('bolt://secret')),
      'Unexpected error.',
    );
    expect(outage).toMatchObject({
      message: 'The graph database is unavailable; try again shortly.',
      path: ['a', 0],
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(maskUnexpectedErrors(located(new Error('bolt://secret')), 'Unexpected error.').message).toBe(
      'Unexpected error.',
    );
  });
});
