/**
 * True when claims `m` and `a` were stated by the same row of the same file version: a maintainer
 * line gives both a MAINTAINS and an AFFILIATED_WITH claim, and which employer goes with which
 * maintainer is known only through that. Claims read from a file's history carry the commit that
 * added them (`addedIn`); a maintainer claim's interval ends when the employer changes, so both
 * claims of a row always share it. Constant Cypher text over two claim variables.
 */
export function sameRow(m: string, a: string): string {
  return `${m}.source = ${a}.source AND ${m}.line = ${a}.line AND coalesce(${m}.addedIn, '') = coalesce(${a}.addedIn, '')`;
}

/**
 * Per key of `keys`, in their order, the row's `value` field for it, or `missing()` where no row
 * came back: batched reads (one statement for a loader's keys) answer in the loader's order.
 */
export function inKeyOrder<Row, Value extends keyof Row, Missing>(
  keys: readonly string[],
  rows: readonly Row[],
  key: keyof Row,
  value: Value,
  missing: () => Missing,
): (Row[Value] | Missing)[] {
  const byKey = new Map<unknown, Row[Value]>(rows.map((row) => [row[key], row[value]]));
  return keys.map((k) => (byKey.has(k) ? (byKey.get(k) as Row[Value]) : missing()));
}
