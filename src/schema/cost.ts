import type { GraphQLField } from 'graphql';

/**
 * How many times a field's selection runs for one run of the field, declared with the field
 * (`extensions: multiplies((args) => …)`) from the same defaults its resolver applies, and read by
 * the cost limit before execution (src/limits.ts). A field that declares none counts its page
 * size when it takes `first` (or `last`), and 1 otherwise: lists without a size argument (claims,
 * sources, aliases…) hold a handful of items each.
 */
export type Multiplier = (args: Readonly<Record<string, unknown>>) => number;

export const multiplies = (multiplier: Multiplier) => ({ multiplier });

/** The multiplier `field` declares, if it does. */
export function multiplierOf(field: GraphQLField<unknown, unknown>): Multiplier | undefined {
  return (field.extensions as { multiplier?: Multiplier }).multiplier;
}

/**
 * An argument's value as a multiplier: `fallback` (the resolver's default) when absent, never
 * below 1: `first: 0` or a negative one is refused by the resolver, and must not cancel the cost.
 */
export function size(value: unknown, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return Math.max(1, Math.floor(n));
}
