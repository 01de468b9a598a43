// Removes everything one source asserted, before its new facts are written in the same transaction.
// Bounded by the source: every claim of a source has both ends carrying the source in `sources`.
MATCH (n:Entity) WHERE $source IN n.sources
MATCH (n)-[r]->()
WHERE r.source = $source
DELETE r;
MATCH (n:Entity) WHERE $source IN n.sources
SET n.sources = [s IN n.sources WHERE s <> $source];
// Nodes no source asserts any more have no claims left either (see above): remove them.
MATCH (n:Entity) WHERE n.sources = []
DETACH DELETE n;
