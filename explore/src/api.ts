import { documentText, graphql, type ResultOf, type VariablesOf } from './graphql.ts';

/**
 * The page's only way to the data: POST /graphql on the page's own origin, the public API and
 * nothing else. Each document is written out here, so "open in GraphiQL" can show exactly what a
 * view asked. `$asOf` is always sent (a day, or null for any time): left out, relations would mean
 * today.
 */

export type Kind = 'PERSON' | 'ORGANIZATION' | 'PROJECT' | 'BODY' | 'CATEGORY';

export interface Request {
  /** The operation's name, shown on the GraphiQL link. */
  name: string;
  document: string;
  variables: Record<string, unknown>;
}

export class ApiError extends Error {
  override name = 'ApiError';
}

/** Runs a request; its data, or an ApiError with the API's messages. */
export async function ask<T>(request: Request): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: request.document, variables: request.variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new ApiError(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  }
  return body.data;
}

const NAMED =
  '__typename ... on Person { key name } ... on Organization { key name } ... on Project { key name } ... on Body { key name } ... on Category { key name } ... on MaturityLevel { key name }';

// The same, as a fragment of the typed documents (graphql.ts).
const NamedFields = graphql(`
  fragment NamedFields on Entity {
    __typename
    ... on Person { key name }
    ... on Organization { key name }
    ... on Project { key name }
    ... on Body { key name }
    ... on Category { key name }
    ... on MaturityLevel { key name }
  }
`);

/**
 * `Generated` itself, where it fits what the views expect (`Expected`); a compile error where a
 * schema change makes a typed document's answer something the views do not read.
 */
type Fits<Generated extends Expected, Expected> = Generated;

export interface Named {
  __typename: string;
  key: string;
  name: string;
}

// --- search ------------------------------------------------------------------------------------

export interface SearchHit {
  // The API finds maturity levels too; the page has no panel for one (search.ts leaves them out).
  kind: Kind | 'MATURITY_LEVEL';
  entity: Named & {
    handle?: string | null;
    maturity?: string | null;
    bodyKind?: string;
    affiliations?: { edges: { node: { name: string } }[] };
  };
}

const SEARCH = graphql(
  `
  query Search($text: String!) {
    search(text: $text, first: 10) {
      kind
      entity {
        ...NamedFields
        ... on Person { handle affiliations(asOf: null, first: 3) { edges { node { name } } } }
        ... on Project { maturity }
        ... on Body { bodyKind: kind }
      }
    }
  }
`,
  [NamedFields],
);

export type SearchData = Fits<ResultOf<typeof SEARCH>, { search: SearchHit[] }>;

export function searchRequest(text: string): Request {
  return {
    name: 'Search',
    document: documentText(SEARCH),
    variables: { text } satisfies VariablesOf<typeof SEARCH>,
  };
}

// --- neighbourhood -----------------------------------------------------------------------------

// One ring, at most 40 new nodes: readable on a canvas, and far within the cost limit.
const NEIGHBOURHOOD = graphql(`
  query Neighbourhood($id: ID!, $asOf: Date) {
    neighbourhood(id: $id, asOf: $asOf, depth: 1, limitPerHop: 40) {
      truncated
      elements
    }
  }
`);

export function neighbourhoodRequest(key: string, asOf: string | null): Request {
  return {
    name: 'Neighbourhood',
    document: documentText(NEIGHBOURHOOD),
    variables: { id: key, asOf } satisfies VariablesOf<typeof NEIGHBOURHOOD>,
  };
}

export type NeighbourhoodData = Fits<
  ResultOf<typeof NEIGHBOURHOOD>,
  { neighbourhood: { truncated: boolean; elements: string } | null }
>;

// --- an entity's facts -------------------------------------------------------------------------

export interface Source {
  key: string;
  repository: string | null;
  path: string | null;
  commit: string | null;
}

export interface Claim {
  type: string;
  role: string | null;
  seat: string | null;
  since: string | null;
  until: string | null;
  observedAt: string | null;
  line: number | null;
  url: string | null;
  source: Source;
}

