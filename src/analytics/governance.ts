/**
 * Who holds a project's maintainership, computed from its maintainers and the employer listed with
 * each for that project. Pure: src/graph/analytics.ts reads the maintainers, this sums them up.
 */

export interface NamedRef {
  id: string;
  name: string;
}

export interface MaintainerEmployers {
  /** The maintainer's id. */
  id: string;
  /** Employers listed with them for the project (on the lines that hold); empty when independent. */
  organizations: NamedRef[];
}

/** An organization, or one independent maintainer standing as a group of their own. */
export interface GovernanceGroup {
  organization: NamedRef | null;
  /** The maintainer's id when the group is one independent maintainer; null for an organization. */
  independentMaintainer: string | null;
  maintainers: number;
  /** `maintainers` over the project's maintainers, 0 … 1. */
  share: number;
}

export interface GovernanceSummary {
  maintainers: number;
  /** Distinct employers listed with them. */
  organizations: number;
  /** Maintainers with no employer on their lines (listed as independent, or no company given). */
  independentMaintainers: number;
  /** The organization employing the most maintainers (ties: by name, then id); null when none does. */
  largest: GovernanceGroup | null;
  /** The fewest groups that together hold at least half of the maintainers, largest first. */
  majority: GovernanceGroup[];
}

export function summarizeGovernance(maintainers: readonly MaintainerEmployers[]): GovernanceSummary {
  // One entry per maintainer, even if the query returned one several times (lines of two snapshots).
  const employersOf = new Map<string, Map<string, NamedRef>>();
  for (const maintainer of maintainers) {
    const employers = employersOf.get(maintainer.id) ?? new Map<string, NamedRef>();
    for (const organization of maintainer.organizations) employers.set(organization.id, organization);
    employersOf.set(maintainer.id, employers);
  }
  const total = employersOf.size;

  const members = new Map<string, { organization: NamedRef; people: Set<string> }>();
  const independents: string[] = [];
  for (const [person, employers] of employersOf) {
    if (employers.size === 0) independents.push(person);
    for (const organization of employers.values()) {
      const group = members.get(organization.id) ?? { organization, people: new Set<string>() };
      group.people.add(person);
      members.set(organization.id, group);
    }
  }

  const share = (count: number) => (total === 0 ? 0 : count / total);
  const candidates = [
    ...[...members.values()]
      .sort(
        (a, b) =>
          b.people.size - a.people.size ||
          a.organization.name.localeCompare(b.organization.name) ||
          compare(a.organization.id, b.organization.id),
      )
      .map((group) => ({ organization: group.organization, independent: null, people: group.people })),
    ...independents
      .sort(compare)
      .map((person) => ({ organization: null, independent: person, people: new Set([person]) })),
  ];
  const toGroup = (candidate: (typeof candidates)[number], count: number): GovernanceGroup => ({
    organization: candidate.organization,
    independentMaintainer: candidate.independent,
    maintainers: count,
    share: share(count),
  });

  const first = candidates[0];
  const largest = first?.organization ? toGroup(first, first.people.size) : null;

  // Greedy: take the group adding the most maintainers not yet covered. When each maintainer has one
  // employer (true on any single day: a line names one company) the groups are disjoint and this is
  // exactly "largest first", which gives the fewest groups. With asOf null a maintainer may be listed
  // with two employers; then it is a good cover, not necessarily the smallest one.
  const majority: GovernanceGroup[] = [];
  const covered = new Set<string>();
  const left = [...candidates];
  while (covered.size * 2 < total && left.length > 0) {
    let best = 0;
    let bestGain = -1;
    left.forEach((candidate, index) => {
      let gain = 0;
      for (const person of candidate.people) if (!covered.has(person)) gain += 1;
      if (gain > bestGain) [best, bestGain] = [index, gain];
    });
    const [chosen] = left.splice(best, 1);
    if (!chosen || bestGain === 0) break;
    for (const person of chosen.people) covered.add(person);
    majority.push(toGroup(chosen, chosen.people.size));
  }

  return {
    maintainers: total,
    organizations: members.size,
    independentMaintainers: independents.length,
    largest,
    majority,
  };
}

// ---------------------------------------------------------------------------------------------

/** The maturity levels a footprint reports, in this order; `other` is "no CNCF maturity that day". */
export const FOOTPRINT_LEVELS = ['graduated', 'incubating', 'sandbox', 'archived', 'other'] as const;
export type FootprintLevelName = (typeof FOOTPRINT_LEVELS)[number];

export interface MaintainedProject {
  project: NamedRef;
  /** The project's maturity on the day; null when it had none (not yet, or never, CNCF-hosted). */
  level: string | null;
  /** The organization's people maintaining it on the day. */
  maintainerIds: string[];
}

export interface FootprintLevel {
  level: FootprintLevelName;
  /** The projects at this level, most maintainers first, then by name. */
  projects: { project: NamedRef; maintainers: number }[];
  /** Distinct people maintaining the level's projects (one person on two projects counts once). */
  maintainers: number;
}

export interface Footprint {
  projects: number;
  maintainers: number;
  levels: FootprintLevel[];
}

export function summarizeFootprint(projects: readonly MaintainedProject[]): Footprint {
  const everyone = new Set<string>();
  const levels = FOOTPRINT_LEVELS.map((level): FootprintLevel => {
    const people = new Set<string>();
    const here = projects.filter((item) => levelName(item.level) === level);
    for (const item of here) for (const id of item.maintainerIds) people.add(id);
    for (const id of people) everyone.add(id);
    return {
      level,
      projects: here
        .map((item) => ({ project: item.project, maintainers: new Set(item.maintainerIds).size }))
        .sort((a, b) => b.maintainers - a.maintainers || a.project.name.localeCompare(b.project.name)),
      maintainers: people.size,
    };
  });
  return {
    projects: new Set(projects.map((item) => item.project.id)).size,
    maintainers: everyone.size,
    levels,
  };
}

function levelName(level: string | null): FootprintLevelName {
  return FOOTPRINT_LEVELS.find((name) => name === level && name !== 'other') ?? 'other';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
