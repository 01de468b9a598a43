import type { EntityProperty } from '../graph/entities.ts';

/**
 * Look-ahead for entities in lists: which node properties the selected fields read, so that a list
 * query returns those and not every property of every node (a person carries a dozen ranking
 * figures no list shows). A field this table does not know reads everything: a new field is
 * correct before it is fast.
 */
const FIELD_PROPERTIES: Record<string, readonly EntityProperty[]> = {
  __typename: [],
  id: [],
  key: [],
  name: ['name'],
  aliases: ['aliases'],
  sources: ['sources'],
  handle: ['handle'],
  githubUrl: ['handle'],
  cncf: ['cncf'],
  maturity: ['maturity'],
  description: ['description'],
  homepage: ['homepage'],
  repoUrl: ['repoUrl'],
  crunchbase: ['crunchbase'],
  kind: ['kind'],
  fullName: ['fullName'],
  archived: ['archived'],
  anonymous: ['anonymous'],
  // Relations: each resolves from the node's id alone, through its own loader.
  projects: [],
  contributions: [],
  affiliations: [],
  roles: [],
  maintainers: [],
  maintainerOrganizations: [],
  maturityHistory: [],
  originatedAt: [],
  categories: [],
  people: [],
  maintainedProjects: [],
  originatedProjects: [],
  memberships: [],
  members: [],
  memberOrganizations: [],
  parts: [],
  partOf: [],
};

/** The properties `fields` read (id and kind always come); null when one of them is not known. */
export function entityProperties(fields: ReadonlySet<string>): EntityProperty[] | null {
  const properties = new Set<EntityProperty>();
  for (const field of fields) {
    const read = FIELD_PROPERTIES[field];
    if (!read) return null;
    for (const property of read) properties.add(property);
  }
  return [...properties].sort();
}
