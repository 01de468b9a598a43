import { bodyId, TOC_ID } from '../../vocabulary/ids.ts';
import type { HandleSighting } from '../identity.ts';
import type { BodyRow, LiaisonRow, ParseResult, TocSeatRow } from '../rows.ts';
import type { FactsBuilder } from './builder.ts';

/** A TOC liaison is a TOC member: the sighting ties the handle to the TOC as well as to the body. */
export function liaisonSightings(rows: LiaisonRow[], sourceId: string): HandleSighting[] {
  return rows.flatMap((row) =>
    row.handle
      ? [
          {
            name: row.name,
            handle: row.handle,
            organization: null,
            bodyIds: [TOC_ID, bodyId(row.body)],
            via: `${sourceId}#L${row.line}`,
          },
        ]
      : [],
  );
}

export function tocSeatFacts(parsed: ParseResult<TocSeatRow>, builder: FactsBuilder): void {
  for (const row of parsed.rows) {
    const { ref: person, resolution } = builder.person({
      name: row.name,
      handle: row.handle,
      bodyId: TOC_ID,
    });
    builder.claim('SERVES_ON', person, builder.toc(), row.line, {
      seat: row.seat,
      chair: row.chair,
      appointedBy: row.appointedBy,
      since: row.since,
      until: row.until,
      untilKind: row.until ? row.untilKind : null,
      termYears: row.termYears,
      partialTerm: row.partialTerm,
      ...resolution,
    });
  }
  for (const rejection of parsed.rejected) builder.reject(rejection);
}

export function liaisonFacts(
  parsed: ParseResult<LiaisonRow>,
  observedAt: string,
  builder: FactsBuilder,
): void {
  for (const row of parsed.rows) {
    const { ref: person, resolution } = builder.person({
      name: row.name,
      handle: row.handle,
      bodyId: TOC_ID,
    });
    const body = builder.body(row.body, row.bodyKind);
    builder.claim('LIAISON_FOR', person, body, row.line, { observedAt, ...resolution });
  }
  for (const rejection of parsed.rejected) builder.reject(rejection);
}

/** Bodies as a file lists them; TAGs, TCGs and TOC subprojects report to the TOC. */
export function bodyFacts(parsed: ParseResult<BodyRow>, observedAt: string, builder: FactsBuilder): void {
  for (const row of parsed.rows) {
    const body = builder.body(row.name, row.kind, {
      description: row.description,
      link: row.link,
      archived: row.archived,
      status: row.status,
    });
    const parent = row.parentBody ? builder.body(row.parentBody, 'TAG') : builder.toc();
    builder.claim('PART_OF', body, parent, row.line, { observedAt, archived: row.archived });
  }
  for (const rejection of parsed.rejected) builder.reject(rejection);
}
