// What one source asserts in the graph now, read before its new facts are written so that only the
// difference is written (src/import/diff.ts). $source: the source id.
// First, how the source's nodes can be found: a Source node written before `nodeIds` was kept
// (010-source) is `known` but not `listed`, and its nodes are found by the scan further down.
OPTIONAL MATCH (s:Source {id: $source})
RETURN s IS NOT NULL AS known, s.nodeIds IS NOT NULL AS listed;
// The nodes, with every property (the loader compares them with what a fresh load leaves): those
// the source asserted at its last write, and those it is about to write ($ids), which other sources
// may have put there. Bounded by the two lists; each id found through the entity_id index. A source
// never written has no Source node, and only $ids are read.
OPTIONAL MATCH (s:Source {id: $source})
UNWIND coalesce(s.nodeIds, []) + $ids AS nodeId
WITH DISTINCT nodeId
MATCH (n:Entity {id: nodeId})
RETURN n.id AS id, properties(n) AS props;
// ...then the claims, each with the digest of what was written: every claim of a source starts at a
// node the source asserts. Bounded by those nodes' outgoing relationships.
MATCH (s:Source {id: $source})
UNWIND s.nodeIds AS nodeId
MATCH (a:Entity {id: nodeId})-[r]->(b:Entity)
WHERE r.source = $source
RETURN type(r) AS type, r.key AS key, r.digest AS digest, a.id AS from, b.id AS to;
// The same two for a source written before `nodeIds` was kept: every :Entity is looked at, which at
// a hundred times the CNCF graph made each source's write slower the more the graph held. Once
// written again, the source is listed.
MATCH (n:Entity) WHERE $source IN n.sources
RETURN n.id AS id, properties(n) AS props
UNION
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
RETURN n.id AS id, properties(n) AS props;
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $source IN a.sources AND r.source = $source
RETURN type(r) AS type, r.key AS key, r.digest AS digest, a.id AS from, b.id AS to;
// ...or, where the loader knows the rest from its last write of the source (diff.ts, WrittenSource),
// only the nodes whose row changed or that the source drops. $ids: their ids.
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
RETURN n.id AS id, properties(n) AS props;
