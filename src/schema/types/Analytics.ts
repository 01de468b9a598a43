import { BETWEENNESS_DEFAULTS } from '../../analytics/betweenness.ts';
import type {
  Footprint,
  FootprintLevel,
  GovernanceGroup,
  GovernanceSummary,
  NamedRef,
} from '../../analytics/governance.ts';
import { RANKING_METRICS, RANKING_PROPERTIES } from '../../analytics/metrics.ts';
import {
  type BetweennessComputationRecord,
  footprintByOrganizationIds,
  type GovernanceOverlapRecord,
  type GovernanceRoleRecord,
  governanceByProjectIds,
  LEAD_KINDS,
  listGovernanceOverlap,
  listRankings,
  MAX_SERIES_POINTS,
  type MaintainerCountPoint,
  maintainerSeries,
  type PageRankComputationRecord,
  type RankingComputationRecord,
  type RankingRecord,
  readRankingComputation,
  SUBGROUP_LEAD_KINDS,
} from '../../graph/analytics.ts';
import type { EntityRecord } from '../../graph/records.ts';
import { asOfDate, relationArgs } from '../arguments.ts';
import { builder } from '../builder.ts';
import { multiplies, size } from '../cost.ts';
import { userInputError } from '../errors.ts';
import { BodyRef, OrganizationRef, PersonRef, ProjectRef } from '../refs.ts';

/**
 * Graph analytics: centrality rankings (computed at import by src/analytics/rankings.ts and only read
 * here) and governance figures (computed per request for the day asked about, batched per level of
 * the query by src/graph/analytics.ts).
 */

// ---------------------------------------------------------------------------------------------
// Rankings

const PROJECTION_NOTE =
  'Computed at each import over the graph of people, projects and organizations, in which two are ' +
  'joined when any claim, past or present, says that a person maintains or contributes to a project, ' +
  'that a person works for an organization, or that a project came from, or is contributed to by, an ' +
  'organization; several claims about one pair make one undirected edge.';

const RankingMetric = builder.enumType('RankingMetric', {
  description: `A centrality measure. ${PROJECTION_NOTE}`,
  values: {
    DEGREE: {
      value: 'degree',
      description: 'Degree: how many distinct people, projects and organizations it is joined to.',
    },
    PAGERANK: {
      value: 'pagerank',
      description:
        'PageRank: damping 0.85, edges followed both ways, entities with no edge spreading their score evenly; all scores sum to 1. Iterated until the scores move less than a tolerance in total; `rankingComputation` says whether they did.',
    },
    BETWEENNESS: {
      value: 'betweenness',
      description: `Betweenness: summed over all pairs of other entities, the share of their shortest paths that pass through it. Not normalized. Exact (Brandes’ algorithm) up to ${BETWEENNESS_DEFAULTS.exactUpTo.toLocaleString('en-US')} entities with an edge; above that, estimated from ${BETWEENNESS_DEFAULTS.pivots.toLocaleString('en-US')} sources drawn with a fixed seed, each score within a stated bound of the exact one: \`rankingComputation.betweenness\` says which, and the bound.`,
    },
  } as const,
});

const RankingKind = builder.enumType('RankingKind', {
  description: 'The kinds of entity that are ranked.',
  values: {
    PERSON: { value: 'Person', description: 'People.' },
    PROJECT: { value: 'Project', description: 'Projects.' },
    ORGANIZATION: { value: 'Organization', description: 'Organizations.' },
  } as const,
});

const RankedEntity = builder.unionType('RankedEntity', {
  description: 'An entity that is ranked: a person, project or organization.',
  types: [PersonRef, ProjectRef, OrganizationRef],
  resolveType: (entity) => (entity as EntityRecord).label,
});

const Ranking = builder.objectRef<RankingRecord>('Ranking').implement({
  description: 'An entity’s place by one centrality measure.',
  fields: (t) => ({
    rank: t.exposeInt('rank', {
      description:
        'Its place, 1 for the highest score, among the kind asked for (or among all three kinds). Equal scores share a rank and the next rank skips as many places; ties are listed by key.',
    }),
    score: t.exposeFloat('score', {
      description: 'Its score (PageRank and betweenness rounded to 10 significant digits).',
    }),
    kind: t.field({
      type: RankingKind,
      description: 'What kind of entity it is.',
      resolve: (ranking) => ranking.entity.label,
    }),
    entity: t.field({ type: RankedEntity, description: 'The entity.', resolve: (ranking) => ranking.entity }),
  }),
});

const MAX_RANKINGS = 100;
const DEFAULT_RANKINGS = 10;

