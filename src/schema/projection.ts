import { type GraphQLField, type GraphQLNamedType, isObjectType } from 'graphql';
import type { EntityProperty } from '../graph/records.ts';

/**
 * Look-ahead for entities: which node properties the selected fields read, so that a list or a
 * lookup returns those and not every property of every node (a person carries a dozen ranking
 * figures no list shows). Each field says what it reads where it is declared:
 * - `t.exposeString('name')` and the like read the property they expose (Pothos records it);
 * - a relation field (`extensions.relation`, connections.ts) resolves from the node's id alone;
 * - any other field declares `extensions: reads('maturity')` (none: `reads()`).
 * A field that says nothing reads everything: a new field is correct before it is fast.
 */
export const reads = (...properties: EntityProperty[]) => ({ reads: properties });

interface FieldFacts {
  reads?: readonly EntityProperty[];
  relation?: string;
  pothosExposedField?: string;
}

function propertiesOf(field: GraphQLField<unknown, unknown>): readonly EntityProperty[] | null {
  const facts = field.extensions as FieldFacts;
  if (facts.reads) return facts.reads;
  if (facts.relation) return [];
  const exposed = facts.pothosExposedField;
  // The id comes with every entity (entityMap), so exposing it reads nothing more.
  if (exposed !== undefined) return exposed === 'id' ? [] : [exposed as EntityProperty];
  return null;
}

/**
 * The properties that the fields named `fields` of `type` read (the id and kind always come); null
 * when one of them has not said, or when `type` is not an object type.
 */
export function entityProperties(
  type: GraphQLNamedType | null | undefined,
  fields: ReadonlySet<string>,
): EntityProperty[] | null {
  if (!isObjectType(type)) return null;
  const definitions = type.getFields();
  const properties = new Set<EntityProperty>();
  for (const name of fields) {
    if (name.startsWith('__')) continue;
    const definition = definitions[name];
    const read = definition && propertiesOf(definition);
    if (!read) return null;
    for (const property of read) properties.add(property);
  }
  return [...properties].sort();
}
