import type { EntityRecord } from '../../graph/records.ts';
import type { Types } from '../builder.ts';
import { reads } from '../projection.ts';
import { SourceRef } from '../refs.ts';

/** Fields every entity type has: its readable key, names and the sources that assert it. */
export function entityFields(t: PothosSchemaTypes.ObjectFieldBuilder<Types, EntityRecord>) {
  return {
    key: t.exposeString('id', {
      description: 'A readable stable key (person:gh:resouer, project:kubernetes); `id` is its Relay form.',
    }),
    name: t.exposeString('name', { description: 'The name as the first source to mention it writes it.' }),
    aliases: t.exposeStringList('aliases', { description: 'Other spellings sources use.' }),
    sources: t.field({
      extensions: reads('sources'),
      type: [SourceRef],
      description: 'Every source that mentions it.',
      resolve: (entity) => entity.sources,
    }),
  };
}
