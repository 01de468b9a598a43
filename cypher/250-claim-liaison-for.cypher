// :LIAISON_FOR claims of one source. $rows: [{ from, to, key, line, props, digest }], $source: the source id.
// MERGE on (source, key): writing the same source twice finds the same relationships. `digest`
// fingerprints what the row says, so the next load writes this claim again only if that changed.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:LIAISON_FOR {source: $source, key: row.key}]->(b)
SET r += row.props, r.line = row.line, r.digest = row.digest;
