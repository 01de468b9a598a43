import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  isAbstractType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { PageShape, PageSpec } from '../graph/pages.ts';
import type { ClaimProperty } from '../graph/records.ts';
import type { RelationName } from '../graph/relations.ts';
import { type AsOfArgs, type GroupArgs, type PagingArgs, pageRequest, relationTime } from './arguments.ts';
import type { Context } from './builder.ts';
import { entityProperties, propertiesOf, readsSelection } from './projection.ts';

/**
 * Look-ahead over relation connections: from a field's selection, the pages of related entities it
 * will ask for, level below level, so that one Cypher statement fetches them all (graph/pages.ts)
 * instead of one round trip per level. A relation field says which relation it pages through in
 * its `extensions.relation` (see `relationField` in connections.ts).
 *
 * A plan is only a forecast, made once per operation's field and request: the pages it fetches
 * wait in the request's store under the response path of the field they are for (prefetched.ts),
 * and a relation field whose path holds no page (one the plan did not foresee, below MAX_DEPTH or
 * behind an alias it does not follow) plans itself and loads its page. So a field the plan misses
 * costs a round trip, never a wrong answer; and since a path names one field with one set of
 * arguments, a page kept under it is the page that field asks for.
 */
export interface PagePlan extends PageSpec {
  /** The field's alias or name: the last step of its response path. */
  responseKey: string;
  nested: readonly PagePlan[];
  /** How the selection spells `edges { node }` below the field: where its items stand. */
  itemKeys: ItemKeys;
  /** What is fetched (relation, arguments, shape, nested pages): the key of its per-request loader. */
  signature: string;
}

/** The response keys of a connection's `edges` and of their `node`, as the selection spells them. */
export type ItemKeys = readonly (readonly [edges: string, node: string])[];

/** What planning reads besides the selection; the same for every field of a request. */
interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  context: Context;
}

// Deep enough for every nesting the cost limit lets through in practice; deeper levels are loaded
// by their own resolvers, whose statements look ahead in turn.
const MAX_DEPTH = 4;

// Edge fields that read nothing of the edge's claims.
const ENTITY_ONLY_EDGE_FIELDS = new Set(['node', 'cursor', '__typename']);

function appliesTo(walk: Walk, typeCondition: string | undefined, type: GraphQLObjectType): boolean {
  if (!typeCondition || typeCondition === type.name) return true;
  const condition = walk.schema.getType(typeCondition);
  return condition !== undefined && isAbstractType(condition) && walk.schema.isSubType(condition, type);
}

/** The fields `sets` select on `type`, through fragments, grouped by response key. */
function collectFields(
  walk: Walk,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const collect = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = fields.get(key);
        if (nodes) nodes.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(walk, selection.typeCondition?.name.value, type)) collect(selection.selectionSet);
      } else {
        const fragment = walk.fragments[selection.name.value];
        if (!fragment || visited.has(fragment.name.value)) continue;
        visited.add(fragment.name.value);
        if (appliesTo(walk, fragment.typeCondition.name.value, type)) collect(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) collect(set);
  return fields;
}

/** The selection sets of every field named `name` (any alias) among `fields`. */
function subSelections(fields: Map<string, FieldNode[]>, name: string): SelectionSetNode[] {
  return [...fields.values()]
    .flat()
    .filter((node) => node.name.value === name && node.selectionSet)
    .map((node) => node.selectionSet as SelectionSetNode);
}

const fieldNames = (fields: Map<string, FieldNode[]>) =>
  new Set([...fields.values()].map((nodes) => (nodes[0] as FieldNode).name.value));

function objectField(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return type instanceof GraphQLObjectType ? type.getFields()[name] : undefined;
}

