// Removes some of one source's claims: those its new facts no longer state, or state differently.
// $rows: [{ from, to, key }], $source: the source id. Each row finds its two ends through the
// entity_id index and the claim among the few relationships between them.
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r {source: $source, key: row.key}]->(:Entity {id: row.to})
DELETE r;
