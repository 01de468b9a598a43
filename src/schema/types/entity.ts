import type { EntityLabel, EntityRecord } from '../../graph/entities.ts';
import { findEntitiesByIds } from '../../graph/entities.ts';
import type { builder, Context } from '../builder.ts';
import { SourceRef } from '../refs.ts';

/**
 * The load function of every entity type: one round trip for all ids a request asks for. Missing
 * ids, and nodes of another kind (a forged global id such as Person:project:kubernetes), load as
 * null, which the API shows as null rather than as an error.
 */
export function loadEntitiesOf(label: EntityLabel) {
  return async (ids: string[], context: Context): Promise<EntityRecord[]> => {
    const entities = await findEntitiesByIds(context.graph, ids);
    return entities.map((entity) =>
      entity && entity.label === label ? entity : (null as unknown as EntityRecord),
    );
  };
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Fields every entity type has: its readable key, names and the sources that assert it. */
export function entityFields(t: PothosSchemaTypes.ObjectFieldBuilder<Types, EntityRecord>) {
  return {
    key: t.exposeString('id', {
      description: 'A readable stable key (person:gh:resouer, project:kubernetes); `id` is its Relay form.',
    }),
    name: t.exposeString('name', { description: 'The name as the first source to mention it writes it.' }),
    aliases: t.exposeStringList('aliases', { description: 'Other spellings sources use.' }),
    sources: t.field({
      type: [SourceRef],
      description: 'Every source that mentions it.',
      resolve: (entity) => entity.sources,
    }),
  };
}