/** What a connection field's `nodes` select of the connection, its edges and their nodes. */
function connectionSelection(walk: Walk, type: GraphQLOutputType, nodes: readonly FieldNode[]) {
  const connection = getNamedType(type);
  const edge = objectField(connection, 'edges');
  const edgeType = edge && getNamedType(edge.type);
  const node = edgeType && objectField(edgeType, 'node');
  const nodeType = node && getNamedType(node.type);
  if (!(connection instanceof GraphQLObjectType) || !(edgeType instanceof GraphQLObjectType)) return null;
  if (!(nodeType instanceof GraphQLObjectType)) return null;
  const connectionFields = collectFields(
    walk,
    connection,
    nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
  );
  const edgeFields = collectFields(walk, edgeType, subSelections(connectionFields, 'edges'));
  const pageInfo = objectField(connection, 'pageInfo');
  const pageInfoType = pageInfo && getNamedType(pageInfo.type);
  const pageInfoFields =
    pageInfoType instanceof GraphQLObjectType
      ? collectFields(walk, pageInfoType, subSelections(connectionFields, 'pageInfo'))
      : new Map<string, FieldNode[]>();
  const nodeFields = collectFields(walk, nodeType, subSelections(edgeFields, 'node'));
  const keysOf = (fields: Map<string, FieldNode[]>, name: string) =>
    [...fields].filter(([, nodes]) => nodes[0]?.name.value === name).map(([key]) => key);
  const itemKeys = keysOf(connectionFields, 'edges').flatMap((edges) =>
    keysOf(edgeFields, 'node').map((node) => [edges, node] as const),
  );
  return { connectionFields, edgeFields, pageInfoFields, nodeFields, edgeType, nodeType, itemKeys };
}

/**
 * The claim properties that `fields` of `type` read (an edge's fields, or a claim's below it):
 * what each field declares (projection.ts readsClaim), and for a field that reads its selection,
 * what that selection reads of its type. Null when a field has not said: then every property is
 * fetched, so a new field is correct before it is fast.
 */
function claimReads(
  walk: Walk,
  type: GraphQLObjectType,
  fields: Map<string, FieldNode[]>,
  skip: ReadonlySet<string> = new Set(),
): ClaimProperty[] | null {
  const properties = new Set<ClaimProperty>();
  for (const nodes of fields.values()) {
    const name = (nodes[0] as FieldNode).name.value;
    if (name.startsWith('__') || skip.has(name)) continue;
    const field = type.getFields()[name];
    const read = field && propertiesOf(field);
    if (!field || !read) return null;
    for (const property of read) properties.add(property as ClaimProperty);
    if (!readsSelection(field)) continue;
    const fieldType = getNamedType(field.type);
    if (!(fieldType instanceof GraphQLObjectType)) return null;
    const selected = collectFields(
      walk,
      fieldType,
      nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
    );
    const below = claimReads(walk, fieldType, selected);
    if (!below) return null;
    for (const property of below) properties.add(property);
  }
  return [...properties].sort();
}

/** The plan of one relation field of `type`, or null when it is not one or cannot be planned. */
function planField(
  walk: Walk,
  type: GraphQLObjectType,
  responseKey: string,
  nodes: readonly FieldNode[],
  depth: number,
): PagePlan | null {
  const first = nodes[0];
  const field = first && type.getFields()[first.name.value];
  const relation = field?.extensions?.relation as RelationName | undefined;
  if (!first || !field || !relation) return null;
  let page: PageSpec['page'];
  let time: ReturnType<typeof relationTime>;
  let group: string | null;
  try {
    const args: PagingArgs & AsOfArgs & GroupArgs = getArgumentValues(field, first, walk.variables);
    page = pageRequest(args);
    time = relationTime(args, walk.context);
    group = args.group ?? null;
  } catch {
    // Bad arguments: the field's own resolver reports them, at the field's path.
    return null;
  }
  const { asOf, during } = time;
  const selection = connectionSelection(walk, field.type, nodes);
  if (!selection) return null;
  const { connectionFields, edgeFields, pageInfoFields, nodeFields, edgeType, nodeType, itemKeys } =
    selection;
  const edgeNames = fieldNames(edgeFields);
  const pageInfoNames = fieldNames(pageInfoFields);
  const connectionNames = fieldNames(connectionFields);
  const items = connectionNames.has('edges') || connectionNames.has('pageInfo');
  const count = connectionNames.has('totalCount');
  const claims = [...edgeNames].some((name) => !ENTITY_ONLY_EDGE_FIELDS.has(name));
  const shape: PageShape = {
    properties: entityProperties(nodeType, fieldNames(nodeFields)),
    organizations: edgeNames.has('organization') || edgeNames.has('employerAsWritten'),
    claims,
    claimProperties: claims ? claimReads(walk, edgeType, edgeFields, ENTITY_ONLY_EDGE_FIELDS) : [],
    cursors: edgeNames.has('cursor') || pageInfoNames.has('startCursor') || pageInfoNames.has('endCursor'),
  };
  const nested = depth < MAX_DEPTH ? planFields(walk, nodeType, nodeFields, depth + 1) : [];
  const signature = `${JSON.stringify([relation, page, asOf, during, group, shape, items, count])}{${nested
    .map((plan) => `${JSON.stringify(plan.responseKey)}:${plan.signature}`)
    .join(',')}}`;
  return {
    responseKey,
    relation,
    page,
    asOf,
    during,
    group,
    shape,
    items,
    count,
    nested,
    itemKeys,
    signature,
  };
}

