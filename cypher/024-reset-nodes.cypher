// Nodes only this source asserts whose row changed in a way the node scripts would not undo (another
// name, a property the source no longer gives): their properties are set back to `keep` (the id,
// the source list and the stored rankings) before the node script writes the row again, so the node
// ends as a fresh load of the source would leave it. $rows: [{ id, keep }].
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n = row.keep;
