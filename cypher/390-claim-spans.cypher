// When each claim holds, stored on the claim as `heldFrom` and `heldUntil`, so that "as of a day"
// and "during a range" read two properties (src/graph/time.ts) instead of judging every claim of
// a pair again on every request. This is the one statement of the rule:
//
// - A dated claim (since and/or until) holds from `since` up to, not including, `until`: the dates
//   the text states win over commit dates. A claim read from a file's history (see
//   import/facts/history.ts) also ends where a later version of the file no longer lists it
//   (`listedUntil`), if that is earlier: a member who resigns leaves before the term's end. An
//   open-ended one (no `until`, e.g. the article's "elected 2021-02-02") ends where another claim
//   about the same pair dates the end of a term that had begun by then (EMERITUS.md's 2023-02-01).
// - An undated claim (a snapshot showed it: maintainer lists, people.json) holds from the
//   snapshot's date until the next snapshot of the same file (`supersededAt`), if any. For a file
//   read through its history these are the days of the commits that added and removed the line.
// - An emeritus listing holds on no particular day; it shows only when history is asked for, and it
//   ends an open-ended claim of the same pair by the listing's date.
// - A claim with no date of any kind (the article's "OAM came from Alibaba") always holds.
// - Where a pair has dated claims of a kind, its undated ones of that kind are not used for dates:
//   a term's dates say more than a snapshot that happens to list the person.
//
// A pair is a start node, an end node and a type: a claim's span depends on every claim of its
// pair, whichever source states them, so a source's write recomputes the pairs it wrote or
// retracted claims of, in the same transaction (src/import/load.ts).
//
// Stored: `heldFrom`, the first day it holds ('' when it has no first day); '9999-12-31' for a claim
// that holds on no day, so that no day is ever at or after it. `heldUntil`, the day it stops
// holding, its own end or the one another claim of the pair gives it; null when it has none.
//
// $rows: [{ from, to }], the pairs' two node ids (every type between them is recomputed).
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[c]->(:Entity {id: row.to})
WITH row, type(c) AS kind, collect(c) AS claims
WITH claims, any(d IN claims WHERE d.since IS NOT NULL OR d.until IS NOT NULL) AS pairDated
UNWIND claims AS c
WITH c, claims, pairDated,
     c.since IS NOT NULL OR c.until IS NOT NULL AS dated,
     CASE WHEN c.listedUntil IS NOT NULL AND (c.until IS NULL OR c.listedUntil < c.until)
       THEN c.listedUntil ELSE c.until END AS ownEnd
// A dated claim with no end of its own ends at the earliest end another claim gives for a term that
// had begun by its start: a dated end, or an emeritus listing, which says the role was over by the
// listing's date. Only those claims look at the others: a pair of many undated claims (a snapshot
// per version of a file) costs one pass, not one per claim.
WITH c, dated, pairDated, ownEnd,
     CASE WHEN dated AND ownEnd IS NULL THEN
       reduce(earliest = null, end IN [o IN claims |
           CASE WHEN o.until IS NOT NULL AND coalesce(o.since, '') <= coalesce(c.since, '') THEN o.until
                WHEN coalesce(o.emeritus, false) THEN o.observedAt END] |
         CASE WHEN end > coalesce(c.since, '') AND (earliest IS NULL OR end < earliest)
           THEN end ELSE earliest END)
     END AS closedAt
WITH c,
     dated OR (NOT pairDated AND NOT coalesce(c.emeritus, false)) AS holds,
     CASE WHEN dated THEN coalesce(c.since, '') ELSE coalesce(c.observedAt, '') END AS start,
     CASE WHEN dated THEN coalesce(ownEnd, closedAt) ELSE c.supersededAt END AS end
SET c.heldFrom = CASE WHEN holds THEN start ELSE '9999-12-31' END,
    c.heldUntil = end;
// The pairs that have a claim with no span stored: claims written by an importer from before spans
// were stored, whose source was not written again (it failed). Read after an import's writes.
MATCH (a:Entity)-[c]->(b:Entity)
WHERE c.heldFrom IS NULL
RETURN DISTINCT a.id AS from, b.id AS to;
