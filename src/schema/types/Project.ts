import { countProjects, listProjects } from '../../graph/entities.ts';
import {
  countMaintainersByOrganization,
  listMaturityHistoryByProjectIds,
  type MaturityPeriodRecord,
} from '../../graph/relations.ts';
import { asOfDate, listArgs, pageRequest, relationArgs } from '../arguments.ts';
import { builder } from '../builder.ts';
import { employerEdgeFields, entityConnection, relationConnection, relationField } from '../connections.ts';
import { byIdOrName, idByName } from '../lookups.ts';
import { reads } from '../projection.ts';
import { CategoryRef, OrganizationRef, PersonRef, ProjectRef } from '../refs.ts';
import { entityFields } from './entity.ts';

const ProjectMaintainers = relationConnection(
  PersonRef,
  { name: 'ProjectMaintainerConnection', description: 'A project’s maintainers.' },
  {
    name: 'ProjectMaintainerEdge',
    description:
      'A maintainer, the group they are listed in, and the employer listed with them for this project.',
    fields: (t) =>
      employerEdgeFields(t, 'The employer listed on the same line (null for independent maintainers).'),
  },
);

const ProjectOrigins = relationConnection(
  OrganizationRef,
  {
    name: 'ProjectOriginConnection',
    description: 'Organizations a project came from.',
  },
  {
    name: 'ProjectOriginEdge',
    description: 'An organization the project came from.',
  },
);

const ProjectCategories = relationConnection(
  CategoryRef,
  { name: 'ProjectCategoryConnection', description: 'Landscape categories of a project.' },
  { name: 'ProjectCategoryEdge', description: 'A landscape subcategory.' },
);

type MaturityPeriodShape = MaturityPeriodRecord & { acceptedOn: string | null };

/**
 * The periods, each with the project's acceptance: the date of its first step (the landscape's
 * `accepted`, or the level it entered at when accepted straight into it). Periods come oldest first.
 */
function withAcceptance(periods: MaturityPeriodRecord[]): MaturityPeriodShape[] {
  const acceptedOn = periods[0]?.since ?? null;
  return periods.map((period) => ({ ...period, acceptedOn }));
}

const DAY_MS = 86_400_000;

const MaturityPeriod = builder.objectRef<MaturityPeriodShape>('MaturityPeriod').implement({
  description: 'A span of a project’s life at one CNCF maturity level.',
  fields: (t) => ({
    level: t.exposeString('level', { description: 'sandbox, incubating, graduated or archived.' }),
    since: t.field({
      type: 'Date',
      nullable: true,
      description: 'When it reached the level.',
      resolve: (p) => p.since,
    }),
    until: t.field({
      type: 'Date',
      nullable: true,
      description: 'When it moved on; null for now.',
      resolve: (p) => p.until,
    }),
    daysFromAcceptance: t.int({
      nullable: true,
      description:
        'Days from the project’s acceptance into the CNCF (the date of its first step) to reaching this level: 0 for the level it entered at; null when either date is unknown.',
      resolve: (p) =>
        p.since === null || p.acceptedOn === null
          ? null
          : Math.round((Date.parse(p.since) - Date.parse(p.acceptedOn)) / DAY_MS),
    }),
    sourceKey: t.exposeString('source', {
      description: 'The source key (the landscape file at its commit).',
    }),
    line: t.int({ nullable: true, description: 'The line of the landscape item.', resolve: (p) => p.line }),
  }),
});

const OrganizationCount = builder
  .objectRef<{ organization: { id: string } | null; maintainers: number }>('OrganizationCount')
  .implement({
    description: 'How many of a project’s maintainers an organization employs.',
    fields: (t) => ({
      organization: t.field({
        type: OrganizationRef,
        nullable: true,
        description: 'The organization; null counts maintainers listed as independent or with no company.',
        resolve: (count) => count.organization?.id ?? null,
      }),
      maintainers: t.exposeInt('maintainers', { description: 'How many maintainers.' }),
    }),
  });

