import neo4j from 'neo4j-driver';

/**
 * Keyset pagination, both ways (Relay's `first`/`after` and `last`/`before`). Every list and
 * connection is ordered by (sort key, id), and a cursor is that pair, so "after" means "sorts after
 * this item", never "skip N": pages stay right while the graph changes underneath, and the
 * database seeks instead of counting. A page from the end is read in reverse order from its
 * `before` and turned round here.
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface Cursor {
  key: string;
  id: string;
}

export interface PageRequest {
  /** Items wanted (`first`, or `last`); the query fetches one more to know whether more follow. */
  first: number;
  /** The items all sort after this (sort key, id), or null: from the start. */
  after: Cursor | null;
  /** The items all sort before this, or null: to the end. */
  before: Cursor | null;
  /** `last`: the page is the last items of that window, not the first. */
  fromEnd: boolean;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

// Cursors this API gives out hold a sort key (a name, lower-cased, perhaps after a rank) and an id,
// both under 100 characters; a longer one was not given out, and decoding it would only carry its
// text into the statement and the request's plans.
const MAX_CURSOR_LENGTH = 1_000;

export function decodeCursor(cursor: string): Cursor {
  if (cursor.length > MAX_CURSOR_LENGTH) {
    throw new InvalidCursorError(
      `A cursor has at most ${MAX_CURSOR_LENGTH} characters; this one has ${cursor.length}`,
    );
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return { key: value[0] as string, id: value[1] as string };
    }
  } catch {
    // Falls through to the error below: not base64url JSON.
  }
  throw new InvalidCursorError(`"${cursor.slice(0, 40)}" is not a cursor this API gave out`);
}

/**
 * Cypher condition: `keyExpr, idExpr` sorts after `$afterKey, $afterId` and before `$beforeKey,
 * $beforeId` (each pair null when not given). `prefix` names the parameters of one page among
 * several in a statement (`$n0_afterKey`).
 */
export function windowCondition(keyExpr: string, idExpr: string, prefix = ''): string {
  const after = `$${prefix}afterKey`;
  const before = `$${prefix}beforeKey`;
  return `(${after} IS NULL OR ${keyExpr} > ${after} OR (${keyExpr} = ${after} AND ${idExpr} > $${prefix}afterId))
    AND (${before} IS NULL OR ${keyExpr} < ${before} OR (${keyExpr} = ${before} AND ${idExpr} < $${prefix}beforeId))`;
}

/** The ORDER BY items of a page: ascending, or descending for a page from the end (constant text). */
export function pageOrder(keyExpr: string, idExpr: string, page: PageRequest): string {
  return page.fromEnd ? `${keyExpr} DESC, ${idExpr} DESC` : `${keyExpr}, ${idExpr}`;
}

/** The parameters `windowCondition` and `LIMIT $limit` read, under the same `prefix`. */
export function pageParameters(page: PageRequest, prefix = ''): Record<string, unknown> {
  // LIMIT takes only an integer; JS numbers travel as floats unless wrapped.
  return {
    [`${prefix}afterKey`]: page.after?.key ?? null,
    [`${prefix}afterId`]: page.after?.id ?? null,
    [`${prefix}beforeKey`]: page.before?.key ?? null,
    [`${prefix}beforeId`]: page.before?.id ?? null,
    [`${prefix}limit`]: neo4j.int(page.first + 1),
  };
}

export interface Page<Item> {
  items: Item[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export const EMPTY_PAGE: Page<never> = { items: [], hasNextPage: false, hasPreviousPage: false };

/**
 * Splits the one extra row off a fetched page and puts a page from the end back in order. Whether
 * items lie beyond the far side of a cursor is not read (Relay lets a server say false there); a
 * cursor given says that items lie beyond it.
 */
export function toPage<Item>(rows: Item[], page: PageRequest): Page<Item> {
  const more = rows.length > page.first;
  const items = rows.slice(0, page.first);
  if (!page.fromEnd) return { items, hasNextPage: more, hasPreviousPage: page.after !== null };
  return { items: items.reverse(), hasNextPage: page.before !== null, hasPreviousPage: more };
}
