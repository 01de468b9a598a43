import {
  CHANGE_TYPES,
  type ChangeRecord,
  type ChangeType,
  countChanges,
  listChanges,
} from '../../graph/changes.ts';
import { encodeCursor } from '../../graph/paging.ts';
import { listArgs, pageRequest } from '../arguments.ts';
import { builder } from '../builder.ts';
import { ClaimRef, connection } from '../connections.ts';
import { userInputError } from '../errors.ts';
import { idByName, personByHandle } from '../lookups.ts';
import { EntityRef } from '../refs.ts';
import { CommitRef } from './Commit.ts';

/**
 * `changes`: what the governance files' histories say changed between two days, newest first, each
 * with the commit that changed it. Read from the claims' own start and end (graph/changes.ts).
 */

const KINDS: Record<ChangeType, [string, string, string]> = {
  MAINTAINS: [
    'MAINTAINER',
    'A maintainer was added to or removed from a project (project-maintainers.csv).',
    'maintainers',
  ],
  AFFILIATED_WITH: [
    'AFFILIATION',
    'The organization a line names for a person began or ended.',
    'affiliations',
  ],
  SERVES_ON: [
    'TOC_SEAT',
    'A TOC seat (member or alternate, with its term) was listed or delisted.',
    'TOC seats',
  ],
  LEADS: [
    'TAG_ROLE',
    'A chair, tech lead or lead of a TAG, TCG, subproject or working group was listed or delisted.',
    'TAG roles',
  ],
  LIAISON_FOR: ['LIAISON', 'A TOC liaison to a TAG or subproject was listed or delisted.', 'liaisons'],
  PART_OF: [
    'BODY',
    'A TAG, subproject or working group was listed under the TOC or a TAG, or delisted.',
    'bodies',
  ],
};

const ChangeKind = builder.enumType('ChangeKind', {
  description: 'What kind of fact changed.',
  values: Object.fromEntries(
    CHANGE_TYPES.map((type) => [KINDS[type][0], { value: type, description: KINDS[type][1] }]),
  ) as Record<string, { value: ChangeType; description: string }>,
});

const ChangeDirection = builder.enumType('ChangeDirection', {
  description: 'Whether the fact began or ended with the change.',
  values: {
    ADDED: { value: 'ADDED', description: 'A commit added the line: the fact holds from that day.' },
    REMOVED: {
      value: 'REMOVED',
      description: 'A commit removed the line: the fact no longer holds from that day.',
    },
  } as const,
});

const Change = builder.objectRef<ChangeRecord>('Change').implement({
  description:
    'One fact that began or ended because a commit changed a governance file: who, what, when, and the commit that says so.',
  fields: (t) => ({
    kind: t.field({ type: ChangeKind, description: 'What kind of fact.', resolve: (c) => c.type }),
    direction: t.field({
      type: ChangeDirection,
      description: 'Began or ended.',
      resolve: (c) => c.direction,
    }),
    date: t.field({ type: 'Date', description: 'The commit’s day (UTC).', resolve: (c) => c.date }),
    commit: t.field({
      type: CommitRef,
      description: 'The commit that made the change, with its message’s first line and a link.',
      resolve: (c) => ({ commit: c.commit, date: c.date, subject: c.subject, source: c.claim.source }),
    }),
    subject: t.field({
      type: EntityRef,
      description: 'The entity the fact is about: the person (or, for a body, the TAG or subproject).',
      resolve: (c) => c.start,
    }),
    object: t.field({
      type: EntityRef,
      description: 'The other end: the project, organization or body.',
      resolve: (c) => c.end,
    }),
    claim: t.field({
      type: ClaimRef,
      description: 'The claim that began or ended, with its source, line, dates and roles.',
      resolve: (c) => c.claim,
    }),
  }),
});

const ChangeConnection = builder.connectionObject(
  { type: Change, name: 'ChangeConnection', description: 'A page of changes, newest first.' },
  { name: 'ChangeEdge', description: 'A change in a list.' },
);

const MAX_SPAN_DAYS = 366 * 12;

builder.queryField('changes', (t) =>
  t.field({
    type: ChangeConnection,
    description:
      'What changed in the CNCF governance files between two days (both included), newest first: maintainers added or removed, affiliations begun or ended, TOC seats and TAG roles listed or delisted — each with the commit, its day, its message and a link. Only files read through their history (see `sources`, kind "history") have changes; a day outside their covered span has none to show.',
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'The first day.' }),
      to: t.arg({ type: 'Date', required: true, description: 'The last day.' }),
      kinds: t.arg({ type: [ChangeKind], description: 'Only these kinds of fact (default: all).' }),
      direction: t.arg({ type: ChangeDirection, description: 'Only additions or only removals.' }),
      project: t.arg.string({ description: 'Only changes about this project (name or key).' }),
      person: t.arg.string({ description: 'Only changes about this person (GitHub handle or key).' }),
      organization: t.arg.string({ description: 'Only changes about this organization (name or key).' }),
      body: t.arg.string({
        description: 'Only changes about this body (name or key): "TOC", "TAG Security", …',
      }),
      ...listArgs(t.arg),
    },
    resolve: async (_root, args, context) => {
      if (args.to < args.from) throw userInputError(`to (${args.to}) is before from (${args.from})`, 'to');
      const span = (Date.parse(args.to) - Date.parse(args.from)) / 86_400_000;
      if (span > MAX_SPAN_DAYS)
        throw userInputError(`from and to may be at most ${MAX_SPAN_DAYS} days apart`, 'to');
      const page = pageRequest(args);
      const entityIds: string[] = [];
      const wanted: [string | null | undefined, string, () => Promise<string | null>][] = [
        [args.project, 'project:', () => idByName(context, 'Project', args.project ?? '')],
        [args.person, 'person:', async () => (await personByHandle(context, args.person ?? ''))?.id ?? null],
        [args.organization, 'org:', () => idByName(context, 'Organization', args.organization ?? '')],
        [args.body, 'body:', () => idByName(context, 'Body', args.body ?? '')],
      ];
      for (const [value, prefix, find] of wanted) {
        if (!value) continue;
        // An unknown entity matches nothing rather than everything.
        entityIds.push(value.startsWith(prefix) ? value : ((await find()) ?? `${prefix}-`));
      }
      const filter = {
        from: args.from,
        to: args.to,
        types: args.kinds && args.kinds.length > 0 ? args.kinds : [...CHANGE_TYPES],
        direction: args.direction ?? null,
        entityIds,
      };
      const result = await listChanges(context.graph, filter, page);
      const edges = result.items.map((node) => ({ node, cursor: encodeCursor(node.sortKey, node.id) }));
      return connection(edges, result, () => countChanges(context.graph, filter));
    },
  }),
);
