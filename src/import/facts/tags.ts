import { bodyId, TOC_ID } from '../../vocabulary/ids.ts';
import { type HandleSighting, handleSightings } from '../identity.ts';
import type { BodyLeaderRow, ParseResult } from '../rows.ts';
import type { FactsBuilder } from './builder.ts';

export function leaderSightings(rows: BodyLeaderRow[], sourceId: string): HandleSighting[] {
  return handleSightings(
    rows,
    sourceId,
    (row) => row.line,
    // A TOC liaison listed in a TAG's leadership is a TOC member too.
    (row) => (row.role === 'toc-liaison' ? [bodyId(row.body), TOC_ID] : [bodyId(row.body)]),
  );
}

/**
 * Chairs, tech leads and leads of TAGs, TCGs, subprojects and working groups. A TOC liaison named in a
 * TAG's own leadership list becomes a LIAISON_FOR claim, like the TOC-side liaison lists.
 */
export function leaderFacts(
  parsed: ParseResult<BodyLeaderRow>,
  observedAt: string,
  builder: FactsBuilder,
): void {
  for (const row of parsed.rows) {
    const body = builder.body(row.body, row.bodyKind);
    if (row.parentBody)
      builder.claim('PART_OF', body, builder.body(row.parentBody, 'TAG'), row.line, { observedAt });
    const { ref: person, resolution } = builder.person({
      name: row.name,
      handle: row.handle,
      organization: row.company,
      bodyId: body.id,
    });
    if (row.role === 'toc-liaison') {
      builder.claim('LIAISON_FOR', person, body, row.line, {
        observedAt,
        since: row.since,
        until: row.until,
        ...resolution,
      });
    } else {
      builder.claim('LEADS', person, body, row.line, {
        role: row.role,
        emeritus: row.emeritus,
        since: row.since,
        until: row.until,
        observedAt,
        ...resolution,
      });
    }
    builder.affiliation(person, row.company, row.line, { observedAt, ...resolution });
  }
  for (const rejection of parsed.rejected) builder.reject(rejection);
}
