import type { SourceSpan } from '../../graph/coverage.ts';
import { builder, type CoverageShape } from '../builder.ts';
import { SourceRef } from '../refs.ts';

/**
 * `coverage` on every relation connection: which files read through their history speak for the
 * connection's day, so that an answer for a day before the maintainers list existed says "unknown"
 * instead of passing for an empty list.
 */

const SourceCoverage = builder.objectRef<{ span: SourceSpan; covers: boolean }>('SourceCoverage').implement({
  description:
    'A file read through its history, the span of days it speaks for, and whether that includes the day asked.',
  fields: (t) => ({
    source: t.field({ type: SourceRef, description: 'The file.', resolve: (c) => c.span.id }),
    coveredFrom: t.field({
      type: 'Date',
      nullable: true,
      description: 'Its first parsed version’s day.',
      resolve: (c) => c.span.coveredFrom,
    }),
    coveredUntil: t.field({
      type: 'Date',
      nullable: true,
      description: 'The newest commit read, or the day it stopped listing.',
      resolve: (c) => c.span.coveredUntil,
    }),
    covers: t.boolean({ description: 'Whether it speaks for the day asked.', resolve: (c) => c.covers }),
  }),
});

const Coverage = builder.objectRef<CoverageShape>('Coverage').implement({
  description:
    'Which files read through their history speak for the day of an answer. Where none does (a day before the maintainers list’s first version, 2021-07-23, for maintainers), what held is unknown, not absent.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', description: 'The day asked.', resolve: (c) => c.asOf }),
    known: t.boolean({
      description:
        'False when the day is outside the span of every file read through its history that states this relationship: the list is then not evidence that nothing held.',
      resolve: (c) => c.spans.length === 0 || c.spans.some((s) => s.covers),
    }),
    sources: t.field({
      type: [SourceCoverage],
      description: 'Each such file, with its span.',
      resolve: (c) => c.spans,
    }),
  }),
});

builder.globalConnectionField('coverage', (t) =>
  t.field({
    type: Coverage,
    nullable: true,
    description:
      'For a relationship asked as of a day: which files read through their history speak for that day (null for "whenever", and for lists that read no history).',
    resolve: (connection) => connection.coverage?.() ?? null,
  }),
);
