import neo4j from 'neo4j-driver';

/**
 * Keyset pagination. Every list and connection is ordered by (sort key, id), and a cursor is that
 * pair, so "after" means "sorts after this item", never "skip N": pages stay right while the graph
 * changes underneath, and the database seeks instead of counting.
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  /** Items wanted; the query fetches one more to know whether another page follows. */
  first: number;
  /** The (sort key, id) the page starts after, or null for the first page. */
  after: { key: string; id: string } | null;
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

export function decodeCursor(cursor: string): { key: string; id: string } {
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
 * Cypher condition: `keyExpr, idExpr` sorts after `$afterKey, $afterId` (both null on page one).
 * `prefix` names the parameters of one page among several in a statement (`$n0_afterKey`).
 */
export function afterCondition(keyExpr: string, idExpr: string, prefix = ''): string {
  const key = `$${prefix}afterKey`;
  return `(${key} IS NULL OR ${keyExpr} > ${key} OR (${keyExpr} = ${key} AND ${idExpr} > $${prefix}afterId))`;
}

/** The parameters `afterCondition` and `LIMIT $limit` read, under the same `prefix`. */
export function pageParameters(page: PageRequest, prefix = ''): Record<string, unknown> {
  // LIMIT takes only an integer; JS numbers travel as floats unless wrapped.
  return {
    [`${prefix}afterKey`]: page.after?.key ?? null,
    [`${prefix}afterId`]: page.after?.id ?? null,
    [`${prefix}limit`]: neo4j.int(page.first + 1),
  };
}

export interface Page<Item> {
  items: Item[];
  hasNextPage: boolean;
}

/** Splits the one-extra row off a fetched page. */
export function toPage<Item>(rows: Item[], first: number): Page<Item> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first };
}
