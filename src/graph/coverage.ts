import type { GraphExecutor } from '../neo4j/executor.ts';
import { RELATIONS, type RelationName } from './relations.ts';

/**
 * The span of days each file read through its history speaks for (its first parsed version to the
 * newest commit read), and the relationships it states. Before a file's first version, what it would
 * list is unknown, not absent: an answer for such a day says so (schema/types/Coverage.ts).
 */
export interface SourceSpan {
  id: string;
  coveredFrom: string | null;
  coveredUntil: string | null;
  /** The newest version still lists: it speaks past coveredUntil until a newer commit is read. */
  stillListed: boolean;
  claimTypes: string[];
}

const HISTORY_SPANS = `
  MATCH (s:Source {kind: 'history'})
  RETURN s.id AS id, s.coveredFrom AS coveredFrom, s.coveredUntil AS coveredUntil,
         coalesce(s.stillListed, false) AS stillListed, coalesce(s.claimTypes, []) AS claimTypes
  ORDER BY id`;

export function historySpans(graph: GraphExecutor): Promise<SourceSpan[]> {
  return graph.read<SourceSpan & Record<string, unknown>>(HISTORY_SPANS, {}, 'historySpans');
}

/** The relationship types a relation pages through, as its pattern names them. */
export function relationTypes(relation: RelationName): string[] {
  const types = /\[c:([A-Z_|]+)\]/.exec(RELATIONS[relation].match)?.[1];
  return types ? types.split('|') : [];
}

/** Whether `day` lies in the span a source speaks for. */
export function spanCovers(span: SourceSpan, day: string): boolean {
  if (span.coveredFrom === null || day < span.coveredFrom) return false;
  return span.stillListed || span.coveredUntil === null || day < span.coveredUntil;
}
