import { builder } from '../builder.ts';
import { employerEdgeFields, relationConnection, relationField } from '../connections.ts';
import { personByHandle } from '../lookups.ts';
import { reads } from '../projection.ts';
import { BodyRef, OrganizationRef, PersonRef, ProjectRef } from '../refs.ts';
import { entityFields } from './entity.ts';
import { idOfType } from './ids.ts';

const PersonProjects = relationConnection(
  ProjectRef,
  { name: 'PersonProjectConnection', description: 'Projects a person maintains.' },
  {
    name: 'PersonProjectEdge',
    description: 'A project the person maintains, with the claims that say so.',
    fields: (t) =>
      employerEdgeFields(
        t,
        'The employer the maintainer list gives for this project (employers can differ by project).',
      ),
  },
);

const PersonContributions = relationConnection(
  ProjectRef,
  {
    name: 'PersonContributionConnection',
    description: 'Projects a person contributes to.',
  },
  {
    name: 'PersonContributionEdge',
    description: 'A project contributed to.',
  },
);

const PersonAffiliations = relationConnection(
  OrganizationRef,
  {
    name: 'PersonAffiliationConnection',
    description: 'Organizations a person works for.',
  },
  {
    name: 'PersonAffiliationEdge',
    description: 'An employer, with each source’s statement (and the project it was stated for).',
  },
);

const PersonRoles = relationConnection(
  BodyRef,
  { name: 'PersonRoleConnection', description: 'Bodies a person has a role in.' },
  {
    name: 'PersonRoleEdge',
    description: 'A body (TOC, TAG, board, programme) and the person’s roles in it.',
  },
);

PersonRef.implement({
  description: 'A person in the cloud-native community: maintainer, TOC member, TAG lead, ambassador, …',
  fields: (t) => ({
    ...entityFields(t),
    handle: t.string({
      extensions: reads('handle'),
      nullable: true,
      description: 'GitHub handle, lower-cased; null for people no source links to one.',
      resolve: (person) => person.handle ?? null,
    }),
    githubUrl: t.string({
      extensions: reads('handle'),
      nullable: true,
      description: 'The GitHub profile.',
      resolve: (person) => (person.handle ? `https://github.com/${person.handle}` : null),
    }),
    projects: t.field({
      type: PersonProjects,
      description: 'Projects the person maintains (as of a day).',
      ...relationField(t.arg, 'personProjects'),
    }),
    contributions: t.field({
      type: PersonContributions,
      description: 'Projects the person contributes or contributed to, beyond maintaining.',
      ...relationField(t.arg, 'personContributions'),
    }),
    affiliations: t.field({
      type: PersonAffiliations,
      description: 'Organizations the person works for (as of a day).',
      ...relationField(t.arg, 'personAffiliations'),
    }),
    roles: t.field({
      type: PersonRoles,
      description: 'TOC seats, TAG leadership, liaison duties and memberships (as of a day).',
      ...relationField(t.arg, 'personRoles'),
    }),
  }),
});

builder.queryField('person', (t) =>
  t.field({
    type: PersonRef,
    nullable: true,
    description: 'A person by GitHub handle (any case, with or without @) or by id; null when unknown.',
    args: {
      handle: t.arg.string({ description: 'GitHub handle.' }),
      id: t.arg.id({ description: 'A Person id (global or readable key).' }),
    },
    resolve: async (_root, args, context) => {
      if (args.id) return idOfType(String(args.id), 'Person');
      if (args.handle) return personByHandle(context, args.handle);
      return null;
    },
  }),
);
