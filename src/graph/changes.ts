import type { GraphExecutor } from '../neo4j/executor.ts';
import { type Page, type PageRequest, pageOrder, pageParameters, toPage, windowCondition } from './paging.ts';
import type { ClaimRecord } from './records.ts';
import { type EntityRecord, entityMap } from './records.ts';

/**
 * What changed in the governance files, read from the claims of their histories: every claim that
 * a commit added (`addedIn`, day `listedFrom`) or removed (`removedIn`, day `listedUntil`) is a
 * change of that day. Nothing is stored twice: a change is a claim's start or end.
 *
 * Not changes: the lines of a file's first version (they held by then, since when is unknown), and
 * listings of former holders (an EMERITUS.md line records an end the roster's removal shows).
 *
 * A maintainer's claim ends and a new one begins when the employer the line names changes (so
 * that maintainer and employer claims share their interval, see rows.ts); such a pair, in one
 * commit, is not a maintainer change, and only the affiliation change shows.
 */

export const CHANGE_TYPES = [
  'MAINTAINS',
  'AFFILIATED_WITH',
  'SERVES_ON',
  'LEADS',
  'LIAISON_FOR',
  'PART_OF',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export interface ChangeFilter {
  from: string;
  to: string;
  types: ChangeType[];
  direction: 'ADDED' | 'REMOVED' | null;
  /** Entity ids; a change must touch every one given (either end, or the project of an affiliation). */
  entityIds: string[];
}

export interface ChangeRecord {
  direction: 'ADDED' | 'REMOVED';
  type: ChangeType;
  date: string;
  commit: string;
  subject: string;
  start: EntityRecord;
  end: EntityRecord;
  claim: ClaimRecord;
  /** The sort key and id the cursor is made of. */
  sortKey: string;
  id: string;
}

// The same maintainer line split only because its employer changed in the same commit.
const EMPLOYER_ONLY = `type(c) = 'MAINTAINS' AND EXISTS {
    MATCH (a)-[o:MAINTAINS]->(b)
    WHERE coalesce(o.group, '') = coalesce(c.group, '') AND o.source = c.source
      AND CASE direction WHEN 'ADDED' THEN o.removedIn = c.addedIn ELSE o.addedIn = c.removedIn END }`;

const CHANGES_MATCHED = `
  MATCH (a:Entity)-[c]->(b:Entity)
  WHERE type(c) IN $types AND c.addedIn IS NOT NULL
    AND ((c.listedFrom >= $from AND c.listedFrom <= $to) OR (c.listedUntil >= $from AND c.listedUntil <= $to))
    AND all(id IN $entityIds WHERE a.id = id OR b.id = id OR c.forProject = id)
    // A listing of former holders (EMERITUS.md, emeritus TAG leaders) records an end that the
    // roster's own removal already shows; it is no change of its own.
    AND NOT coalesce(c.emeritus, false) AND coalesce(c.untilKind, '') <> 'actual'
  UNWIND [d IN ['ADDED', 'REMOVED'] WHERE ($direction IS NULL OR d = $direction)
      // A file's first version lists what already held: its lines are not additions.
      AND CASE d WHEN 'ADDED' THEN NOT coalesce(c.initial, false) AND c.listedFrom >= $from AND c.listedFrom <= $to
                 ELSE c.listedUntil IS NOT NULL AND c.listedUntil >= $from AND c.listedUntil <= $to END] AS direction
  WITH a, b, c, direction
  WHERE NOT (${EMPLOYER_ONLY})
  WITH a, b, c, direction,
       CASE direction WHEN 'ADDED' THEN c.listedFrom ELSE c.listedUntil END AS date,
       CASE direction WHEN 'ADDED' THEN c.addedIn ELSE c.removedIn END AS commit
  // Newest first: the key sorts descending dates ascending (its complement), then by commit.
  WITH a, b, c, direction, date, commit,
       reduce(s = '', ch IN split(date, '') | s + CASE ch WHEN '-' THEN '-' ELSE toString(9 - toInteger(ch)) END)
         + '|' + commit AS sortKey,
       direction + '|' + type(c) + '|' + a.id + '|' + b.id + '|' + c.key AS id`;

const changesQuery = (page: PageRequest) => `${CHANGES_MATCHED}
  WHERE ${windowCondition('sortKey', 'id')}
  RETURN direction, type(c) AS type, date, commit,
         CASE direction WHEN 'ADDED' THEN c.addedSubject ELSE c.removedSubject END AS subject,
         ${entityMap('a')} AS start, ${entityMap('b')} AS end, c {.*, type: type(c)} AS claim, sortKey, id
  ORDER BY ${pageOrder('sortKey', 'id', page)}
  LIMIT $limit`;
// Forward and from the end: the two statements, built once.
const CHANGES = {
  forward: changesQuery({ first: 0, after: null, before: null, fromEnd: false }),
  fromEnd: changesQuery({ first: 0, after: null, before: null, fromEnd: true }),
};

export async function listChanges(
  graph: GraphExecutor,
  filter: ChangeFilter,
  page: PageRequest,
): Promise<Page<ChangeRecord>> {
  const rows = await graph.read<ChangeRecord>(
    page.fromEnd ? CHANGES.fromEnd : CHANGES.forward,
    {
      from: filter.from,
      to: filter.to,
      types: filter.types,
      direction: filter.direction,
      entityIds: filter.entityIds,
      ...pageParameters(page),
    },
    'listChanges',
  );
  return toPage(rows, page);
}

const COUNT_CHANGES = `${CHANGES_MATCHED}
  RETURN count(*) AS count`;

export async function countChanges(graph: GraphExecutor, filter: ChangeFilter): Promise<number> {
  const [row] = await graph.read<{ count: number }>(
    COUNT_CHANGES,
    {
      from: filter.from,
      to: filter.to,
      types: filter.types,
      direction: filter.direction,
      entityIds: filter.entityIds,
    },
    'countChanges',
  );
  return row?.count ?? 0;
}
