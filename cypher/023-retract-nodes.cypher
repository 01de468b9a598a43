// Nodes one source no longer asserts (its claims on them are already gone): the source leaves their
// `sources`, and a node no source asserts any more goes. $rows: [{ id }], $source: the source id.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.sources = [s IN n.sources WHERE s <> $source]
WITH n
WHERE n.sources = []
DETACH DELETE n;