function planFields(
  walk: Walk,
  type: GraphQLObjectType,
  fields: Map<string, FieldNode[]>,
  depth: number,
): PagePlan[] {
  const plans: PagePlan[] = [];
  for (const [responseKey, nodes] of fields) {
    const plan = planField(walk, type, responseKey, nodes, depth);
    if (plan) plans.push(plan);
  }
  return plans;
}

function walkOf(info: GraphQLResolveInfo, context: Context): Walk {
  return { schema: info.schema, fragments: info.fragments, variables: info.variableValues, context };
}

// Plans depend only on the field nodes and the request (its variables and day). graphql-js and
// graphql-jit hand every item of a list the same `fieldNodes` array, so a field beyond the plan's
// reach, resolved for each of a hundred parents, is planned once per request.
const plansOfRequest = new WeakMap<Context, Map<readonly FieldNode[], unknown>>();

function memoised<Plan>(info: GraphQLResolveInfo, context: Context, make: () => Plan): Plan {
  let plans = plansOfRequest.get(context);
  if (!plans) {
    plans = new Map();
    plansOfRequest.set(context, plans);
  }
  if (plans.has(info.fieldNodes)) return plans.get(info.fieldNodes) as Plan;
  const plan = make();
  plans.set(info.fieldNodes, plan);
  return plan;
}

/** The plan of the relation field being resolved (null when its arguments are bad). */
export function planOfField(info: GraphQLResolveInfo, context: Context): PagePlan | null {
  return memoised(info, context, () =>
    planField(walkOf(info, context), info.parentType, String(info.path.key), info.fieldNodes, 0),
  );
}

/** The pages the field being resolved (a lookup returning an entity) will ask of its entity. */
export function planOfEntityField(info: GraphQLResolveInfo, context: Context): PagePlan[] {
  return memoised(info, context, () => {
    const type = getNamedType(info.returnType);
    if (!(type instanceof GraphQLObjectType)) return [];
    const walk = walkOf(info, context);
    const sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    return planFields(walk, type, collectFields(walk, type, sets), 1);
  });
}

/**
 * The pages the connection field being resolved (a root list) will ask of each of its items, and
 * how its selection spells `edges { node }` (where those items stand).
 */
export function planOfItems(
  info: GraphQLResolveInfo,
  context: Context,
): { plans: PagePlan[]; itemKeys: ItemKeys } {
  return memoised(info, context, () => {
    const walk = walkOf(info, context);
    const selection = connectionSelection(walk, info.returnType, info.fieldNodes);
    return selection
      ? { plans: planFields(walk, selection.nodeType, selection.nodeFields, 1), itemKeys: selection.itemKeys }
      : { plans: [], itemKeys: [] };
  });
}