ProjectRef.implement({
  description:
    'An open-source project: a CNCF-hosted one (with its maturity history) or another landscape item.',
  fields: (t) => ({
    ...entityFields(t),
    cncf: t.boolean({
      extensions: reads('cncf'),
      description: 'Whether the CNCF hosts it.',
      resolve: (p) => p.cncf ?? false,
    }),
    maturity: t.string({
      extensions: reads('maturity'),
      nullable: true,
      description: 'Its CNCF maturity now: sandbox, incubating, graduated or archived.',
      resolve: (p) => p.maturity ?? null,
    }),
    description: t.string({
      extensions: reads('description'),
      nullable: true,
      description: 'What it is.',
      resolve: (p) => p.description ?? null,
    }),
    homepage: t.string({
      extensions: reads('homepage'),
      nullable: true,
      description: 'Its homepage.',
      resolve: (p) => p.homepage ?? null,
    }),
    repoUrl: t.string({
      extensions: reads('repoUrl'),
      nullable: true,
      description: 'Its main repository.',
      resolve: (p) => p.repoUrl ?? null,
    }),
    crunchbase: t.string({
      extensions: reads('crunchbase'),
      nullable: true,
      description:
        'Its Crunchbase page, as the landscape gives it (for a CNCF project, often the CNCF’s own).',
      resolve: (p) => p.crunchbase ?? null,
    }),
    maturityHistory: t.loadableList({
      extensions: reads(),
      type: MaturityPeriod,
      description: 'Each CNCF maturity level it has held, oldest first.',
      load: async (keys: string[], context) =>
        (await listMaturityHistoryByProjectIds(context.graph, keys)).map(withAcceptance),
      resolve: (project) => project.id,
    }),
    maintainers: t.field({
      type: ProjectMaintainers,
      description: 'Its maintainers (as of a day: the maintainer list current then).',
      ...relationField(t.arg, 'projectMaintainers', {
        group:
          'Only maintainers listed under a sub-group of the project whose name contains this, any case: "steering" gives Kubernetes’ steering committee (listed as “Kubernetes steering”). The edges’ `roles` name each one’s groups.',
      }),
    }),
    maintainerOrganizations: t.loadableList({
      extensions: reads(),
      type: OrganizationCount,
      byPath: true,
      description: 'Its maintainers’ employers with how many each, largest first (as of a day).',
      args: { asOf: relationArgs(t.arg).asOf },
      load: async (keys: string[], context, args) => {
        return await countMaintainersByOrganization(context.graph, keys, asOfDate(args, context));
      },
      resolve: (project) => project.id,
    }),
    originatedAt: t.field({
      type: ProjectOrigins,
      description: 'Organizations it came from.',
      ...relationField(t.arg, 'projectOrigins'),
    }),
    categories: t.field({
      type: ProjectCategories,
      description: 'Its landscape subcategories.',
      ...relationField(t.arg, 'projectCategories'),
    }),
  }),
});

export const Maturity = builder.enumType('Maturity', {
  description: 'CNCF maturity levels.',
  values: {
    SANDBOX: { value: 'sandbox', description: 'Sandbox.' },
    INCUBATING: { value: 'incubating', description: 'Incubating.' },
    GRADUATED: { value: 'graduated', description: 'Graduated.' },
    ARCHIVED: { value: 'archived', description: 'Archived.' },
  } as const,
});

const ProjectOrder = builder.enumType('ProjectOrder', {
  description: 'How to sort projects.',
  values: {
    NAME: { value: 'NAME', description: 'By name.' },
    MATURITY: {
      value: 'MATURITY',
      description: 'Graduated first, then incubating, sandbox, archived, others; then by name.',
    },
  } as const,
});

const ProjectFilter = builder.inputType('ProjectFilter', {
  description: 'Which projects to list; every field given must match.',
  fields: (t) => ({
    nameContains: t.string({ description: 'Part of the name, any case.' }),
    maturity: t.field({ type: Maturity, description: 'Current CNCF maturity.' }),
    cncf: t.boolean({ description: 'true: CNCF-hosted only; false: other landscape items only.' }),
    category: t.string({ description: 'A landscape category or subcategory name, any case.' }),
    organization: t.string({
      description:
        'An organization (name or key) employing at least one of its maintainers on the `asOf` day.',
    }),
  }),
});

const ProjectConnection = builder.connectionObject(
  { type: ProjectRef, name: 'ProjectConnection', description: 'A page of projects.' },
  { name: 'ProjectEdge', description: 'A project in a list.' },
);

builder.queryField('project', (t) =>
  t.field({
    type: ProjectRef,
    nullable: true,
    description: 'A project by name (any case, or another spelling sources use) or by id; null when unknown.',
    args: {
      name: t.arg.string({ description: 'The project’s name.' }),
      id: t.arg.id({ description: 'A Project id (global or readable key).' }),
    },
    resolve: byIdOrName('Project'),
  }),
);

builder.queryField('projects', (t) =>
  t.field({
    type: ProjectConnection,
    description: 'Projects, filtered and sorted, a page at a time.',
    args: {
      filter: t.arg({ type: ProjectFilter, description: 'Which projects.' }),
      orderBy: t.arg({ type: ProjectOrder, description: 'Sort order (default NAME).' }),
      asOf: relationArgs(t.arg).asOf,
      ...listArgs(t.arg),
    },
    resolve: async (_root, args, context, info) => {
      const page = pageRequest(args);
      const organization = args.filter?.organization;
      const organizationId = organization
        ? organization.startsWith('org:')
          ? organization
          : await idByName(context, 'Organization', organization)
        : null;
      const filter = {
        nameContains: args.filter?.nameContains ?? null,
        maturity: args.filter?.maturity ?? null,
        cncf: args.filter?.cncf ?? null,
        category: args.filter?.category ?? null,
        // An unknown organization matches nothing rather than everything.
        organizationId: organization ? (organizationId ?? 'org:-') : null,
        asOf: asOfDate(args, context),
      };
      const order = args.orderBy ?? 'NAME';
      return await entityConnection(
        info,
        context,
        (shape) => listProjects(context.graph, filter, order, page, shape),
        () => countProjects(context.graph, filter),
      );
    },
  }),
);
