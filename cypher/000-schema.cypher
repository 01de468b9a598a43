// Constraints and indexes. Every node of the graph is an :Entity with a globally unique `id`
// (a readable key such as person:gh:resouer, see src/import/ids.ts), so claims can find either end
// through one index whatever its label.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT body_id IF NOT EXISTS FOR (n:Body) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT category_id IF NOT EXISTS FOR (n:Category) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT maturity_level_id IF NOT EXISTS FOR (n:MaturityLevel) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE INDEX person_handle IF NOT EXISTS FOR (n:Person) ON (n.handle);
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
// Lookups by name forgive case: `nameKey` is the lower-cased name (`aliasKeys`, the aliases).
CREATE INDEX entity_name_key IF NOT EXISTS FOR (n:Entity) ON (n.nameKey);
// Names and every other spelling seen, for search across kinds: `nameText` is the name of an entity
// that can be found by name (an anonymous member has none, see 110-node-organization), `aliasText`
// joins the aliases. It replaced `entity_names`, which indexed `name` itself, anonymous members too.
DROP INDEX entity_names IF EXISTS;
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Person|Organization|Project|Body|Category) ON EACH [n.nameText, n.aliasText];
