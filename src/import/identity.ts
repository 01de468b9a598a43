import { personIdFromHandle, personIdFromName } from '../vocabulary/ids.ts';
import { organizationKey, personNameKey } from '../vocabulary/normalize.ts';

/** A place where a source names a person together with a GitHub handle. */
export interface HandleSighting {
  name: string;
  handle: string;
  organization: string | null;
  /** Body ids this sighting ties the person to (a TOC liaison sits on the TOC). */
  bodyIds: string[];
  /** `<source id>#L<line>`: where the link between name and handle is written. */
  via: string;
}

/**
 * The sightings of the rows that give a handle: the name and company written beside it, the
 * bodies the row ties the person to, and where (`<source id>#L<line>`).
 */
export function handleSightings<Row extends { name: string; handle: string | null; company: string | null }>(
  rows: readonly Row[],
  sourceId: string,
  lineOf: (row: Row) => number | null,
  bodyIdsOf: (row: Row) => string[],
): HandleSighting[] {
  return rows.flatMap((row) =>
    row.handle
      ? [
          {
            name: row.name,
            handle: row.handle,
            organization: row.company,
            bodyIds: bodyIdsOf(row),
            via: `${sourceId}#L${lineOf(row) ?? 0}`,
          },
        ]
      : [],
  );
}

/** What a person mention in a source gives us to go on. */
export interface PersonMention {
  name: string;
  handle: string | null;
  organization?: string | null;
  bodyId?: string | null;
}

export type ResolvedBy =
  | 'handle-in-source'
  | 'unique-name-match'
  | 'name-and-organization-match'
  | 'name-and-body-match'
  | 'ambiguous-name'
  | 'no-handle-known';

export interface PersonResolution {
  personId: string;
  handle: string | null;
  resolvedBy: ResolvedBy;
  /** The sighting that decided it, for matches; null otherwise. */
  resolvedVia: string | null;
  /** For an ambiguous name: the handles it could be, none of which was chosen. */
  candidates: string[];
}

/** What fact building asks of the people known across sources (facts/builder.ts, facts/memo.ts). */
export interface PeopleLookup {
  resolve(mention: PersonMention): PersonResolution;
  /**
   * Everything `resolve` reads about a name: the sightings under it, in order. Equal strings from
   * two resolvers mean they resolve every mention of that name alike.
   */
  known(name: string): string;
}

/**
 * Resolves people named without a handle (past TOC members, the article) to a handle where another
 * source links that name to one, and says how. A name is only a hint: two maintainers are called
 * Lei Zhang, so when a name has several handles we need a second, independent agreement
 * (organization or body) to pick one, and otherwise keep the mention apart, keyed by name.
 */
export class PersonResolver implements PeopleLookup {
  private readonly byName = new Map<string, HandleSighting[]>();
  private readonly knownByName = new Map<string, string>();

  constructor(sightings: Iterable<HandleSighting>) {
    for (const sighting of sightings) {
      const key = personNameKey(sighting.name);
      if (!key) continue;
      const list = this.byName.get(key) ?? [];
      list.push({ ...sighting, handle: sighting.handle.toLowerCase() });
      this.byName.set(key, list);
    }
  }

  resolve(mention: PersonMention): PersonResolution {
    if (mention.handle) {
      const handle = mention.handle.toLowerCase();
      return {
        personId: personIdFromHandle(handle),
        handle,
        resolvedBy: 'handle-in-source',
        resolvedVia: null,
        candidates: [],
      };
    }
    const sightings = this.sightingsFor(mention.name);
    const handles = distinct(sightings.map((sighting) => sighting.handle));
    if (handles.length === 1) return this.resolved(sightings, 'unique-name-match');

    if (handles.length > 1) {
      const organization = mention.organization ? organizationKey(mention.organization) : null;
      if (organization) {
        const byOrganization = sightings.filter((sighting) =>
          sameOrganization(organizationKey(sighting.organization), organization),
        );
        if (distinct(byOrganization.map((s) => s.handle)).length === 1) {
          return this.resolved(byOrganization, 'name-and-organization-match');
        }
      }
      if (mention.bodyId) {
        const byBody = sightings.filter((sighting) => sighting.bodyIds.includes(mention.bodyId as string));
        if (distinct(byBody.map((s) => s.handle)).length === 1)
          return this.resolved(byBody, 'name-and-body-match');
      }
    }
    return {
      personId: personIdFromName(mention.name),
      handle: null,
      resolvedBy: handles.length > 1 ? 'ambiguous-name' : 'no-handle-known',
      resolvedVia: null,
      candidates: handles.sort(),
    };
  }

  known(name: string): string {
    let known = this.knownByName.get(name);
    if (known === undefined) {
      known = JSON.stringify(
        this.sightingsFor(name).map((s) => [s.handle, s.organization, s.bodyIds, s.via]),
      );
      this.knownByName.set(name, known);
    }
    return known;
  }

  /** Sightings under the name as written and, for two-part names, in the other order ("Zhang Lei"). */
  private sightingsFor(name: string): HandleSighting[] {
    const key = personNameKey(name);
    const parts = key.split(' ');
    const reversed = parts.length === 2 ? `${parts[1]} ${parts[0]}` : null;
    return [...(this.byName.get(key) ?? []), ...(reversed ? (this.byName.get(reversed) ?? []) : [])];
  }

  private resolved(sightings: HandleSighting[], resolvedBy: ResolvedBy): PersonResolution {
    const first = sightings[0] as HandleSighting;
    return {
      personId: personIdFromHandle(first.handle),
      handle: first.handle,
      resolvedBy,
      resolvedVia: first.via,
      candidates: [],
    };
  }
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/** "Alibaba" and "Alibaba Cloud" count as the same employer for telling two namesakes apart. */
function sameOrganization(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= 3 && longer.startsWith(shorter);
}
