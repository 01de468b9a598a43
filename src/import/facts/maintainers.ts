import type { HandleSighting } from '../identity.ts';
import type { MaintainerRow, ParseResult } from '../rows.ts';
import type { FactsBuilder } from './builder.ts';

export function maintainerSightings(rows: MaintainerRow[], sourceId: string): HandleSighting[] {
  return rows.flatMap((row) =>
    row.name && row.handle
      ? [
          {
            name: row.name,
            handle: row.handle,
            organization: row.company,
            bodyIds: [],
            via: `${sourceId}#L${row.line}`,
          },
        ]
      : [],
  );
}

/**
 * One maintainer line gives: the person maintains the project (within a sub-group where named), and
 * works for the company *as listed for that project*: the same person may be listed with different
 * employers under different projects, so the affiliation claim carries the project it was stated for.
 */
export function maintainerFacts(
  parsed: ParseResult<MaintainerRow>,
  observedAt: string,
  builder: FactsBuilder,
): void {
  for (const row of parsed.rows) {
    if (!row.name && !row.handle) continue;
    const { ref: person, resolution } = builder.person({
      name: row.name ?? (row.handle as string),
      handle: row.handle,
      organization: row.company,
    });
    const project = builder.project(row.project, { cncf: true });
    builder.claim('MAINTAINS', person, project, row.line, {
      group: row.subgroup,
      // Which organization the line names (null for none or "Independent"): read through a file's
      // history, a maintainer's interval ends when the employer changes, so that the maintainer
      // and affiliation claims of a row always start and end together (graph/rows.ts).
      employer: builder.organizationKey(row.company),
      maturityAsListed: row.maturity,
      ownersUrl: row.ownersUrl,
      observedAt,
      ...resolution,
    });
    // With the group as well: a person listed in two groups of a project has two rows, and each
    // row's maintainer and employer claims must pair (graph/rows.ts).
    builder.affiliation(person, row.company, row.line, {
      forProject: project.id,
      group: row.subgroup,
      observedAt,
      ...resolution,
    });
  }
  for (const rejection of parsed.rejected) builder.reject(rejection);
}