builder.queryField('rankings', (t) =>
  t.field({
    type: [Ranking],
    description: `The most central people, projects and organizations by one measure, highest first. ${PROJECTION_NOTE} Empty until an import has run.`,
    args: {
      metric: t.arg({ type: RankingMetric, required: true, description: 'Which measure.' }),
      kind: t.arg({
        type: RankingKind,
        description: 'Only entities of this kind, ranked among themselves; left out: all three kinds.',
      }),
      first: t.arg.int({ description: `How many (1–${MAX_RANKINGS}, default ${DEFAULT_RANKINGS}).` }),
    },
    extensions: multiplies((args) => size(args.first, DEFAULT_RANKINGS)),
    resolve: async (_root, args, context) => {
      const first = args.first ?? DEFAULT_RANKINGS;
      if (!Number.isInteger(first) || first < 1 || first > MAX_RANKINGS) {
        throw userInputError(`first must be between 1 and ${MAX_RANKINGS}; got ${first}`, 'first');
      }
      return await listRankings(context.graph, args.metric, args.kind ?? null, first);
    },
  }),
);

const PageRankComputation = builder.objectRef<PageRankComputationRecord>('PageRankComputation').implement({
  description:
    'How the stored PageRank scores were computed: by power iteration from equal scores, until the scores moved less than the tolerance in total (L1 norm) from one iteration to the next, or an iteration cap was reached.',
  fields: (t) => ({
    converged: t.exposeBoolean('converged', {
      description:
        'Whether the iteration reached the tolerance. False means it stopped at its cap and the scores are not exact to the digits shown; the import logs a warning then.',
    }),
    iterations: t.exposeInt('iterations', { description: 'How many iterations were run.' }),
    change: t.exposeFloat('change', {
      description: 'How much the scores moved in total (L1 norm) in the last iteration.',
    }),
    tolerance: t.exposeFloat('tolerance', {
      description: 'The change below which the iteration counts as converged.',
    }),
  }),
});

const BetweennessComputation = builder
  .objectRef<BetweennessComputationRecord>('BetweennessComputation')
  .implement({
    description:
      'How the stored betweenness scores were computed: exactly (a search from every entity), or, on graphs too large for that, estimated from sources drawn at random (Brandes and Pich, 2007), which is unbiased and within a bound (Hoeffding’s) of the exact score with a stated probability.',
    fields: (t) => ({
      exact: t.exposeBoolean('exact', {
        description: 'True when every score is exact; false when they are estimates within `errorBound`.',
      }),
      pivots: t.exposeInt('pivots', {
        nullable: true,
        description: 'How many sources the estimate searched from; null when exact.',
      }),
      seed: t.exposeInt('seed', {
        nullable: true,
        description: 'The seed of the draw: the same graph and seed give the same scores. Null when exact.',
      }),
      confidence: t.exposeFloat('confidence', {
        nullable: true,
        description:
          'The probability with which each score is within `errorBound` of its exact value; null when exact.',
      }),
      errorBound: t.exposeFloat('errorBound', {
        nullable: true,
        description:
          'How far, at most, each score is from its exact value with probability `confidence`, in the score’s own unit: N (n − 2) / 2 × √(ln(2 / (1 − confidence)) / (2 × pivots)) for n entities, N of them with an edge. A worst case: measured errors are far smaller (bench/results.md). Null when exact.',
      }),
    }),
  });

const RankingComputation = builder.objectRef<RankingComputationRecord>('RankingComputation').implement({
  description: 'How the stored centrality scores were computed at the last import that ranked the graph.',
  fields: (t) => ({
    pagerank: t.expose('pagerank', {
      type: PageRankComputation,
      description: 'How PageRank was computed, and whether it converged.',
    }),
    betweenness: t.expose('betweenness', {
      type: BetweennessComputation,
      description: 'Whether betweenness is exact or estimated, and if estimated, within what.',
    }),
  }),
});

builder.queryField('rankingComputation', (t) =>
  t.field({
    type: RankingComputation,
    nullable: true,
    description:
      'How the stored rankings were computed (whether PageRank converged, whether betweenness is exact); null until an import has ranked the graph.',
    resolve: async (_root, _args, context) => await readRankingComputation(context.graph),
  }),
);

interface CentralityScore {
  score: number;
  rank: number;
  kindRank: number;
}

const CentralityScoreRef = builder.objectRef<CentralityScore>('CentralityScore').implement({
  description: 'A score by one centrality measure and the places it gives.',
  fields: (t) => ({
    score: t.exposeFloat('score', { description: 'The score (see `RankingMetric`).' }),
    rank: t.exposeInt('rank', { description: 'Its place among all people, projects and organizations.' }),
    kindRank: t.exposeInt('kindRank', { description: 'Its place among entities of its own kind.' }),
  }),
});

