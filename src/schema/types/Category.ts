import { findIdByName } from '../../graph/entities.ts';
import { builder } from '../builder.ts';
import { claimEdgeFields, loadRelatedConnections, relationArgs } from '../connections.ts';
import { CategoryRef, ProjectRef } from '../refs.ts';
import { entityFields } from './entity.ts';
import { idOfType } from './ids.ts';

const CategoryProjects = builder.connectionObject(
  { type: ProjectRef, name: 'CategoryProjectConnection', description: 'Projects in a landscape category.' },
  {
    name: 'CategoryProjectEdge',
    description: 'A project in the category.',
    fields: (t) => claimEdgeFields(t),
  },
);

CategoryRef.implement({
  description: 'A CNCF landscape category or subcategory.',
  fields: (t) => ({
    ...entityFields(t),
    kind: t.string({ description: '"category" or "subcategory".', resolve: (c) => c.kind ?? 'category' }),
    parentName: t.string({
      nullable: true,
      description: 'For a subcategory: its category.',
      resolve: (c) => c.category ?? null,
    }),
    projects: t.loadable({
      type: CategoryProjects,
      byPath: true,
      description: 'Projects in it (a category holds its subcategories’ projects).',
      args: relationArgs(t.arg),
      load: (keys: string[], context, args) =>
        loadRelatedConnections(context, 'categoryProjects', keys, args) as never,
      resolve: (category) => category.id,
    }),
  }),
});

builder.queryField('category', (t) =>
  t.field({
    type: CategoryRef,
    nullable: true,
    description: 'A landscape category or subcategory by name (any case) or id; null when unknown.',
    args: {
      name: t.arg.string({ description: 'The category’s name.' }),
      id: t.arg.id({ description: 'A Category id (global or readable key).' }),
    },
    resolve: async (_root, args, context) => {
      if (args.id) return idOfType(String(args.id), 'Category');
      if (args.name) return findIdByName(context.graph, 'Category', args.name);
      return null;
    },
  }),
);
