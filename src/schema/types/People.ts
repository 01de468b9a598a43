import { countPeople, listPeople } from '../../graph/entities.ts';
import { bodyId as bodyIdFromName } from '../../vocabulary/ids.ts';
import { asOfDate, listArgs, pageRequest, relationArgs } from '../arguments.ts';
import { builder } from '../builder.ts';
import { entityConnection } from '../connections.ts';
import { idByName } from '../lookups.ts';
import { PersonRef } from '../refs.ts';

const PersonFilter = builder.inputType('PersonFilter', {
  description: 'Which people to list; every field given must match on the `asOf` day.',
  fields: (t) => ({
    nameContains: t.string({ description: 'Part of the name or handle, any case.' }),
    organization: t.string({ description: 'Works for this organization (name or key).' }),
    body: t.string({ description: 'Has a role in this body (name or key): "TOC", "TAG Security", …' }),
    maintainerOf: t.string({ description: 'Maintains this project (name or key).' }),
  }),
});

const PersonConnection = builder.connectionObject(
  { type: PersonRef, name: 'PersonConnection', description: 'A page of people.' },
  { name: 'PersonEdge', description: 'A person in a list.' },
);

/** A filter value that names an entity: its key as given, or found by name; unknown matches nothing. */
async function resolveKey(
  find: () => Promise<string | null>,
  value: string | null | undefined,
  prefix: string,
): Promise<string | null> {
  if (!value) return null;
  if (value.startsWith(prefix)) return value;
  return (await find()) ?? `${prefix}-`;
}

builder.queryField('people', (t) =>
  t.field({
    type: PersonConnection,
    description: 'People, filtered by organization, body or project on a day, a page at a time, by name.',
    args: {
      filter: t.arg({ type: PersonFilter, description: 'Which people.' }),
      asOf: relationArgs(t.arg).asOf,
      ...listArgs(t.arg),
    },
    resolve: async (_root, args, context, info) => {
      const page = pageRequest(args);
      const graph = context.graph;
      const f = args.filter;
      const filter = {
        nameContains: f?.nameContains ?? null,
        organizationId: await resolveKey(
          () => idByName(context, 'Organization', f?.organization ?? ''),
          f?.organization,
          'org:',
        ),
        bodyId: await resolveKey(
          async () => (await idByName(context, 'Body', f?.body ?? '')) ?? bodyIdFromName(f?.body ?? ''),
          f?.body,
          'body:',
        ),
        projectId: await resolveKey(
          () => idByName(context, 'Project', f?.maintainerOf ?? ''),
          f?.maintainerOf,
          'project:',
        ),
      };
      const asOf = asOfDate(args, context);
      return await entityConnection(
        info,
        context,
        (shape) => listPeople(graph, filter, asOf, page, shape),
        () => countPeople(graph, filter, asOf),
      );
    },
  }),
);