type Centrality = Record<(typeof RANKING_METRICS)[number], CentralityScore>;

const CentralityRef = builder.objectRef<Centrality>('Centrality').implement({
  description: `How central an entity is, by each measure. ${PROJECTION_NOTE}`,
  fields: (t) => ({
    degree: t.expose('degree', { type: CentralityScoreRef, description: 'By degree.' }),
    pagerank: t.expose('pagerank', { type: CentralityScoreRef, description: 'By PageRank.' }),
    betweenness: t.expose('betweenness', { type: CentralityScoreRef, description: 'By betweenness.' }),
  }),
});

/** The scores stored on the node, which every entity load already reads (`n {.*}`); no extra query. */
function centralityOf(entity: EntityRecord): Centrality | null {
  const stored = entity as unknown as Record<string, unknown>;
  const centrality: Partial<Centrality> = {};
  for (const metric of RANKING_METRICS) {
    const properties = RANKING_PROPERTIES[metric];
    const [score, rank, kindRank] = [properties.score, properties.rank, properties.kindRank].map(
      (property) => stored[property],
    );
    if (typeof score !== 'number' || typeof rank !== 'number' || typeof kindRank !== 'number') return null;
    centrality[metric] = { score, rank, kindRank };
  }
  return centrality as Centrality;
}

