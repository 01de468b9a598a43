/**
 * When a claim holds, as Cypher fragments that queries splice in (constant text over a claim
 * variable and a day parameter; no value is ever put into them).
 *
 * The rule itself (dated terms, history listings, snapshots, emeritus listings, and one claim of a
 * pair ending another) is stated once, in cypher/390-claim-spans.cypher, and applied when claims
 * are written: each claim stores the first day it holds (`heldFrom`, '9999-12-31' for a claim that
 * holds on no day) and the day it stops (`heldUntil`, null for none). A read only compares a day
 * with those two properties, on a relationship or on a map projected from one (`c {.*}`).
 *
 * A day of null means "whenever": every claim counts, emeritus listings too.
 */

/**
 * True when claim `c` holds on the day `asOf` (a parameter or variable: `$asOf` unless a statement
 * holds several "as of" pages, each with its own).
 */
export function holdsAt(c: string, asOf = '$asOf'): string {
  return `(${asOf} IS NULL OR (${c}.heldFrom <= ${asOf} AND (${c}.heldUntil IS NULL OR ${asOf} < ${c}.heldUntil)))`;
}

/** True when claim `c` holds on at least one day from `from` to `to`, both included. */
export function holdsDuring(c: string, from: string, to: string): string {
  return `(${c}.heldFrom <= ${to} AND (${c}.heldUntil IS NULL OR ${from} < ${c}.heldUntil))`;
}

/**
 * Map-projection fields for claim `c`: the part of `from`–`to` in which it holds, `overlapFrom`, and
 * `overlapUntil`, the day it stopped holding, or null when it held to the end of the range.
 */
export function overlapFields(c: string, from: string, to: string): string {
  return `overlapFrom: CASE WHEN ${c}.heldFrom > ${from} THEN ${c}.heldFrom ELSE ${from} END,
      overlapUntil: CASE WHEN ${c}.heldUntil <= ${to} THEN ${c}.heldUntil END`;
}
