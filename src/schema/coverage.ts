import { createContextCache } from '@pothos/core';
import { historySpans, relationTypes, type SourceSpan, spanCovers } from '../graph/coverage.ts';
import type { RelationName } from '../graph/relations.ts';
import type { Context, CoverageShape } from './builder.ts';

// Read once per request, and only when a query selects coverage.
const spansOf = createContextCache((context: Context) => historySpans(context.graph));

/** The coverage thunk of a relation connection asked for `asOf` (none for "whenever"). */
export function relationCoverage(
  context: Context,
  relation: RelationName,
  asOf: string | null,
): () => Promise<CoverageShape | null> {
  return async () => {
    if (asOf === null) return null;
    const types = relationTypes(relation);
    const spans = (await spansOf(context)).filter((span: SourceSpan) =>
      span.claimTypes.some((type) => types.includes(type)),
    );
    return { asOf, spans: spans.map((span) => ({ span, covers: spanCovers(span, asOf) })) };
  };
}