for (const ref of [PersonRef, ProjectRef, OrganizationRef]) {
  builder.objectField(ref, 'centrality', (t) =>
    t.field({
      type: CentralityRef,
      nullable: true,
      description:
        'How central it is in the graph of people, projects and organizations; null before the first import.',
      resolve: (entity) => centralityOf(entity),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Governance of projects

const GovernanceGroupRef = builder.objectRef<GovernanceGroup>('GovernanceGroup').implement({
  description:
    'Maintainers who count together: those an organization employs for the project, or one independent maintainer on their own.',
  fields: (t) => ({
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The employer; null when the group is one independent maintainer.',
      resolve: (group) => group.organization?.id ?? null,
    }),
    independentMaintainer: t.field({
      type: PersonRef,
      nullable: true,
      description:
        'The maintainer, when listed with no employer for the project (independent, or no company given); null for an organization.',
      resolve: (group) => group.independentMaintainer,
    }),
    maintainers: t.exposeInt('maintainers', {
      description: 'How many of the project’s maintainers it holds.',
    }),
    share: t.exposeFloat('share', { description: 'That number over all the project’s maintainers (0–1).' }),
  }),
});

const ProjectGovernance = builder.objectRef<GovernanceSummary>('ProjectGovernance').implement({
  description:
    'Who holds a project’s maintainership on a day: its maintainers counted by the employer listed with each for this project. A maintainer listed with no employer (independent, or no company given) is a group of one: independents are not pooled, since they do not act as a bloc. With `asOf: null` a maintainer listed with two employers over time counts for both.',
  fields: (t) => ({
    maintainers: t.exposeInt('maintainers', { description: 'How many maintainers it has.' }),
    organizations: t.exposeInt('organizations', {
      description: 'How many distinct organizations employ them (independents not counted).',
    }),
    independentMaintainers: t.exposeInt('independentMaintainers', {
      description: 'How many are listed with no employer for this project.',
    }),
    largestOrganization: t.field({
      type: GovernanceGroupRef,
      nullable: true,
      description:
        'The organization employing the most of them, with its share (ties: by name); null when none is employed.',
      resolve: (governance) => governance.largest,
    }),
    majority: t.field({
      type: [GovernanceGroupRef],
      description:
        'The fewest groups (organizations, or independent maintainers each on their own) that together hold at least half of the maintainers, largest first. Empty when there are no maintainers.',
      resolve: (governance) => governance.majority,
    }),
    majoritySize: t.int({
      description: 'How many groups `majority` lists: 1 means one organization holds at least half.',
      resolve: (governance) => governance.majority.length,
    }),
  }),
});

builder.objectField(ProjectRef, 'governance', (t) =>
  t.loadable({
    type: ProjectGovernance,
    byPath: true,
    description:
      'Who holds its maintainership (as of a day): maintainers, their organizations, the largest one and the fewest that hold half.',
    args: { asOf: relationArgs(t.arg).asOf },
    load: async (keys: string[], context, args) => {
      return await governanceByProjectIds(context.graph, keys, asOfDate(args, context));
    },
    resolve: (project) => project.id,
  }),
);

// ---------------------------------------------------------------------------------------------
// Footprint of organizations

const FootprintProject = builder
  .objectRef<{ project: NamedRef; maintainers: number }>('FootprintProject')
  .implement({
    description: 'A project the organization’s people maintain.',
    fields: (t) => ({
      project: t.field({ type: ProjectRef, description: 'The project.', resolve: (item) => item.project.id }),
      maintainers: t.exposeInt('maintainers', {
        description:
          'How many of its maintainers are listed with this organization as their employer for it.',
      }),
    }),
  });

const FootprintLevelRef = builder.objectRef<FootprintLevel>('FootprintLevel').implement({
  description: 'The projects of one maturity level that an organization’s people maintain.',
  fields: (t) => ({
    level: t.exposeString('level', {
      description: 'graduated, incubating, sandbox, archived, or other (no CNCF maturity on the day).',
    }),
    projectCount: t.int({ description: 'How many projects.', resolve: (level) => level.projects.length }),
    maintainers: t.exposeInt('maintainers', {
      description: 'How many distinct people of the organization maintain them.',
    }),
    projects: t.field({
      type: [FootprintProject],
      description: 'The projects, most of the organization’s maintainers first, then by name.',
      resolve: (level) => level.projects,
    }),
  }),
});

const levelOf = (footprint: Footprint, name: FootprintLevel['level']): FootprintLevel =>
  footprint.levels.find((level) => level.level === name) ?? { level: name, projects: [], maintainers: 0 };

const OrganizationFootprint = builder.objectRef<Footprint>('OrganizationFootprint').implement({
  description:
    'The CNCF projects an organization’s people maintain, by maturity: a maintainer counts for the organization listed as their employer on the same line of the maintainer list as their maintainer entry (employers differ by project). Maturity is the one the project held on the day; with `asOf: null`, its current one.',
  fields: (t) => ({
    projects: t.exposeInt('projects', { description: 'How many projects in all.' }),
    maintainers: t.exposeInt('maintainers', { description: 'How many distinct people maintain them.' }),
    graduated: t.field({
      type: FootprintLevelRef,
      description: 'Graduated projects.',
      resolve: (footprint) => levelOf(footprint, 'graduated'),
    }),
    incubating: t.field({
      type: FootprintLevelRef,
      description: 'Incubating projects.',
      resolve: (footprint) => levelOf(footprint, 'incubating'),
    }),
    sandbox: t.field({
      type: FootprintLevelRef,
      description: 'Sandbox projects.',
      resolve: (footprint) => levelOf(footprint, 'sandbox'),
    }),
    archived: t.field({
      type: FootprintLevelRef,
      description: 'Archived projects.',
      resolve: (footprint) => levelOf(footprint, 'archived'),
    }),
    other: t.field({
      type: FootprintLevelRef,
      description: 'Projects with no CNCF maturity on the day (not yet accepted, or not in the landscape).',
      resolve: (footprint) => levelOf(footprint, 'other'),
    }),
  }),
});

builder.objectField(OrganizationRef, 'footprint', (t) =>
  t.loadable({
    type: OrganizationFootprint,
    byPath: true,
    description:
      'How many graduated, incubating, sandbox and archived projects its people maintain (as of a day).',
    args: { asOf: relationArgs(t.arg).asOf },
    load: async (keys: string[], context, args) => {
      return await footprintByOrganizationIds(context.graph, keys, asOfDate(args, context));
    },
    resolve: (organization) => organization.id,
  }),
);

// ---------------------------------------------------------------------------------------------
// People in governance who also maintain

const GovernanceRoleKind = builder.enumType('GovernanceRoleKind', {
  description: 'A governance role.',
  values: {
    TOC_SEAT: { value: 'SERVES_ON', description: 'A seat on the Technical Oversight Committee.' },
    TAG_LEAD: { value: 'LEADS', description: 'A TAG chair or tech lead.' },
    SUBGROUP_LEAD: {
      value: 'LEADS_SUBGROUP',
      description: 'A lead of a TAG subproject or working group (with `includeSubgroupLeads`).',
    },
  } as const,
});

const GovernanceRole = builder.objectRef<GovernanceRoleRecord>('GovernanceRole').implement({
  description: 'A TOC seat or a TAG lead role held on the day.',
  fields: (t) => ({
    kind: t.field({
      type: GovernanceRoleKind,
      description: 'Which kind of role.',
      resolve: (role) => role.type,
    }),
    body: t.field({
      type: BodyRef,
      description: 'The TOC, the TAG, or the subproject or working group.',
      resolve: (role) => role.body.id,
    }),
    roles: t.exposeStringList('roles', {
      description: 'What the claims name: the seat (member, alternate), chair, tech-lead, lead.',
    }),
  }),
});

const GovernanceOverlap = builder.objectRef<GovernanceOverlapRecord>('GovernanceOverlap').implement({
  description: 'A person who sits on the TOC or leads a TAG while maintaining projects, on the same day.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, description: 'The person.', resolve: (overlap) => overlap.person }),
    roles: t.field({
      type: [GovernanceRole],
      description: 'Their TOC seat and TAG lead roles on the day.',
      resolve: (overlap) => overlap.roles,
    }),
    projects: t.field({
      type: [ProjectRef],
      description: 'The projects they maintain on the day, by name.',
      resolve: (overlap) => overlap.projects.map((project) => project.id),
    }),
  }),
});

