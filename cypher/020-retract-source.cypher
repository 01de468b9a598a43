// Removes everything one source asserted, before its new facts are written in the same transaction.
// Bounded by the source: every claim of a source has both ends carrying the source in `sources`,
// so only those nodes are visited; a node no source asserts any more has no claims left and goes.
MATCH (n:Entity) WHERE $source IN n.sources
OPTIONAL MATCH (n)-[r]->()
WHERE r.source = $source
DELETE r
WITH DISTINCT n
SET n.sources = [s IN n.sources WHERE s <> $source]
WITH n
WHERE n.sources = []
DETACH DELETE n;
