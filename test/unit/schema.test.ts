import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  parse,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { schema } from '../../src/schema/index.ts';
import { printSchemaSdl } from '../../src/schema/print.ts';
import { NODE_LABELS } from '../../src/vocabulary/kinds.ts';

describe('the GraphQL schema', () => {
  it('matches schema/schema.graphql (run `npm run schema:print` after changing types)', () => {
    const checkedIn = readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(checkedIn).toBe(printSchemaSdl());
  });

  it('opens GraphiQL with worked examples that are valid against the schema', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'src', 'graphiql', 'default-document.graphql'), 'utf8');
    const document = parse(text);
    expect(validate(schema, document)).toEqual([]);
    const operations = document.definitions.flatMap((definition) =>
      definition.kind === 'OperationDefinition' && definition.name ? [definition.name.value] : [],
    );
    expect(operations).toEqual([
      'LeiZhangRolesOverTime',
      'TwoLeiZhangs',
      'KubernetesMaintainersByCompany',
      'TocOn20210601',
      'AlibabaPeopleAndProjects',
      'TocIn2017',
      'MaintainerChangesMarch2024',
      'MaintainershipLeaderboards',
    ]);
  });

  it('describes every type, field and argument', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has an Entity member and an EntityKind for every kind of node the importer writes', () => {
    // A traversal reaches any :Entity node; a kind missing here fails every answer that holds one.
    const labels = [...NODE_LABELS].sort();
    const entity = schema.getType('Entity');
    const kind = schema.getType('EntityKind');
    expect(isUnionType(entity) && entity.getTypes().map((type) => type.name)).toEqual(labels);
    expect(
      isEnumType(kind) &&
        kind
          .getValues()
          .map((value) => value.value as string)
          .sort(),
    ).toEqual(labels);
  });
});
