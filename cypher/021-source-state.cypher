// What one source asserts in the graph now, read before its new facts are written so that only the
// difference is written (src/import/diff.ts). Bounded by the source, as the retraction is (every
// claim of a source has both ends carrying the source in `sources`), and by the nodes it is about to
// write, found through the entity_id index: $ids. $source: the source id.
// First the nodes, with every property (the loader compares them with what a fresh load leaves)...
MATCH (n:Entity) WHERE $source IN n.sources
RETURN n.id AS id, properties(n) AS props
UNION
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
RETURN n.id AS id, properties(n) AS props;
// ...then the claims, each with the digest of what was written.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $source IN a.sources AND r.source = $source
RETURN type(r) AS type, r.key AS key, r.digest AS digest, a.id AS from, b.id AS to;
// ...or, where the loader knows the rest from its last write of the source (diff.ts, WrittenSource),
// only the nodes whose row changed or that the source drops. $ids: their ids.
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
RETURN n.id AS id, properties(n) AS props;
