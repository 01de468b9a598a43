import { categoryId, maturityLevelId } from '../../vocabulary/ids.ts';
import type { LandscapeParse } from '../parse/landscape.ts';
import type { FactsBuilder } from './builder.ts';

const LEVEL_OF_STEP = {
  accepted: 'sandbox',
  incubating: 'incubating',
  graduated: 'graduated',
  archived: 'archived',
} as const;

/**
 * Landscape items become projects (CNCF-hosted or not) with categories and a dated maturity
 * history; member organizations get their tier and join date.
 */
export function landscapeFacts(parsed: LandscapeParse, observedAt: string, builder: FactsBuilder): void {
  // An item can be listed twice (Kgateway: the CNCF sandbox entry and a plain copy elsewhere); the
  // CNCF-hosted entry goes first so that its properties are the ones the node keeps.
  const cncfFirst = [...parsed.projects.rows].sort(
    (a, b) => Number(b.maturity !== null) - Number(a.maturity !== null),
  );
  for (const row of cncfFirst) {
    const project = builder.project(row.name, {
      cncf: row.maturity !== null,
      maturity: row.maturity,
      description: row.description,
      homepage: row.homepage,
      repoUrl: row.repoUrl,
      crunchbase: row.crunchbase,
    });
    const category = builder.node('Category', categoryId(row.category), row.category, { kind: 'category' });
    const subcategory = builder.node('Category', categoryId(row.category, row.subcategory), row.subcategory, {
      kind: 'subcategory',
      category: row.category,
    });
    builder.claim('SUBCATEGORY_OF', subcategory, category, null, { observedAt });
    builder.claim('IN_CATEGORY', project, subcategory, row.line, { primary: true, observedAt });
    if (row.parentProject) {
      builder.claim('PART_OF', project, builder.project(row.parentProject), row.line, { observedAt });
    }
    for (const period of maturityHistory(row.steps, row.maturity)) {
      const level = builder.node('MaturityLevel', maturityLevelId(period.level), period.level);
      builder.claim('HAS_MATURITY', project, level, row.line, {
        level: period.level,
        since: period.since,
        until: period.until,
        observedAt,
      });
    }
  }

  for (const row of parsed.members.rows) {
    // A member listed under a placeholder ("Non-Public Organization Bear", `unnamed_organization`)
    // still holds its tier: it is loaded, as an anonymous organization (its homepage is the CNCF's).
    const organization = row.nonPublic
      ? builder.anonymousOrganization(row.name)
      : builder.organization(row.name, { homepage: row.homepage, crunchbase: row.crunchbase });
    if (!organization) continue;
    builder.claim('MEMBER_OF', organization, builder.cncf(), row.line, {
      tier: row.tier,
      membership: row.membership,
      endUser: row.endUser,
      since: row.joined,
      observedAt,
    });
  }
  for (const rejection of [...parsed.projects.rejected, ...parsed.members.rejected])
    builder.reject(rejection);
}

const STEP_ORDER: (keyof typeof LEVEL_OF_STEP)[] = ['accepted', 'incubating', 'graduated', 'archived'];

interface MaturityPeriod {
  level: string;
  since: string | null;
  until: string | null;
}

/**
 * Dated steps to periods: each level lasts until the next step. A project accepted on the day it
 * became incubating entered at incubating and was never in the sandbox.
 */
export function maturityHistory(
  steps: { step: keyof typeof LEVEL_OF_STEP; date: string }[],
  current: string | null,
): MaturityPeriod[] {
  // Same-day steps in lifecycle order, so that "accepted and incubating on one day" reads as
  // entering at incubating whatever order the file lists them in.
  const ordered = [...steps].sort(
    (a, b) => a.date.localeCompare(b.date) || STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step),
  );
  const periods: MaturityPeriod[] = [];
  for (const [index, step] of ordered.entries()) {
    const next = ordered[index + 1];
    if (next && next.date === step.date) continue;
    periods.push({ level: LEVEL_OF_STEP[step.step], since: step.date, until: next ? next.date : null });
  }
  // The landscape gives a maturity without a date for a few items; keep the level, undated.
  if (periods.length === 0 && current) periods.push({ level: current, since: null, until: null });
  return periods;
}
