// :SUBCATEGORY_OF claims of one source. $rows: [{ from, to, key, line, props }], $source: the source id.
// MERGE on (source, key): writing the same source twice finds the same relationships.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:SUBCATEGORY_OF {source: $source, key: row.key}]->(b)
SET r += row.props, r.line = row.line;
