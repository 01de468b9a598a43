import { searchEntities } from '../../graph/entities.ts';
import { ENTITY_LABELS, type EntityLabel, type EntityRecord } from '../../graph/records.ts';
import { builder } from '../builder.ts';
import { multiplies, size } from '../cost.ts';
import { userInputError } from '../errors.ts';
import { EntityRef } from '../refs.ts';

// The enum's name and description of each kind of entity; the compiler asks for one per kind.
const KINDS = {
  Person: ['PERSON', 'A person.'],
  Organization: ['ORGANIZATION', 'An organization.'],
  Project: ['PROJECT', 'A project.'],
  Body: ['BODY', 'A CNCF body.'],
  Category: ['CATEGORY', 'A landscape category.'],
  MaturityLevel: ['MATURITY_LEVEL', 'A CNCF maturity level (sandbox, incubating, graduated, archived).'],
} as const satisfies Record<EntityLabel, readonly [string, string]>;

export const EntityKind = builder.enumType('EntityKind', {
  description: 'The kinds of entity the graph holds.',
  values: Object.fromEntries(
    ENTITY_LABELS.map((label) => [KINDS[label][0], { value: label, description: KINDS[label][1] }]),
  ) as Record<string, { value: EntityLabel; description: string }>,
});

const SearchHit = builder.objectRef<{ entity: EntityRecord; score: number }>('SearchHit').implement({
  description: 'A search result.',
  fields: (t) => ({
    kind: t.field({
      type: EntityKind,
      description: 'What kind of entity it is.',
      resolve: (hit) => hit.entity.label,
    }),
    score: t.exposeFloat('score', { description: 'Relevance; higher is better.' }),
    entity: t.field({ type: EntityRef, description: 'The entity.', resolve: (hit) => hit.entity }),
  }),
});

const DEFAULT_HITS = 10;

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHit],
    description:
      'Entities of every kind whose name or another spelling matches the words, best first. The text is taken as plain words (no query syntax); the last word also matches as a prefix.',
    args: {
      text: t.arg.string({ required: true, description: 'Words to look for.' }),
      first: t.arg.int({ description: `How many hits (1–50, default ${DEFAULT_HITS}).` }),
    },
    extensions: multiplies((args) => size(args.first, DEFAULT_HITS)),
    resolve: async (_root, args, context) => {
      const first = args.first ?? DEFAULT_HITS;
      if (!Number.isInteger(first) || first < 1 || first > 50)
        throw userInputError('first must be between 1 and 50', 'first');
      return await searchEntities(context.graph, args.text, first);
    },
  }),
);
