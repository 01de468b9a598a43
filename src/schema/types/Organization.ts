import { countOrganizations, listOrganizations } from '../../graph/entities.ts';
import { listArgs, pageRequest } from '../arguments.ts';
import { builder } from '../builder.ts';
import { entityConnection, relationConnection, relationField } from '../connections.ts';
import { byIdOrName } from '../lookups.ts';
import { reads, readsClaim } from '../projection.ts';
import { BodyRef, OrganizationRef, PersonRef, ProjectRef } from '../refs.ts';
import { entityFields } from './entity.ts';

const OrganizationPeople = relationConnection(
  PersonRef,
  { name: 'OrganizationPersonConnection', description: 'People an organization employs.' },
  {
    name: 'OrganizationPersonEdge',
    description: 'A person and each source’s statement that they work there.',
  },
);

const OrganizationProjects = relationConnection(
  ProjectRef,
  {
    name: 'OrganizationProjectConnection',
    description: 'Projects the organization’s people maintain, or that it started or contributes to.',
  },
  {
    name: 'OrganizationProjectEdge',
    description: 'A project, with the claims that tie it to the organization.',
    fields: (t) => ({
      maintainerCount: t.int({
        // Each claim of this relation comes with its maintainer's id (relations.ts claimExtra).
        extensions: readsClaim([]),
        description: 'For maintained projects: how many of its maintainers this organization employs.',
        resolve: (edge) =>
          new Set(edge.claims.map((claim) => claim.maintainerId).filter((id): id is string => Boolean(id)))
            .size,
      }),
    }),
  },
);

const OrganizationMemberships = relationConnection(
  BodyRef,
  {
    name: 'OrganizationMembershipConnection',
    description: 'Bodies the organization is a member of.',
  },
  {
    name: 'OrganizationMembershipEdge',
    description: 'A membership (the CNCF, with its tier and join date).',
  },
);

OrganizationRef.implement({
  description: 'A company or other organization: employer of maintainers, CNCF member, origin of projects.',
  fields: (t) => ({
    ...entityFields(t),
    homepage: t.string({
      extensions: reads('homepage'),
      nullable: true,
      description: 'Its homepage.',
      resolve: (o) => o.homepage ?? null,
    }),
    crunchbase: t.string({
      extensions: reads('crunchbase'),
      nullable: true,
      description: 'Its Crunchbase page, as the landscape gives it.',
      resolve: (o) => o.crunchbase ?? null,
    }),
    anonymous: t.boolean({
      extensions: reads('anonymous'),
      description:
        'True for a CNCF member the landscape lists without its name, under a placeholder such as “Non-Public Organization Bear” (key org:anonymous:bear): it counts in its tier and is listed among the members, but lookups by name, name filters and search never find it.',
      resolve: (o) => o.anonymous ?? false,
    }),
    people: t.field({
      type: OrganizationPeople,
      description: 'People who work there (as of a day).',
      ...relationField(t.arg, 'organizationPeople'),
    }),
    maintainedProjects: t.field({
      type: OrganizationProjects,
      description: 'Projects maintained by people listed with this employer for that project (as of a day).',
      ...relationField(t.arg, 'organizationMaintainedProjects'),
    }),
    originatedProjects: t.field({
      type: OrganizationProjects,
      description: 'Projects that came from this organization.',
      ...relationField(t.arg, 'organizationOriginatedProjects'),
    }),
    contributions: t.field({
      type: OrganizationProjects,
      description: 'Projects it contributes to as an organization.',
      ...relationField(t.arg, 'organizationContributions'),
    }),
    memberships: t.field({
      type: OrganizationMemberships,
      description: 'Its memberships: the CNCF tier and join date (as of a day).',
      ...relationField(t.arg, 'organizationMemberships'),
    }),
  }),
});

const OrganizationFilter = builder.inputType('OrganizationFilter', {
  description: 'Which organizations to list.',
  fields: (t) => ({
    nameContains: t.string({
      description: 'Part of the name, any case (never an anonymous member’s placeholder).',
    }),
    tier: t.string({
      description:
        'CNCF membership tier (Platinum, Gold, Silver, …), any case; anonymous members of the tier included.',
    }),
  }),
});

const OrganizationConnection = builder.connectionObject(
  { type: OrganizationRef, name: 'OrganizationConnection', description: 'A page of organizations.' },
  { name: 'OrganizationEdge', description: 'An organization in a list.' },
);

builder.queryField('organization', (t) =>
  t.field({
    type: OrganizationRef,
    nullable: true,
    description:
      'An organization by name (any case or spelling variant) or by id; null when unknown. An anonymous member is found by id only.',
    args: {
      name: t.arg.string({ description: 'The organization’s name.' }),
      id: t.arg.id({ description: 'An Organization id (global or readable key).' }),
    },
    resolve: byIdOrName('Organization'),
  }),
);

builder.queryField('organizations', (t) =>
  t.field({
    type: OrganizationConnection,
    description: 'Organizations by name, a page at a time.',
    args: {
      filter: t.arg({ type: OrganizationFilter, description: 'Which organizations.' }),
      ...listArgs(t.arg),
    },
    resolve: async (_root, args, context, info) => {
      const page = pageRequest(args);
      const filter = { nameContains: args.filter?.nameContains ?? null, tier: args.filter?.tier ?? null };
      return await entityConnection(
        info,
        context,
        (shape) => listOrganizations(context.graph, filter, page, shape),
        () => countOrganizations(context.graph, filter),
      );
    },
  }),
);
