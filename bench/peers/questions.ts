/**
 * The questions of the peer benchmark, each asked of three sides: this service (Pothos), the
 * @neo4j/graphql peer (neo4j-graphql.ts) and hand-written Cypher (raw.ts), with a normaliser per side
 * that maps its answer to one comparable shape (sorted arrays of strings, or a small record).
 *
 * Semantics, so that the comparison is fair:
 * - This service answers "as of a day" (default today); the peer knows no such rule, it sees every
 *   claim. So nested questions ask this service with `asOf: null` ("whenever": every claim), which
 *   is what the peer and the raw Cypher read.
 * - The peer lists one item per relationship: a maintainer listed by two snapshots (2021 and 2026)
 *   comes twice. Its normalisers deduplicate; its `totalCount` on a nested connection counts claims,
 *   not people, so the totalCount question is asked at the top level, where both count nodes.
 * - The TOC on a day: this service applies its full rule (src/graph/time.ts: open-ended claims closed
 *   by another source's end, snapshots, emeritus listings). The peer can filter SERVES_ON by
 *   `since`/`until` but cannot close an open-ended claim by another claim of the same pair, so the
 *   sides are compared on dated SERVES_ON claims only (this service's answer is narrowed to members
 *   holding a dated SERVES_ON claim that covers the day).
 * - Shortest paths: the peer cannot express one (its generated API walks declared fields only), so
 *   that question has no peer side; the neighbourhood question (one hop) is compared on all three.
 */
import type { Raw, Row } from './raw.ts';
import * as raw from './raw.ts';

export interface Ask {
  query: string;
  variables?: Record<string, unknown>;
}

export interface Question {
  name: string;
  /** A few words for tables and the chart. */
  label: string;
  /** A nested question (the target there is 0.9× the raw driver's throughput at the highest connection count). */
  nested: boolean;
  /** This service's query. */
  service: Ask;
  /** The peer's query; null when the peer cannot express the question (and why, in `note`). */
  peer: Ask | null;
  raw: (side: Raw) => Promise<Row[]>;
  normalise: {
    service: (data: unknown) => unknown;
    peer: (data: unknown) => unknown;
    raw: (rows: Row[]) => unknown;
  };
  note?: string;
}

