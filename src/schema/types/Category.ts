import { builder } from '../builder.ts';
import { relationConnection, relationField } from '../connections.ts';
import { byIdOrName } from '../lookups.ts';
import { reads } from '../projection.ts';
import { CategoryRef, ProjectRef } from '../refs.ts';
import { entityFields } from './entity.ts';

const CategoryProjects = relationConnection(
  ProjectRef,
  { name: 'CategoryProjectConnection', description: 'Projects in a landscape category.' },
  {
    name: 'CategoryProjectEdge',
    description: 'A project in the category.',
  },
);

CategoryRef.implement({
  description: 'A CNCF landscape category or subcategory.',
  fields: (t) => ({
    ...entityFields(t),
    kind: t.string({
      extensions: reads('kind'),
      description: '"category" or "subcategory".',
      resolve: (c) => c.kind ?? 'category',
    }),
    parentName: t.string({
      extensions: reads('category'),
      nullable: true,
      description: 'For a subcategory: its category.',
      resolve: (c) => c.category ?? null,
    }),
    projects: t.field({
      type: CategoryProjects,
      description: 'Projects in it (a category holds its subcategories’ projects).',
      ...relationField(t.arg, 'categoryProjects'),
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
    resolve: byIdOrName('Category'),
  }),
);
