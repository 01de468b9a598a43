import { describe, expect, it } from 'vitest';
import { quoteInput } from '../../src/schema/errors.ts';

// How error messages quote a client's input back, without a server.

describe('quoteInput', () => {
  it('quotes short input whole and cuts long input to its first 60 characters', () => {
    expect(quoteInput('abc')).toBe('"abc"');
    expect(quoteInput('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(60)}…"`);
  });

  it('escapes quotes and control characters, so input cannot end the quotation', () => {
    expect(quoteInput('a"b\n')).toBe('"a\\"b\\n"');
  });

  it('shows a value nested 5,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 5_000; level += 1) deep = { a: deep };
    expect(quoteInput(deep)).toBe('"{ a: { a: { a: [Object] } } }"');
  });
});
