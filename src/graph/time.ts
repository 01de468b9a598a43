/**
 * When a claim holds. The rule is written once, here, as Cypher fragments that queries splice in
 * (they are constant text over a claim variable and `$asOf`; no value is ever put into them).
 *
 * - A dated claim (since and/or until) holds from `since` up to, not including, `until`: the dates
 *   the text states win over commit dates. A claim read from a file's history (see
 *   import/facts/history.ts) also ends where a later version of the file no longer lists it
 *   (`listedUntil`), if that is earlier: a member who resigns leaves before the term's end. An
 *   open-ended one (no `until`, e.g. the article's "elected 2021-02-02") ends where another claim
 *   about the same pair dates the end of a term that had begun by then (EMERITUS.md's 2023-02-01).
 * - An undated claim (a snapshot showed it: maintainer lists, people.json) holds from the
 *   snapshot's date until the next snapshot of the same file (`supersededAt`), if any. For a file
 *   read through its history these are the days of the commits that added and removed the line.
 * - An emeritus listing holds on no particular day; it shows only when history is asked for, and it
 *   ends an open-ended claim of the same pair by the listing's date.
 * - A claim with no date of any kind (the article's "OAM came from Alibaba") always holds.
 * - Where a pair has dated claims of a kind, its undated ones of that kind are not used for dates:
 *   a term's dates say more than a snapshot that happens to list the person.
 *
 * `$asOf` null means "whenever": every claim counts.
 */

const FAR_FUTURE = "'9999-12-31'";

/** The end a dated claim has of itself: its stated `until`, or the day its file stopped listing it. */
export function ownEnd(c: string): string {
  return `CASE WHEN ${c}.listedUntil IS NOT NULL AND (${c}.until IS NULL OR ${c}.listedUntil < ${c}.until)
    THEN ${c}.listedUntil ELSE ${c}.until END`;
}

/**
 * When claim `c` holds, given `claims`, every claim of the same pair and kind, as Cypher expressions:
 * `holds` (false for a claim that holds on no day: an emeritus listing, or a snapshot set aside by
 * dated claims), and the days it holds, from `start` up to, not including, `end` ('' and
 * '9999-12-31' for open sides). The one statement of the rule above; `holdsAt` and `holdsDuring`
 * only ask different questions of it.
 */
function heldSpan(c: string, claims: string): { holds: string; start: string; end: string } {
  const dated = `(${c}.since IS NOT NULL OR ${c}.until IS NOT NULL)`;
  const anyDated = `any(d IN ${claims} WHERE d.since IS NOT NULL OR d.until IS NOT NULL)`;
  // The earliest end another claim gives for a term that had begun by this claim's start: a dated
  // end, or an emeritus listing, which says the role was over by the listing's date.
  const otherEnd = `CASE WHEN o.until IS NOT NULL AND coalesce(o.since, '') <= coalesce(${c}.since, '') THEN o.until
                          WHEN coalesce(o.emeritus, false) THEN o.observedAt END`;
  const closedBy = `reduce(end = null, o IN ${claims} |
      CASE WHEN ${otherEnd} > coalesce(${c}.since, '') AND (end IS NULL OR ${otherEnd} < end)
           THEN ${otherEnd} ELSE end END)`;
  return {
    holds: `(${dated} OR (NOT ${anyDated} AND NOT coalesce(${c}.emeritus, false)))`,
    start: `(CASE WHEN ${dated} THEN coalesce(${c}.since, '') ELSE coalesce(${c}.observedAt, '') END)`,
    end: `(CASE WHEN ${dated} THEN coalesce(${ownEnd(c)}, ${closedBy}, ${FAR_FUTURE})
               ELSE coalesce(${c}.supersededAt, ${FAR_FUTURE}) END)`,
  };
}

/**
 * True when claim `c` holds on the day `asOf` (a parameter, `$asOf` unless a statement holds several
 * "as of" pages, each with its own), given `claims`, every claim of the same pair and kind.
 */
export function holdsAt(c: string, claims: string, asOf = '$asOf'): string {
  const { holds, start, end } = heldSpan(c, claims);
  return `(${asOf} IS NULL OR (${holds} AND ${start} <= ${asOf} AND ${asOf} < ${end}))`;
}

/** True when claim `c` holds on at least one day from `from` to `to`, both included. */
export function holdsDuring(c: string, claims: string, from: string, to: string): string {
  const { holds, start, end } = heldSpan(c, claims);
  return `(${holds} AND ${start} <= ${to} AND ${from} < ${end})`;
}

/**
 * Claim `c` (a map) with `heldUntil`: the day it stops holding by the rule, its own end or the one
 * another claim of the pair gives it (null: it has none). The article's open-ended "elected
 * 2021-02-02" holds until EMERITUS.md's 2023-02-01, which its own dates do not say.
 */
export function withHeldUntil(c: string, claims: string): string {
  const { end } = heldSpan(c, claims);
  return `${c} {.*, heldUntil: CASE WHEN ${end} < ${FAR_FUTURE} THEN ${end} END}`;
}

/**
 * Claim `c` (a map) with the part of `from`–`to` in which it holds: `overlapFrom`, and
 * `overlapUntil`, the day it stopped holding, or null when it held to the end of the range.
 */
export function withOverlap(c: string, claims: string, from: string, to: string): string {
  const { start, end } = heldSpan(c, claims);
  return `${c} {.*, overlapFrom: CASE WHEN ${start} > ${from} THEN ${start} ELSE ${from} END,
      overlapUntil: CASE WHEN ${end} <= ${to} THEN ${end} END,
      heldUntil: CASE WHEN ${end} < ${FAR_FUTURE} THEN ${end} END}`;
}

/**
 * The same rule for a claim `r` met on its own, as a traversal step meets it (a path pattern sees
 * one relationship at a time): the claims of its pair (the same start, end and type) are read from
 * the graph between `x` and `y`, the step's two ends in either order. Nothing is read when `$asOf`
 * is null. A claim judged alone by its own dates would still hold after another claim of the pair
 * ended its term (the article's open-ended "elected 2021-02-02", ended by EMERITUS.md's 2023-02-01).
 */
export function stepHoldsAt(r: string, x: string, y: string): string {
  const pair = `[(${x})-[pairClaim]-(${y}) WHERE type(pairClaim) = type(${r})
      AND startNode(pairClaim) = startNode(${r}) | pairClaim]`;
  return `CASE WHEN $asOf IS NULL THEN true ELSE ${holdsAt(r, pair)} END`;
}
