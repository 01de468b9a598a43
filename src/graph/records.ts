import { NODE_LABELS } from '../vocabulary/kinds.ts';

/**
 * The shapes every read returns (entities and the claims between them), and how a statement
 * returns an entity. The leaf of graph/: the query modules import it, it imports none of them.
 */

/**
 * Every kind of :Entity node: those the importer writes (cypher/1xx-node-*.cypher), so every kind a
 * traversal, a search or a lookup by id can reach. The API has a type for each (schema/refs.ts).
 */
export const ENTITY_LABELS = NODE_LABELS;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

/** A node as the API sees it: its properties plus which kind it is. */
export interface EntityRecord {
  id: string;
  label: EntityLabel;
  name: string;
  aliases: string[];
  /** Ids of the sources that assert the node. */
  sources: string[];
  handle?: string;
  cncf?: boolean;
  maturity?: string;
  description?: string;
  homepage?: string;
  repoUrl?: string;
  crunchbase?: string;
  kind?: string;
  fullName?: string;
  link?: string;
  archived?: boolean;
  status?: string;
  category?: string;
  /** An organization the landscape lists as a member without its name (see the Organization type). */
  anonymous?: boolean;
}

/**
 * Properties of an entity that a query may return on their own (see `entityMap`): what
 * EntityRecord names, so a property the importer starts writing is readable once it is typed there.
 */
export type EntityProperty = Exclude<keyof EntityRecord, 'id' | 'label'>;
// Property names are spliced into Cypher as `.name`: only a plain identifier may be (they come
// from field declarations, never from input; this keeps a mistaken one from becoming Cypher).
const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function checkPropertyNames(properties: readonly string[], kind: 'entity' | 'claim' = 'entity'): void {
  for (const property of properties) {
    if (!PROPERTY_NAME.test(property)) throw new Error(`Unknown ${kind} property: ${property}`);
  }
}

/**
 * How every query returns a node: its properties and its kind. `nameText`, `aliasText`, `nameKey`
 * and `aliasKeys` are index helpers written by the importer, not data, so they are left out. Given
 * `properties`, only the id, the kind and those (what the request's fields read; see
 * schema/projection.ts); names are checked to be plain identifiers, and never taken from input.
 * `kind: 'omit'` leaves the kind out, for a caller whose pattern fixes it and that writes it on
 * the JavaScript side (pages.ts): a constant is not worth sending and decoding with every row.
 */
export function entityMap(
  variable: string,
  properties: readonly EntityProperty[] | null = null,
  kind: 'read' | 'omit' = 'read',
): string {
  const label = kind === 'omit' ? '' : `, label: [l IN labels(${variable}) WHERE l <> 'Entity'][0]`;
  if (properties === null)
    return `${variable} {.*, nameText: null, aliasText: null, nameKey: null, aliasKeys: null${label}}`;
  checkPropertyNames(properties);
  return `${variable} {.id${properties.map((property) => `, .${property}`).join('')}${label}}`;
}

/**
 * A node as a list rather than a map, for pages of many items: `[id, ...properties]`, and its kind
 * last unless omitted (see entityMap). The driver decodes a list without a key string per value;
 * `entityFromValues` makes the record back.
 */
export function entityValues(
  variable: string,
  properties: readonly EntityProperty[],
  kind: 'read' | 'omit' = 'read',
): string {
  checkPropertyNames(properties);
  const label = kind === 'omit' ? '' : `, [l IN labels(${variable}) WHERE l <> 'Entity'][0]`;
  return `[${variable}.id${properties.map((property) => `, ${variable}.${property}`).join('')}${label}]`;
}

/** The record `entityValues` listed, its kind given where the list omits it. */
export function entityFromValues(
  values: readonly unknown[],
  properties: readonly EntityProperty[],
  label?: EntityLabel,
): EntityRecord {
  const entity = { id: values[0] } as Record<string, unknown>;
  properties.forEach((property, index) => {
    entity[property] = values[index + 1];
  });
  entity.label = label ?? values[properties.length + 1];
  return entity as unknown as EntityRecord;
}

/** One relationship as one source states it, with its type; the properties vary by type. */
export interface ClaimRecord {
  type: string;
  source: string;
  key: string;
  line: number | null;
  since?: string;
  until?: string;
  untilKind?: string;
  observedAt?: string;
  observedAtApproximate?: boolean;
  supersededAt?: string;
  datePrecision?: string;
  sinceMeaning?: string;
  role?: string;
  seat?: string;
  chair?: boolean;
  appointedBy?: string;
  termYears?: number;
  partialTerm?: boolean;
  emeritus?: boolean;
  group?: string;
  tier?: string;
  membership?: string;
  endUser?: boolean;
  title?: string;
  forProject?: string;
  companyAsWritten?: string;
  level?: string;
  tense?: string;
  nameAsWritten?: string;
  personResolvedBy?: string;
  personResolvedVia?: string;
  personCandidates?: string[];
  /** For an organization's maintained projects: which maintainer the claim is about. */
  maintainerId?: string;
  /** Claims read from a file's history: the commit that added the line, its day and subject. */
  addedIn?: string;
  /** Listed in the file's first version: held by then, since when unknown. */
  initial?: boolean;
  listedFrom?: string;
  addedSubject?: string;
  /** …and the commit that removed it, once it is gone. */
  removedIn?: string;
  listedUntil?: string;
  removedSubject?: string;
  /** The day the claim stops holding by the rule of time.ts (its own end, or one its pair gives it). */
  heldUntil?: string | null;
  /** Asked `during` a range: the part of it in which the claim holds (until null: to its end). */
  overlapFrom?: string;
  overlapUntil?: string | null;
}

/**
 * Properties a claim stores (what `c {.*}` holds); `type` and the fields a query adds (a
 * maintainer's id, the overlap with a range) are not among them.
 */
export type ClaimProperty = Exclude<
  keyof ClaimRecord,
  'type' | 'maintainerId' | 'overlapFrom' | 'overlapUntil'
>;

/**
 * Claim `variable` as a map with its type and `extra` (`, name: expression` entries): every stored
 * property, or only `properties` (what the request reads of it; see schema/plan.ts). A property the
 * claim does not have comes as null.
 */
export function claimMap(variable: string, properties: readonly ClaimProperty[] | null, extra = ''): string {
  if (properties === null) return `${variable} {.*, type: type(${variable})${extra}}`;
  checkPropertyNames(properties, 'claim');
  return `${variable} {${properties.map((property) => `.${property}, `).join('')}type: type(${variable})${extra}}`;
}

/** A maintainer's employer for a project, and the company as the maintainer list writes it. */
export interface EmployerRecord {
  id: string;
  name: string;
  asWritten: string | null;
}
