import type { ArgBuilder } from '@pothos/core';
import {
  type Cursor,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  InvalidCursorError,
  MAX_PAGE_SIZE,
  type PageRequest,
} from '../graph/paging.ts';
import { builder, type Context, type Types } from './builder.ts';
import { userInputError } from './errors.ts';

/**
 * The arguments lists share (paging, a day or a range of days, a sub-group) and what they mean:
 * read by the resolvers and by look-ahead (plan.ts) alike, so both read them the same way.
 */

export interface PagingArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Relations listed by sub-group (a project's maintainers): only those under a matching one. */
export interface GroupArgs {
  group?: string | null;
}

export interface AsOfArgs {
  asOf?: string | null;
  during?: { from: string; to: string } | null;
}

/**
 * The page the arguments ask for: `first` (after `after`) from the start of the list, or `last`
 * (before `before`) from its end; `after` and `before` may both bound the window. Not both `first`
 * and `last`: Relay allows it, and nobody means it.
 */
export function pageRequest(args: PagingArgs): PageRequest {
  const fromEnd = args.last !== undefined && args.last !== null;
  if (fromEnd && args.first !== undefined && args.first !== null) {
    throw userInputError('Give first or last, not both', 'last');
  }
  const name = fromEnd ? 'last' : 'first';
  const size = (fromEnd ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw userInputError(`${name} must be between 1 and ${MAX_PAGE_SIZE}; got ${size}`, name);
  }
  return {
    first: size,
    after: cursorArgument(args, 'after'),
    before: cursorArgument(args, 'before'),
    fromEnd,
  };
}

/** The cursor given as `name`, or null; a bad one is the client's error, naming the argument. */
function cursorArgument(args: PagingArgs, name: 'after' | 'before'): Cursor | null {
  const cursor = args[name];
  if (!cursor) return null;
  try {
    return decodeCursor(cursor);
  } catch (error) {
    throw error instanceof InvalidCursorError ? userInputError(error.message, name) : error;
  }
}

/** `asOf` left out means today; `asOf: null` means "whenever": every claim, past and present. */
export function asOfDate(args: AsOfArgs, context: Context): string | null {
  return args.asOf === undefined ? context.today : args.asOf;
}

/** A relation's time: a day (`asOf`), or a range of days (`during`), not both. */
export function relationTime(
  args: AsOfArgs,
  context: Context,
): { asOf: string | null; during: { from: string; to: string } | null } {
  if (args.during === undefined || args.during === null)
    return { asOf: asOfDate(args, context), during: null };
  if (args.asOf !== undefined) throw userInputError('Give asOf or during, not both', 'during');
  const { from, to } = args.during;
  if (from > to) throw userInputError(`during: from (${from}) is after to (${to})`, 'during');
  return { asOf: null, during: { from, to } };
}

/** The paging arguments of every root list (projects, people, …). */
export const listArgs = (t: ArgBuilder<Types>) => ({
  first: t.int({ description: `How many (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
  after: t.string({ description: 'The `endCursor` of the page before.' }),
  last: t.int({ description: `How many from the end (1–${MAX_PAGE_SIZE}), instead of \`first\`.` }),
  before: t.string({ description: 'The `startCursor` of the page after: the items before it.' }),
});

/** The arguments of every relation connection. */
export const relationArgs = (t: ArgBuilder<Types>) => ({
  first: t.int({ description: `How many items (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
  after: t.string({ description: 'The `endCursor` of the page before.' }),
  last: t.int({
    description: `How many items from the end (1–${MAX_PAGE_SIZE}), instead of \`first\`: with \`before\`, the page before that one.`,
  }),
  before: t.string({ description: 'The `startCursor` of the page after: the items before it.' }),
  asOf: t({
    type: 'Date',
    description:
      'The day the relationship must hold on. Left out: today. Null: whenever (every claim, past and present).',
  }),
  during: t({
    type: DateRange,
    description:
      'Instead of `asOf`: relationships that held on any day of this range (`members(during: {from: "2021-01-01", to: "2021-12-31"})` is everyone on the body in 2021); each edge gives `overlapFrom` and `overlapUntil`.',
  }),
});

/** A range of days, both included. */
export const DateRange = builder.inputType('DateRange', {
  description: 'A range of days, both included.',
  fields: (t) => ({
    from: t.field({ type: 'Date', required: true, description: 'The first day.' }),
    to: t.field({ type: 'Date', required: true, description: 'The last day.' }),
  }),
});
