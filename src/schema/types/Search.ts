import { searchEntities } from '../../graph/entities.ts';
import { builder } from '../builder.ts';
import { toClientError, userInputError } from '../errors.ts';
import { EntityRef } from '../refs.ts';

export const EntityKind = builder.enumType('EntityKind', {
  description: 'The kinds of entity the graph holds.',
  values: {
    PERSON: { value: 'Person', description: 'A person.' },
    ORGANIZATION: { value: 'Organization', description: 'An organization.' },
    PROJECT: { value: 'Project', description: 'A project.' },
    BODY: { value: 'Body', description: 'A CNCF body.' },
    CATEGORY: { value: 'Category', description: 'A landscape category.' },
  } as const,
});

const SearchHit = builder
  .objectRef<{ entity: import('../../graph/entities.ts').EntityRecord; score: number }>('SearchHit')
  .implement({
    description: 'A search result.',
    fields: (t) => ({
      kind: t.field({
        type: EntityKind,
        description: 'What kind of entity it is.',
        resolve: (hit) => hit.entity.label as never,
      }),
      score: t.exposeFloat('score', { description: 'Relevance; higher is better.' }),
      entity: t.field({ type: EntityRef, description: 'The entity.', resolve: (hit) => hit.entity }),
    }),
  });

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHit],
    description:
      'Entities of every kind whose name or another spelling matches the words, best first. The text is taken as plain words (no query syntax); the last word also matches as a prefix.',
    args: {
      text: t.arg.string({ required: true, description: 'Words to look for.' }),
      first: t.arg.int({ description: 'How many hits (1–50, default 10).' }),
    },
    resolve: async (_root, args, context) => {
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > 50)
        throw userInputError('first must be between 1 and 50', 'first');
      try {
        return await searchEntities(context.graph, args.text, first);
      } catch (error) {
        throw toClientError(error);
      }
    },
  }),
);
