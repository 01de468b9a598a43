import { countBodies, listBodies } from '../../graph/entities.ts';
import { bodyId as bodyIdFromName } from '../../vocabulary/ids.ts';
import { listArgs, pageRequest } from '../arguments.ts';
import { builder } from '../builder.ts';
import { entityConnection, relationConnection, relationField } from '../connections.ts';
import { entityByName } from '../lookups.ts';
import { reads } from '../projection.ts';
import { BodyRef, OrganizationRef, PersonRef } from '../refs.ts';
import { entityFields } from './entity.ts';
import { idOfType } from './ids.ts';

const BodyMembers = relationConnection(
  PersonRef,
  { name: 'BodyMemberConnection', description: 'People with a role in a body.' },
  {
    name: 'BodyMemberEdge',
    description:
      'A person and their roles in the body (seat, chair, lead, liaison, member), each with its source.',
  },
);

const BodyMemberOrganizations = relationConnection(
  OrganizationRef,
  {
    name: 'BodyMemberOrganizationConnection',
    description: 'Member organizations of a body.',
  },
  {
    name: 'BodyMemberOrganizationEdge',
    description: 'A member organization and its tier.',
  },
);

const BodyParts = relationConnection(
  BodyRef,
  { name: 'BodyPartConnection', description: 'Bodies within or above a body.' },
  { name: 'BodyPartEdge', description: 'A related body.' },
);

BodyRef.implement({
  description:
    'A CNCF body: the TOC, a TAG, TCG, TOC subproject or working group, the Governing Board, the ambassador programme, the CNCF itself.',
  fields: (t) => ({
    ...entityFields(t),
    kind: t.string({
      extensions: reads('kind'),
      description: 'TOC, TAG, TCG, Subproject, WG, Board, Program or Foundation.',
      resolve: (body) => body.kind ?? 'Body',
    }),
    fullName: t.string({
      extensions: reads('fullName'),
      nullable: true,
      description: 'The name written out.',
      resolve: (b) => b.fullName ?? null,
    }),
    description: t.string({
      extensions: reads('description'),
      nullable: true,
      description: 'Its mission, where given.',
      resolve: (b) => b.description ?? null,
    }),
    archived: t.boolean({
      extensions: reads('archived'),
      description: 'Whether it has been archived.',
      resolve: (b) => b.archived ?? false,
    }),
    members: t.field({
      type: BodyMembers,
      description:
        'People with a role in it on a day (default today): `body(name: "TOC") { members(asOf: "2021-06-01") }` is the TOC of that day.',
      ...relationField(t.arg, 'bodyMembers'),
    }),
    memberOrganizations: t.field({
      type: BodyMemberOrganizations,
      description: 'Member organizations (the CNCF’s members with their tiers).',
      ...relationField(t.arg, 'bodyMemberOrganizations'),
    }),
    parts: t.field({
      type: BodyParts,
      description: 'Bodies within it (the TOC’s TAGs; a TAG’s working groups).',
      ...relationField(t.arg, 'bodyParts'),
    }),
    partOf: t.field({
      type: BodyParts,
      description: 'The bodies it belongs to.',
      ...relationField(t.arg, 'bodyParents'),
    }),
  }),
});

const BodyConnection = builder.connectionObject(
  { type: BodyRef, name: 'BodyConnection', description: 'A page of bodies.' },
  { name: 'BodyEdge', description: 'A body in a list.' },
);

builder.queryField('body', (t) =>
  t.field({
    type: BodyRef,
    nullable: true,
    description:
      'A body by name ("TOC", "TAG App Delivery", "SIG App Delivery", any case) or by id; null when unknown.',
    args: {
      name: t.arg.string({ description: 'The body’s name.' }),
      id: t.arg.id({ description: 'A Body id (global or readable key).' }),
    },
    resolve: async (_root, args, context, info) => {
      if (args.id) return idOfType(String(args.id), 'Body');
      if (!args.name) return null;
      // Bodies go by several names (TAG App Delivery was SIG App Delivery); try the canonical key too.
      return (
        (await entityByName(context, 'Body', args.name, info)) ?? idOfType(bodyIdFromName(args.name), 'Body')
      );
    },
  }),
);

builder.queryField('bodies', (t) =>
  t.field({
    type: BodyConnection,
    description: 'Bodies, a page at a time.',
    args: {
      kind: t.arg.string({
        description: 'Only this kind (TOC, TAG, TCG, Subproject, WG, Board, Program, Foundation).',
      }),
      nameContains: t.arg.string({ description: 'Part of the name, any case.' }),
      ...listArgs(t.arg),
    },
    resolve: async (_root, args, context, info) => {
      const page = pageRequest(args);
      const filter = { kind: args.kind ?? null, nameContains: args.nameContains ?? null };
      return await entityConnection(
        info,
        context,
        (shape) => listBodies(context.graph, filter, page, shape),
        () => countBodies(context.graph, filter),
      );
    },
  }),
);
