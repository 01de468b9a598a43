import { type GraphQLField, type GraphQLNamedType, isObjectType } from 'graphql';
import type { ClaimProperty, EntityProperty } from '../graph/records.ts';

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

/**
 * The same for the fields of a claim and of an edge (which reads its claims): the claim properties
 * the field reads. With `selection`, also what the field's own selection reads of its type (an
 * edge's `claims`, a claim's `resolution`); see plan.ts.
 */
export const readsClaim = (properties: ClaimProperty[], options: { selection?: boolean } = {}) => ({
  reads: properties,
  ...(options.selection ? { readsSelection: true } : {}),
});

interface FieldFacts {
  reads?: readonly string[];
  readsSelection?: boolean;
  relation?: string;
  pothosExposedField?: string;
}

/** Whether what a field reads includes what its selection reads of its type (readsClaim). */
export const readsSelection = (field: GraphQLField<unknown, unknown>): boolean =>
  (field.extensions as FieldFacts).readsSelection === true;

/** What a field says it reads (see above); null when it says nothing. */
export function propertiesOf(field: GraphQLField<unknown, unknown>): readonly string[] | null {
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
    for (const property of read) properties.add(property as EntityProperty);
  }
  return [...properties].sort();
}