/** `value.k1.k2…`, or undefined where a step is missing. */
export function at(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** Sorted, deduplicated strings. */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Join a tuple, leaving out trailing empty members (a leaf with nothing below it). */
function tuple(...parts: unknown[]): string {
  const strings = parts.map(str);
  while (strings.length > 1 && strings.at(-1) === '') strings.pop();
  return strings.join(' | ');
}

/** Leaf tuples of a nested answer: `children` gives each level's items and its label. */
function leaves(
  items: unknown[],
  levels: { label: (item: unknown) => string; children?: (item: unknown) => unknown[] }[],
  prefix: string[] = [],
): string[] {
  const [level, ...rest] = levels;
  if (!level) return [tuple(...prefix)];
  if (items.length === 0) return [tuple(...prefix)];
  return items.flatMap((item) => {
    const here = [...prefix, level.label(item)];
    const below = level.children ? level.children(item) : [];
    return rest.length === 0 ? [tuple(...here)] : leaves(below, rest, here);
  });
}

const RELS = ['MAINTAINS', 'AFFILIATED_WITH', 'SERVES_ON'];
const LOOKUP = 'Kubernetes';
// Not Kubernetes: it has more maintainers than this service's largest page (100), and paging is
// left for later.
const NESTED = ['Prometheus', 'Envoy', 'containerd', 'etcd', 'Helm'];
// One small project: this service refuses a nested query whose estimated cost (page sizes
// multiplied) exceeds 50 000, so the pages below are kept small (and checked against the raw answer).
const THREE_LEVELS = ['containerd'];
const TOC_DAY = '2021-06-01';
const PERSON = 'person:gh:resouer';
const OTHER = 'person:gh:thockin';

export const questions: Question[] = [
  {
    name: 'lookup: a project by name',
    label: 'lookup',
    nested: false,
    service: {
      query: 'query ($name: String!) { project(name: $name) { name cncf maturity } }',
      variables: { name: LOOKUP },
    },
    peer: {
      query: 'query ($name: String!) { projects(where: { name: { eq: $name } }) { name cncf maturity } }',
      variables: { name: LOOKUP },
    },
    raw: (side) => raw.projectByName(side, LOOKUP),
    normalise: {
      service: (data) => project(at(data, 'project')),
      peer: (data) => project(at(data, 'projects', 0)),
      raw: (rows) => project(rows[0]),
    },
    note: 'This service forgives case and aliases; the peer and the raw query match the exact name.',
  },
  {
    name: 'filtered list: 50 graduated projects by name',
    label: 'list of 50',
    nested: false,
    service: {
      query: `{ projects(filter: { maturity: GRADUATED }, first: 50, orderBy: NAME) { edges { node { name } } } }`,
    },
    peer: {
      query: `{ projects(where: { maturity: { eq: "graduated" } }, sort: [{ name: ASC }], limit: 50) { name } }`,
    },
    raw: (side) => raw.projectsByMaturity(side, 'graduated', 50),
    normalise: {
      service: (data) =>
        sortedSet(list(at(data, 'projects', 'edges')).map((e) => str(at(e, 'node', 'name')))),
      peer: (data) => sortedSet(list(at(data, 'projects')).map((p) => str(at(p, 'name')))),
      raw: (rows) => sortedSet(rows.map((r) => str(r.name))),
    },
    note:
      'Compared as sets: the peer sorts by name case-sensitively (etcd after Vitess), this service and the ' +
      'raw query case-insensitively. The sets agree while there are at most 50 graduated projects.',
  },
  {
    name: 'two levels: projects → maintainers',
    label: 'two levels',
    nested: true,
    service: {
      query: `{ ${NESTED.map(
        (name, i) =>
          `p${i}: project(name: "${name}") { name maintainers(asOf: null, first: 100) { edges { node { key } } } }`,
      ).join(' ')} }`,
    },
    peer: {
      query:
        'query ($names: [String!]) { projects(where: { name: { in: $names } }) { name maintainers { id } } }',
      variables: { names: NESTED },
    },
    raw: (side) => raw.projectMaintainers(side, NESTED),
    normalise: {
      service: (data) =>
        sortedSet(
          leaves(Object.values(data as Record<string, unknown>), [
            { label: (p) => str(at(p, 'name')), children: (p) => list(at(p, 'maintainers', 'edges')) },
            { label: (e) => str(at(e, 'node', 'key')) },
          ]),
        ),
      peer: (data) =>
        sortedSet(
          leaves(list(at(data, 'projects')), [
            { label: (p) => str(at(p, 'name')), children: (p) => list(at(p, 'maintainers')) },
            { label: (m) => str(at(m, 'id')) },
          ]),
        ),
      raw: (rows) => sortedSet(rows.map((r) => tuple(r.project, r.person))),
    },
  },
  {
    name: 'three levels: projects → maintainers → organizations → their maintained projects',
    label: 'three levels',
    nested: true,
    service: {
      query: `{ ${THREE_LEVELS.map(
        (name, i) =>
          `p${i}: project(name: "${name}") { name maintainers(asOf: null, first: 30) { edges { node { key
            affiliations(asOf: null, first: 5) { edges { node { name
              maintainedProjects(asOf: null, first: 100) { edges { node { name } } } } } } } } } }`,
      ).join(' ')} }`,
    },
    peer: {
      query: `query ($names: [String!]) { projects(where: { name: { in: $names } }) { name
        maintainers { id affiliatedWith { name maintainedProjects { name } } } } }`,
      variables: { names: THREE_LEVELS },
    },
    raw: (side) => raw.projectMaintainerOrgProjects(side, THREE_LEVELS),
    normalise: {
      service: (data) =>
        sortedSet(
          leaves(Object.values(data as Record<string, unknown>), [
            { label: (p) => str(at(p, 'name')), children: (p) => list(at(p, 'maintainers', 'edges')) },
            {
              label: (e) => str(at(e, 'node', 'key')),
              children: (e) => list(at(e, 'node', 'affiliations', 'edges')),
            },
            {
              label: (e) => str(at(e, 'node', 'name')),
              children: (e) => list(at(e, 'node', 'maintainedProjects', 'edges')),
            },
            { label: (e) => str(at(e, 'node', 'name')) },
          ]),
        ),
      peer: (data) =>
        sortedSet(
          leaves(list(at(data, 'projects')), [
            { label: (p) => str(at(p, 'name')), children: (p) => list(at(p, 'maintainers')) },
            { label: (m) => str(at(m, 'id')), children: (m) => list(at(m, 'affiliatedWith')) },
            { label: (o) => str(at(o, 'name')), children: (o) => list(at(o, 'maintainedProjects')) },
            { label: (q) => str(at(q, 'name')) },
          ]),
        ),
      raw: (rows) => sortedSet(rows.map((r) => tuple(r.project, r.person, r.organization, r.maintained))),
    },
    note:
      '"Organization" here is every organization the maintainer is affiliated with (all claims), on all ' +
      'three sides; the peer needs a @cypher field for "projects its people maintain for it".',
  },
  {
    name: `the TOC as of ${TOC_DAY} (dated SERVES_ON claims only)`,
    label: 'TOC as of a day',
    nested: false,
    service: {
      query: `query ($day: Date) { body(name: "TOC") { members(asOf: $day, first: 100) { edges {
        node { key } claims { type since until listedUntil } } } } }`,
      variables: { day: TOC_DAY },
    },
    peer: {
      query: `query ($day: String) { bodies(where: { name: { eq: "TOC" } }) {
        membersConnection(where: { edge: { since: { lte: $day }, AND: [
          { OR: [{ until: { gt: $day } }, { until: { eq: null } }] },
          { OR: [{ listedUntil: { gt: $day } }, { listedUntil: { eq: null } }] } ] } }) {
          edges { node { id } } } } }`,
      variables: { day: TOC_DAY },
    },
    raw: (side) => raw.datedMembersOn(side, 'TOC', TOC_DAY),
    normalise: {
      // This service's members on the day, narrowed to those with a dated SERVES_ON claim covering it.
      service: (data) =>
        sortedSet(
          list(at(data, 'body', 'members', 'edges'))
            .filter((e) =>
              list(at(e, 'claims')).some((c) => {
                const since = at(c, 'since') as string | null;
                const until = at(c, 'until') as string | null;
                const listedUntil = at(c, 'listedUntil') as string | null;
                return (
                  at(c, 'type') === 'SERVES_ON' &&
                  since !== null &&
                  since <= TOC_DAY &&
                  (!until || TOC_DAY < until) &&
                  (!listedUntil || TOC_DAY < listedUntil)
                );
              }),
            )
            .map((e) => str(at(e, 'node', 'key'))),
        ),
      peer: (data) =>
        sortedSet(
          list(at(data, 'bodies', 0, 'membersConnection', 'edges')).map((e) => str(at(e, 'node', 'id'))),
        ),
      raw: (rows) => sortedSet(rows.map((r) => str(r.person))),
    },
    note:
      'The peer filters SERVES_ON claims by since/until and by listedUntil (the day a later version of the ' +
      'file stopped listing the line); it cannot close an open-ended claim by another ' +
      "source's end of the same term (this service's rule), so only dated claims are compared.",
  },
  {
    name: 'connection with totalCount: incubating projects',
    label: 'totalCount',
    nested: false,
    service: { query: '{ projects(filter: { maturity: INCUBATING }) { totalCount } }' },
    peer: { query: '{ projectsConnection(where: { maturity: { eq: "incubating" } }) { totalCount } }' },
    raw: (side) => raw.countByMaturity(side, 'incubating'),
    normalise: {
      service: (data) => Number(at(data, 'projects', 'totalCount')),
      peer: (data) => Number(at(data, 'projectsConnection', 'totalCount')),
      raw: (rows) => Number(rows[0]?.total),
    },
  },
  {
    name: 'neighbourhood: one hop from a person over MAINTAINS, AFFILIATED_WITH, SERVES_ON',
    label: 'neighbourhood',
    nested: false,
    service: {
      query: `query ($id: ID!) { neighbourhood(id: $id, depth: 1, asOf: null, limitPerHop: 200,
        via: [${RELS.join(', ')}]) { truncated nodes { id depth } } }`,
      variables: { id: PERSON },
    },
    peer: {
      query: `query ($id: ID!) { people(where: { id: { eq: $id } }) {
        maintains { id } affiliatedWith { id } servesOn { id } } }`,
      variables: { id: PERSON },
    },
    raw: (side) => raw.neighbours(side, PERSON),
    normalise: {
      service: (data) =>
        sortedSet(
          list(at(data, 'neighbourhood', 'nodes'))
            .filter((n) => at(n, 'depth') === 1)
            .map((n) => str(at(n, 'id'))),
        ),
      peer: (data) => {
        const person = at(data, 'people', 0);
        return sortedSet(
          ['maintains', 'affiliatedWith', 'servesOn'].flatMap((field) =>
            list(at(person, field)).map((n) => str(at(n, 'id'))),
          ),
        );
      },
      raw: (rows) => sortedSet(rows.map((r) => str(r.id))),
    },
    note: 'The peer walks the declared fields of a Person; from another kind of node it needs other fields.',
  },
  {
    name: 'shortest path between two people (length)',
    label: 'shortest path',
    nested: false,
    service: {
      query: `query ($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, asOf: null,
        via: [${RELS.join(', ')}]) { shortest { length } } }`,
      variables: { from: PERSON, to: OTHER },
    },
    peer: null,
    raw: (side) => raw.shortestPathLength(side, PERSON, OTHER),
    normalise: {
      service: (data) => (at(data, 'path', 'shortest', 'length') as number | undefined) ?? null,
      peer: () => null,
      raw: (rows) => (rows[0]?.length as number | null | undefined) ?? null,
    },
    note: '@neo4j/graphql cannot express a shortest path (only declared fields, nested); no peer side.',
  },
];

function project(value: unknown): { name: string; cncf: boolean; maturity: string | null } | null {
  if (value === null || value === undefined) return null;
  return {
    name: str(at(value, 'name')),
    cncf: Boolean(at(value, 'cncf')),
    maturity: (at(value, 'maturity') as string | null | undefined) ?? null,
  };
}
