import {
  defaultFieldResolver,
  type GraphQLArgument,
  type GraphQLField,
  GraphQLID,
  type GraphQLInputType,
  type GraphQLSchema,
  GraphQLString,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
} from 'graphql';
import { userInputError } from './errors.ts';

/**
 * The most characters any text argument takes: names, handles, ids, filters, search words. The
 * longest name in the graph has 64 characters and ids and global ids stay well under this, so longer
 * text is a mistake or an attack; let through, every character of it would be carried into Cypher
 * (compared once per row), into loader keys and into plans.
 */
export const MAX_TEXT_LENGTH = 200;

// Cursors are opaque and longer than names (a sort key and an id, in base64); decodeCursor bounds
// them (graph/paging.ts).
const OPAQUE_ARGUMENTS = new Set(['after', 'before']);

/**
 * Where `value`, of the argument type `type`, holds a String or ID longer than MAX_TEXT_LENGTH: the
 * argument's path (`filter.nameContains`, `ids[3]`), or null when it holds none.
 */
function overlongText(type: GraphQLInputType, value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return null;
    for (const [index, item] of value.entries()) {
      const found = overlongText(nullable.ofType, item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      const found = overlongText(
        field.type,
        (value as Record<string, unknown>)[field.name],
        `${path}.${field.name}`,
      );
      if (found) return found;
    }
    return null;
  }
  const text = nullable === GraphQLString || nullable === GraphQLID;
  return text && typeof value === 'string' && value.length > MAX_TEXT_LENGTH ? path : null;
}

function holdsText(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return holdsText(nullable.ofType, seen);
  if (isInputObjectType(nullable)) {
    // Input types may refer to themselves.
    if (seen.has(nullable)) return false;
    seen.add(nullable);
    return Object.values(nullable.getFields()).some((field) => holdsText(field.type, seen));
  }
  return nullable === GraphQLString || nullable === GraphQLID;
}

function checkedResolver(
  field: GraphQLField<unknown, unknown>,
  texts: readonly GraphQLArgument[],
): GraphQLField<unknown, unknown>['resolve'] {
  const resolve = field.resolve ?? defaultFieldResolver;
  return (source, args: Record<string, unknown>, context, info) => {
    for (const argument of texts) {
      const path = overlongText(argument.type, args[argument.name], argument.name);
      if (path) throw userInputError(`${path} must be at most ${MAX_TEXT_LENGTH} characters`, path);
    }
    return resolve(source, args, context, info);
  };
}

/**
 * Refuses, as BAD_USER_INPUT at the field, any text argument of any field longer than
 * MAX_TEXT_LENGTH, before the field's resolver runs: one rule for every field that takes text, those
 * added later included, rather than a check in each resolver that a new field could forget.
 * Wraps the resolvers of `schema` in place and returns it.
 */
export function limitTextArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const texts = field.args.filter((arg) => !OPAQUE_ARGUMENTS.has(arg.name) && holdsText(arg.type));
      if (texts.length > 0) field.resolve = checkedResolver(field, texts);
    }
  }
  return schema;
}
