// The source file (or article) a batch of facts comes from, with what identifies its content.
// $source: the source id; $props: repository, path, commit, url, sha256, dates, licence, fingerprint.
MERGE (s:Source {id: $source})
SET s += $props;