export interface RelationEdge {
  node: { key: string; name: string };
  roles: string[];
  since: string | null;
  until: string | null;
  claims: Claim[];
}

export interface Relation {
  totalCount: number;
  edges: RelationEdge[];
}

const CLAIM =
  'claims { type role seat since until observedAt line url source { key repository path commit } }';
// 25 a list: a side panel, not an export. Costs stay far within the limit (checked by a test).
const relation = (field: string) =>
  `${field}(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until ${CLAIM} } }`;

/** The relations the panel lists for each kind, with their headings. */
export const RELATIONS: Record<Kind, { field: string; heading: string; kind: Kind }[]> = {
  PERSON: [
    { field: 'roles', heading: 'Roles', kind: 'BODY' },
    { field: 'affiliations', heading: 'Works for', kind: 'ORGANIZATION' },
    { field: 'projects', heading: 'Maintains', kind: 'PROJECT' },
    { field: 'contributions', heading: 'Contributes to', kind: 'PROJECT' },
  ],
  ORGANIZATION: [
    { field: 'people', heading: 'People', kind: 'PERSON' },
    { field: 'maintainedProjects', heading: 'Projects its people maintain', kind: 'PROJECT' },
    { field: 'originatedProjects', heading: 'Projects it started', kind: 'PROJECT' },
    { field: 'memberships', heading: 'Memberships', kind: 'BODY' },
  ],
  PROJECT: [
    { field: 'maintainers', heading: 'Maintainers', kind: 'PERSON' },
    { field: 'originatedAt', heading: 'Came from', kind: 'ORGANIZATION' },
    { field: 'categories', heading: 'Categories', kind: 'CATEGORY' },
  ],
  BODY: [
    { field: 'members', heading: 'Members', kind: 'PERSON' },
    { field: 'parts', heading: 'Parts', kind: 'BODY' },
    { field: 'partOf', heading: 'Part of', kind: 'BODY' },
  ],
  CATEGORY: [{ field: 'projects', heading: 'Projects', kind: 'PROJECT' }],
};

const ROOT_FIELD: Record<Kind, { field: string; type: string; extra: string }> = {
  PERSON: { field: 'person', type: 'Person', extra: 'handle githubUrl aliases' },
  ORGANIZATION: { field: 'organization', type: 'Organization', extra: 'homepage aliases' },
  PROJECT: { field: 'project', type: 'Project', extra: 'maturity homepage description aliases' },
  BODY: { field: 'body', type: 'Body', extra: 'kind fullName description' },
  CATEGORY: { field: 'category', type: 'Category', extra: 'kind parentName' },
};

export interface EntityFacts {
  key: string;
  name: string;
  handle?: string | null;
  githubUrl?: string | null;
  homepage?: string | null;
  maturity?: string | null;
  description?: string | null;
  fullName?: string | null;
  kind?: string;
  parentName?: string | null;
  aliases?: string[];
  [relation: string]: unknown;
}

export function entityRequest(kind: Kind, key: string, asOf: string | null): Request {
  const root = ROOT_FIELD[kind];
  return {
    name: root.type,
    document: `query ${root.type}($id: ID!, $asOf: Date) {
  entity: ${root.field}(id: $id) {
    key name ${root.extra}
    ${RELATIONS[kind].map((r) => relation(r.field)).join('\n    ')}
  }
}`,
    variables: { id: key, asOf },
  };
}

// --- paths -------------------------------------------------------------------------------------

export interface PathHop {
  type: string;
  direction: 'FORWARD' | 'BACKWARD';
  explanation: string;
  from: Named;
  to: Named;
  claims: { url: string | null; line: number | null; source: { key: string } }[];
}

export interface PathData {
  path: { shortest: { length: number; nodes: Named[]; hops: PathHop[] } | null };
}