builder.queryField('governanceOverlap', (t) =>
  t.field({
    type: [GovernanceOverlap],
    description:
      'People who sit on the TOC or lead a TAG (chair or tech lead) while maintaining projects, both on the same day, by name. Subproject and working-group leads count only with `includeSubgroupLeads`.',
    args: {
      asOf: relationArgs(t.arg).asOf,
      includeSubgroupLeads: t.arg.boolean({
        defaultValue: false,
        description:
          'Also count people who lead a TAG’s subproject or a working group (bodies of kind Subproject or WG), not only the TAGs’ chairs and tech leads.',
      }),
    },
    resolve: async (_root, args, context) => {
      return await listGovernanceOverlap(
        context.graph,
        asOfDate(args, context),
        args.includeSubgroupLeads ? SUBGROUP_LEAD_KINDS : LEAD_KINDS,
      );
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// A project's maintainers over time, for charts

const SeriesInterval = builder.enumType('SeriesInterval', {
  description: 'The step between the points of a series: each point is the first day of its period.',
  values: {
    MONTH: { value: 1, description: 'The first day of each month.' },
    QUARTER: { value: 3, description: 'The first day of January, April, July and October.' },
    YEAR: { value: 12, description: 'The first of January of each year.' },
  } as const,
});

const MaintainerCount = builder.objectRef<MaintainerCountPoint>('MaintainerCount').implement({
  description: 'How many people maintained a project on one day, and for how many organizations.',
  fields: (t) => ({
    date: t.field({ type: 'Date', description: 'The day.', resolve: (point) => point.day }),
    maintainers: t.exposeInt('maintainers', { description: 'People listed as maintainers that day.' }),
    organizations: t.exposeInt('organizations', {
      description:
        'Distinct organizations their lines name as employer that day (maintainers listed with none count as one “none”).',
    }),
  }),
});

/** The first day of each period from the one holding `from` up to `to`. */
export function seriesDays(from: string, to: string, months: number): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  let year = start.getUTCFullYear();
  let month = Math.floor(start.getUTCMonth() / months) * months;
  const days: string[] = [];
  for (;;) {
    const day = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
    if (day > to) return days;
    days.push(day);
    if (days.length > MAX_SERIES_POINTS) return days;
    month += months;
    year += Math.floor(month / 12);
    month %= 12;
  }
}

builder.objectField(ProjectRef, 'maintainerHistory', (t) =>
  t.field({
    type: [MaintainerCount],
    description: `How many maintainers and maintainer organizations the project had on the first day of each period from \`from\` to \`to\` (at most ${MAX_SERIES_POINTS} points), by the same rule as \`maintainers(asOf:)\`. Before the maintainers list’s first version (2021-07-23) the counts come only from other sources and are not evidence that nobody maintained it; see \`Source.coveredFrom\`.`,
    args: {
      from: t.arg({
        type: 'Date',
        required: true,
        description: 'The first day (its period’s first day is the first point).',
      }),
      to: t.arg({ type: 'Date', description: 'The last day (default today).' }),
      every: t.arg({ type: SeriesInterval, description: 'The step (default MONTH).' }),
    },
    resolve: async (project, args, context) => {
      const to = args.to ?? context.today;
      if (to < args.from) throw userInputError(`to (${to}) is before from (${args.from})`, 'to');
      const days = seriesDays(args.from, to, args.every ?? 1);
      if (days.length > MAX_SERIES_POINTS) {
        throw userInputError(
          `from, to and every give more than ${MAX_SERIES_POINTS} points; ask for a shorter span or a longer step`,
          'from',
        );
      }
      return await maintainerSeries(context.graph, project.id, days);
    },
  }),
);
