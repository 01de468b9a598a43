// The source file (or article) a batch of facts comes from, with what identifies its content.
// $source: the source id; $props: repository, path, commit, url, sha256, dates, licence, fingerprint.
// $nodeIds: every node the source asserts once this write is done (sorted), so that the next write
// of the source finds them through the entity_id index (021-source-state) instead of looking for
// the source in every node's `sources`, which no index can answer.
MERGE (s:Source {id: $source})
SET s += $props, s.nodeIds = $nodeIds;