const PATH = graphql(
  `
  query Path($from: ID!, $to: ID!, $asOf: Date) {
    path(from: $from, to: $to, asOf: $asOf, maxHops: 4) {
      shortest {
        length
        nodes { ...NamedFields }
        hops {
          type direction explanation
          from { ...NamedFields }
          to { ...NamedFields }
          claims { url line source { key } }
        }
      }
    }
  }
`,
  [NamedFields],
);

// Checked only: the views read PathData.
type _PathFits = Fits<ResultOf<typeof PATH>, PathData>;

export function pathRequest(from: string, to: string, asOf: string | null): Request {
  return {
    name: 'Path',
    document: documentText(PATH),
    variables: { from, to, asOf } satisfies VariablesOf<typeof PATH>,
  };
}

export interface RosterMember {
  node: { key: string; name: string; handle?: string | null };
  roles: string[];
}

export interface RosterData {
  toc: { key: string; name: string; members: { totalCount: number; edges: RosterMember[] } } | null;
  tags: { edges: { node: { key: string; name: string; members: { edges: RosterMember[] } } }[] };
}

const ROSTER = graphql(`
  query Roster($asOf: Date) {
    toc: body(name: "TOC") {
      key name
      members(asOf: $asOf, first: 50) { totalCount edges { node { key name handle } roles } }
    }
    tags: bodies(kind: "TAG", first: 20) {
      edges { node { key name members(asOf: $asOf, first: 20) { edges { node { key name } roles } } } }
    }
  }
`);

type _RosterFits = Fits<ResultOf<typeof ROSTER>, RosterData>;

export function rosterRequest(asOf: string | null): Request {
  return {
    name: 'Roster',
    document: documentText(ROSTER),
    variables: { asOf } satisfies VariablesOf<typeof ROSTER>,
  };
}

export interface SourceSpan {
  key: string;
  kind: string;
  coveredFrom: string | null;
  coveredUntil: string | null;
  stillListed: boolean | null;
}

const SOURCES = graphql(`
  query Sources {
    sources { key kind coveredFrom coveredUntil stillListed }
  }
`);

type _SourcesFits = Fits<ResultOf<typeof SOURCES>, { sources: SourceSpan[] }>;

/** Every source with its span: read once, for the time slider's ends. */
export function sourcesRequest(): Request {
  return { name: 'Sources', document: documentText(SOURCES), variables: {} };
}

// --- what changed about an entity --------------------------------------------------------------

export type ChangeKind = 'AFFILIATION' | 'BODY' | 'LIAISON' | 'MAINTAINER' | 'TAG_ROLE' | 'TOC_SEAT';

export interface Change {
  kind: ChangeKind;
  direction: 'ADDED' | 'REMOVED';
  date: string;
  commit: { hash: string; date: string; message: string; url: string | null; fileUrl: string | null };
  subject: Named;
  object: Named;
  claim: {
    role: string | null;
    seat: string | null;
    since: string | null;
    until: string | null;
    source: { key: string };
  };
}

export interface ChangesData {
  changes: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Change }[];
  };
}

/** The `changes` argument that names each kind of entity; categories have no changes. */
export const CHANGES_ARGUMENT: Partial<Record<Kind, string>> = {
  PERSON: 'person',
  PROJECT: 'project',
  ORGANIZATION: 'organization',
  BODY: 'body',
};

/** A page of 20 changes about one entity between two days (both included), newest first. */
export function changesRequest(
  kind: Kind,
  key: string,
  from: string,
  to: string,
  after: string | null,
): Request | null {
  const argument = CHANGES_ARGUMENT[kind];
  if (!argument) return null;
  const name = `${ROOT_FIELD[kind].type}Changes`;
  return {
    name,
    document: `query ${name}($key: String!, $from: Date!, $to: Date!, $after: String) {
  changes(${argument}: $key, from: $from, to: $to, first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        kind direction date
        commit { hash date message url fileUrl }
        subject { ${NAMED} }
        object { ${NAMED} }
        claim { role seat since until source { key } }
      }
    }
  }
}`,
    variables: { key, from, to, after },
  };
}
