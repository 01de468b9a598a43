import { documentText, graphql, operationName, type ResultOf, type VariablesOf } from './graphql.ts';

/**
 * The page's only way to the data: POST /graphql on the page's own origin, the public API and
 * nothing else. Each document is written out here, typed from the schema (graphql.ts: one per kind
 * where kinds differ, since a typed document is a literal), so "open in GraphiQL" can show exactly
 * what a view asked. `$asOf` is always sent (a day, or null for any time): left out, relations would mean
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

// What a view shows of any entity, as a fragment of the typed documents (graphql.ts).
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

const ClaimFields = graphql(`
  fragment ClaimFields on Claim {
    type role seat since until observedAt line url source { key repository path commit }
  }
`);

// One document per kind, written out so that each is typed from the schema (graphql.ts): the
// relations RELATIONS lists for the kind, the first 25 of each on the day (a side panel, not an
// export; costs stay far within the limit, checked by a test).
const ENTITY_DOCUMENTS = {
  PERSON: graphql(
    `
    query Person($id: ID!, $asOf: Date) {
      entity: person(id: $id) {
        key name handle githubUrl aliases
        roles(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        affiliations(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        projects(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        contributions(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
      }
    }
  `,
    [ClaimFields],
  ),
  ORGANIZATION: graphql(
    `
    query Organization($id: ID!, $asOf: Date) {
      entity: organization(id: $id) {
        key name homepage aliases
        people(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        maintainedProjects(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        originatedProjects(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        memberships(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
      }
    }
  `,
    [ClaimFields],
  ),
  PROJECT: graphql(
    `
    query Project($id: ID!, $asOf: Date) {
      entity: project(id: $id) {
        key name maturity homepage description aliases
        maintainers(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        originatedAt(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        categories(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
      }
    }
  `,
    [ClaimFields],
  ),
  BODY: graphql(
    `
    query Body($id: ID!, $asOf: Date) {
      entity: body(id: $id) {
        key name kind fullName description
        members(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        parts(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
        partOf(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
      }
    }
  `,
    [ClaimFields],
  ),
  CATEGORY: graphql(
    `
    query Category($id: ID!, $asOf: Date) {
      entity: category(id: $id) {
        key name kind parentName
        projects(asOf: $asOf, first: 25) { totalCount edges { node { key name } roles since until claims { ...ClaimFields } } }
      }
    }
  `,
    [ClaimFields],
  ),
};

/** What the panel reads of a kind's document: the facts, and each relation RELATIONS lists for it. */
type EntityData<Relations extends string> = { entity: (EntityFacts & Record<Relations, Relation>) | null };
type _EntityFits = [
  Fits<
    ResultOf<typeof ENTITY_DOCUMENTS.PERSON>,
    EntityData<'roles' | 'affiliations' | 'projects' | 'contributions'>
  >,
  Fits<
    ResultOf<typeof ENTITY_DOCUMENTS.ORGANIZATION>,
    EntityData<'people' | 'maintainedProjects' | 'originatedProjects' | 'memberships'>
  >,
  Fits<ResultOf<typeof ENTITY_DOCUMENTS.PROJECT>, EntityData<'maintainers' | 'originatedAt' | 'categories'>>,
  Fits<ResultOf<typeof ENTITY_DOCUMENTS.BODY>, EntityData<'members' | 'parts' | 'partOf'>>,
  Fits<ResultOf<typeof ENTITY_DOCUMENTS.CATEGORY>, EntityData<'projects'>>,
];

export function entityRequest(kind: Kind, key: string, asOf: string | null): Request {
  return {
    name: operationName(ENTITY_DOCUMENTS[kind]),
    document: documentText(ENTITY_DOCUMENTS[kind]),
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

const ChangePage = graphql(
  `
  fragment ChangePage on ChangeConnection {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        kind direction date
        commit { hash date message url fileUrl }
        subject { ...NamedFields }
        object { ...NamedFields }
        claim { role seat since until source { key } }
      }
    }
  }
`,
  [NamedFields],
);

// One per kind that has changes (the argument naming the entity differs), typed as graphql.ts says.
const CHANGES_DOCUMENTS = {
  PERSON: graphql(
    `
    query PersonChanges($key: String!, $from: Date!, $to: Date!, $after: String) {
      changes(person: $key, from: $from, to: $to, first: 20, after: $after) { ...ChangePage }
    }
  `,
    [ChangePage],
  ),
  PROJECT: graphql(
    `
    query ProjectChanges($key: String!, $from: Date!, $to: Date!, $after: String) {
      changes(project: $key, from: $from, to: $to, first: 20, after: $after) { ...ChangePage }
    }
  `,
    [ChangePage],
  ),
  ORGANIZATION: graphql(
    `
    query OrganizationChanges($key: String!, $from: Date!, $to: Date!, $after: String) {
      changes(organization: $key, from: $from, to: $to, first: 20, after: $after) { ...ChangePage }
    }
  `,
    [ChangePage],
  ),
  BODY: graphql(
    `
    query BodyChanges($key: String!, $from: Date!, $to: Date!, $after: String) {
      changes(body: $key, from: $from, to: $to, first: 20, after: $after) { ...ChangePage }
    }
  `,
    [ChangePage],
  ),
};

type _ChangesFits = [
  Fits<ResultOf<typeof CHANGES_DOCUMENTS.PERSON>, ChangesData>,
  Fits<ResultOf<typeof CHANGES_DOCUMENTS.PROJECT>, ChangesData>,
  Fits<ResultOf<typeof CHANGES_DOCUMENTS.ORGANIZATION>, ChangesData>,
  Fits<ResultOf<typeof CHANGES_DOCUMENTS.BODY>, ChangesData>,
];

/** A page of 20 changes about one entity between two days (both included), newest first. */
export function changesRequest(
  kind: Kind,
  key: string,
  from: string,
  to: string,
  after: string | null,
): Request | null {
  if (kind === 'CATEGORY') return null;
  const document = CHANGES_DOCUMENTS[kind];
  return {
    name: operationName(document),
    document: documentText(document),
    variables: { key, from, to, after } satisfies VariablesOf<typeof document>,
  };
}
