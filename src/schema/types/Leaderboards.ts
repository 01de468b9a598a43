import {
  type LeaderboardRow,
  organizationsByMaintainedProjects,
  peopleByMaintainedProjects,
  projectsByMaintainers,
} from '../../graph/leaderboards.ts';
import type { EntityRecord } from '../../graph/records.ts';
import { asOfDate, relationArgs } from '../arguments.ts';
import { builder } from '../builder.ts';
import { userInputError } from '../errors.ts';
import { OrganizationRef, PersonRef, ProjectRef } from '../refs.ts';
import { Maturity } from './Project.ts';

// Who maintains what, counted for everyone at once on a day and ranked: the questions that took a
// page through every project (or person, or organization) and a script to count (graph/leaderboards.ts).

const MAX_FIRST = 100;
const DEFAULT_FIRST = 20;

const SAME_RULE =
  'Counted by the rules of the fields on each entity (the maintainer lists current on the day; an employer is the organization the same line names), so each figure is what that entity’s own field says.';

// What every entry has, whichever leaderboard it is from.
const LeaderboardEntry = builder.interfaceRef<LeaderboardRow>('LeaderboardEntry').implement({
  description: 'A place on a leaderboard.',
  fields: (t) => ({
    rank: t.exposeInt('rank', {
      description: '1 for the highest count; equal counts share a rank (1, 2, 2, 4).',
    }),
    outOf: t.exposeInt('total', {
      description: 'How many entities the whole leaderboard holds (each with a count of at least one).',
    }),
  }),
});

const ProjectMaintainerCount = builder.objectRef<LeaderboardRow>('ProjectMaintainerCount').implement({
  interfaces: [LeaderboardEntry],
  description:
    'A project with how many people maintain it on the day and how many organizations employ them.',
  fields: (t) => ({
    project: t.field({
      type: ProjectRef,
      description: 'The project.',
      resolve: (row) => row.entity as EntityRecord,
    }),
    maintainers: t.int({
      description: 'Its maintainers on the day.',
      resolve: (row) => row.counts.maintainers ?? 0,
    }),
    organizations: t.int({
      description:
        'The organizations its maintainers’ lines name as their employers (independents count for none).',
      resolve: (row) => row.counts.organizations ?? 0,
    }),
  }),
});

const PersonProjectCount = builder.objectRef<LeaderboardRow>('PersonProjectCount').implement({
  interfaces: [LeaderboardEntry],
  description: 'A person with how many projects they maintain on the day.',
  fields: (t) => ({
    person: t.field({
      type: PersonRef,
      description: 'The person.',
      resolve: (row) => row.entity as EntityRecord,
    }),
    projects: t.int({
      description: 'Projects they maintain on the day.',
      resolve: (row) => row.counts.projects ?? 0,
    }),
  }),
});

const OrganizationProjectCount = builder.objectRef<LeaderboardRow>('OrganizationProjectCount').implement({
  interfaces: [LeaderboardEntry],
  description:
    'An organization with how many projects its people maintain for it on the day, and how many people.',
  fields: (t) => ({
    organization: t.field({
      type: OrganizationRef,
      description: 'The organization.',
      resolve: (row) => row.entity as EntityRecord,
    }),
    projects: t.int({
      description:
        'Projects (at the maturity asked, if any) with at least one maintainer whose line names it.',
      resolve: (row) => row.counts.projects ?? 0,
    }),
    maintainers: t.int({
      description: 'People whose lines name it as their employer on those projects.',
      resolve: (row) => row.counts.maintainers ?? 0,
    }),
  }),
});

const ProjectMaintainerOrder = builder.enumType('ProjectMaintainerOrder', {
  description: 'What projects are ordered by.',
  values: {
    MAINTAINERS: { value: 'maintainers', description: 'How many people maintain it.' },
    ORGANIZATIONS: { value: 'organizations', description: 'How many organizations employ its maintainers.' },
  } as const,
});

function firstOf(args: { first?: number | null }): number {
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw userInputError(`first must be between 1 and ${MAX_FIRST}; got ${first}`, 'first');
  }
  return first;
}

const commonArgs = (t: Parameters<Parameters<typeof builder.queryField>[1]>[0]) => ({
  asOf: relationArgs(t.arg).asOf,
  first: t.arg.int({ description: `How many, from the top (1–${MAX_FIRST}, default ${DEFAULT_FIRST}).` }),
});

builder.queryField('projectsByMaintainers', (t) =>
  t.field({
    type: [ProjectMaintainerCount],
    description: `Projects ordered by how many people maintain them on a day (or by how many organizations employ those people), largest first. ${SAME_RULE}`,
    args: {
      ...commonArgs(t),
      orderBy: t.arg({
        type: ProjectMaintainerOrder,
        defaultValue: 'maintainers',
        description: 'Which count orders them.',
      }),
    },
    resolve: async (_root, args, context) => {
      const first = firstOf(args);
      return await projectsByMaintainers(context.graph, {
        asOf: asOfDate(args, context),
        first,
        by: args.orderBy ?? 'maintainers',
      });
    },
  }),
);

builder.queryField('peopleByMaintainedProjects', (t) =>
  t.field({
    type: [PersonProjectCount],
    description: `People ordered by how many projects they maintain on a day, most first. ${SAME_RULE}`,
    args: commonArgs(t),
    resolve: async (_root, args, context) => {
      const first = firstOf(args);
      return await peopleByMaintainedProjects(context.graph, { asOf: asOfDate(args, context), first });
    },
  }),
);

builder.queryField('organizationsByMaintainedProjects', (t) =>
  t.field({
    type: [OrganizationProjectCount],
    description: `Organizations ordered by how many projects their people maintain for them on a day, most first; with \`maturity\`, only projects at that level on the day (\`maturity: GRADUATED\`: whose people maintain graduated projects). ${SAME_RULE}`,
    args: {
      ...commonArgs(t),
      maturity: t.arg({
        type: Maturity,
        description: 'Only projects at this maturity on the day (today’s maturity when `asOf` is null).',
      }),
    },
    resolve: async (_root, args, context) => {
      const first = firstOf(args);
      return await organizationsByMaintainedProjects(context.graph, {
        asOf: asOfDate(args, context),
        first,
        maturity: args.maturity ?? null,
      });
    },
  }),
);
