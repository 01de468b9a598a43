// Removes everything one source asserted, before its new facts are written in the same transaction
// (a forced reload). $source: the source id. Every claim of a source starts at a node carrying the
// source in `sources`; a node no source asserts any more has no claims left and goes.
// The nodes its Source node lists (010-source), each found through the entity_id index...
MATCH (s:Source {id: $source})
UNWIND s.nodeIds AS nodeId
MATCH (n:Entity) WHERE n.id = nodeId
OPTIONAL MATCH (n)-[r]->()
WHERE r.source = $source
DELETE r
WITH DISTINCT n
SET n.sources = [s IN n.sources WHERE s <> $source]
WITH n
WHERE n.sources = []
DETACH DELETE n;
// ...or, for a source written before its Source node listed them, every :Entity looked at.
MATCH (n:Entity) WHERE $source IN n.sources
OPTIONAL MATCH (n)-[r]->()
WHERE r.source = $source
DELETE r
WITH DISTINCT n
SET n.sources = [s IN n.sources WHERE s <> $source]
WITH n
WHERE n.sources = []
DETACH DELETE n;
