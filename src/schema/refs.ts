import { findEntitiesByIds } from '../graph/entities.ts';
import type { EntityLabel, EntityRecord } from '../graph/records.ts';
import { findSourcesByIds, type SourceRecord } from '../graph/relations.ts';
import { builder, type Context } from './builder.ts';
import { reads } from './projection.ts';

/**
 * The load function of every entity type: one round trip for all ids a request asks for. Missing
 * ids, and nodes of another kind (a forged global id such as Person:project:kubernetes), load as
 * null, which the API shows as null rather than as an error.
 */
function loadEntitiesOf(label: EntityLabel) {
  return async (ids: string[], context: Context): Promise<EntityRecord[]> => {
    const entities = await findEntitiesByIds(context.graph, ids);
    return entities.map((entity) =>
      entity && entity.label === label ? entity : (null as unknown as EntityRecord),
    );
  };
}

/**
 * The node types' refs, declared before any type implements them: people, projects and
 * organizations refer to each other, and the type files (types/*.ts) import these refs only.
 * Each is a loadable node: one per-request DataLoader per type batches every id a query needs.
 */
const entityId = { resolve: (entity: EntityRecord) => entity.id, extensions: reads() };

const entityRef = <Label extends EntityLabel>(label: Label) =>
  builder.loadableNodeRef(label, { id: entityId, load: loadEntitiesOf(label) });

export const PersonRef = entityRef('Person');
export const OrganizationRef = entityRef('Organization');
export const ProjectRef = entityRef('Project');
export const BodyRef = entityRef('Body');
export const CategoryRef = entityRef('Category');
export const MaturityLevelRef = entityRef('MaturityLevel');

export const SourceRef = builder.loadableNodeRef('Source', {
  id: { resolve: (source: SourceRecord) => source.id },
  load: async (ids: string[], context) => {
    const sources = await findSourcesByIds(context.graph, ids);
    return sources.map((source) => source ?? (null as unknown as SourceRecord));
  },
});

// One type per kind of :Entity node, checked by the compiler: a kind the graph holds but the union
// lacks would fail every traversal that reaches it ("not a possible type for Entity").
const ENTITY_TYPES = {
  Person: PersonRef,
  Organization: OrganizationRef,
  Project: ProjectRef,
  Body: BodyRef,
  Category: CategoryRef,
  MaturityLevel: MaturityLevelRef,
} as const satisfies Record<EntityLabel, unknown>;

/** Any entity: what a search, a path or a neighbourhood can hold. */
export const EntityRef = builder.unionType('Entity', {
  description: 'Any entity: a person, organization, project, body, landscape category or maturity level.',
  types: Object.values(ENTITY_TYPES),
  resolveType: (entity) => (entity as EntityRecord).label,
});
