import { TOC_ID } from '../../vocabulary/ids.ts';
import { type HandleSighting, handleSightings } from '../identity.ts';
import type { ParseResult, PersonRow } from '../rows.ts';
import type { FactsBuilder } from './builder.ts';

export function peopleSightings(rows: PersonRow[], sourceId: string): HandleSighting[] {
  return handleSightings(
    rows,
    sourceId,
    (row) => row.line,
    (row) => (row.categories.includes('Technical Oversight Committee') ? [TOC_ID] : []),
  );
}

/**
 * people.json says who held which CNCF role when the file was written (about early 2024; its commit
 * is undated), so each claim carries that date as `observedAt` and says it is approximate.
 * Only names, handles, companies, titles and roles are read: never bios, locations or contacts.
 */
export function peopleFacts(parsed: ParseResult<PersonRow>, observedAt: string, builder: FactsBuilder): void {
  const dated = { observedAt, observedAtApproximate: true };
  for (const row of parsed.rows) {
    const { ref: person, resolution } = builder.person({
      name: row.name,
      handle: row.handle,
      organization: row.company,
    });
    const claim = { ...dated, ...resolution };
    for (const category of row.categories) {
      switch (category) {
        case 'Ambassadors':
          builder.claim('MEMBER_OF', person, builder.ambassadors(), row.line, {
            role: 'ambassador',
            ...claim,
          });
          break;
        case 'Governing Board':
          builder.claim('MEMBER_OF', person, builder.governingBoard(), row.line, {
            role: row.gbRole ?? 'member',
            ...claim,
          });
          break;
        case 'Technical Oversight Committee':
          builder.claim('SERVES_ON', person, builder.toc(), row.line, {
            seat: 'member',
            chair: row.tocRole === 'Chair',
            ...claim,
          });
          break;
        case 'Staff':
          builder.claim('MEMBER_OF', person, builder.cncf(), row.line, {
            role: 'staff',
            title: row.title,
            ...claim,
          });
          break;
        default:
          // End User TAB, Marketing Committee, and whatever the file adds later: a body of its own.
          builder.claim('MEMBER_OF', person, builder.body(category, 'Board'), row.line, {
            role: row.tabRole ?? 'member',
            ...claim,
          });
      }
    }
    builder.affiliation(person, row.company, row.line, claim);
  }
  for (const rejection of parsed.rejected) builder.reject(rejection);
}
