// :Body nodes of one source. $rows: [{ id, name, aliases, props }], $source: the source id.
// The first source to name a node names it; other spellings become aliases. Properties a source
// gives are set; the source joins the node's `sources`, which stay sorted whatever the order of loads.
UNWIND $rows AS row
MERGE (n:Entity:Body {id: row.id})
ON CREATE SET n.name = row.name, n.aliases = [], n.sources = []
SET n += row.props
WITH n, row, [a IN [row.name] + row.aliases WHERE a <> n.name AND NOT a IN n.aliases] AS added
SET n.aliases = n.aliases + added,
    n.aliasText = reduce(text = '', a IN n.aliases + added | text + ' ' + a),
    n.nameText = n.name,
    n.nameKey = toLower(n.name),
    n.aliasKeys = [a IN n.aliases + added | toLower(a)],
    n.sources = CASE WHEN $source IN n.sources THEN n.sources
                ELSE [s IN n.sources WHERE s < $source] + $source + [s IN n.sources WHERE s > $source] END;
