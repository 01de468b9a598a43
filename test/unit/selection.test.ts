import { type GraphQLResolveInfo, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { entityMap } from '../../src/graph/records.ts';
import { schema } from '../../src/schema/index.ts';
import { entityProperties } from '../../src/schema/projection.ts';
import { selectedFieldsAt, selectsAnyOf } from '../../src/schema/selection.ts';
import { parseDocument } from '../support/documents.ts';

/** The resolve info of the first root field of `document`: what look-ahead reads of it. */
function infoOf(document: string): GraphQLResolveInfo {
  const { operation, fragments } = parseDocument(document);
  const field = operation?.selectionSet.selections[0];
  if (field?.kind !== Kind.FIELD) throw new Error('no root field');
  return { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

describe('look-ahead', () => {
  it('finds the fields asked of each item of a connection, through fragments and inline fragments', () => {
    const info = infoOf(`{
      maintainers { totalCount edges { ...Edge node { name ... on Person { handle } } } }
    }
    fragment Edge on ProjectMaintainerEdge { organization { name } node { ...Who } }
    fragment Who on Person { key projects { totalCount } }`);
    expect([...selectedFieldsAt(info, ['edges', 'node'])].sort()).toEqual([
      'handle',
      'key',
      'name',
      'projects',
    ]);
    expect(selectedFieldsAt(info, ['edges']).has('organization')).toBe(true);
    expect(selectsAnyOf(info, ['edges', 'pageInfo'])).toBe(true);
    expect(selectsAnyOf(infoOf('{ projects { totalCount } }'), ['edges', 'pageInfo'])).toBe(false);
  });

  it('reads only the properties the known fields need, and everything when a field is unknown', () => {
    const person = schema.getType('Person');
    expect(entityProperties(person, new Set(['key', 'name', 'githubUrl', 'projects']))).toEqual([
      'handle',
      'name',
    ]);
    expect(entityProperties(person, new Set(['__typename', 'id']))).toEqual([]);
    // centrality reads the ranking figures, and does not say which: all properties.
    expect(entityProperties(person, new Set(['name', 'centrality']))).toBeNull();
  });

  it('projects a node with the checked properties only, or all of them but the index helpers', () => {
    expect(entityMap('n', ['handle', 'name'])).toBe(
      "n {.id, .handle, .name, label: [l IN labels(n) WHERE l <> 'Entity'][0]}",
    );
    expect(entityMap('n')).toContain('.*, nameText: null, aliasText: null, nameKey: null, aliasKeys: null');
    expect(() => entityMap('n', ['name} RETURN 1 //' as never])).toThrow('Unknown entity property');
  });
});
