import type { BodyKind, IsoDate } from '../vocabulary/kinds.ts';

export type { BodyKind, IsoDate };
/**
 * Rows produced by the source parsers in ./parse/. A row is one fact as one source file states it, with
 * the 1-based line it came from so that every fact in the graph can link back to the exact source line.
 * Rows are not de-duplicated and carry raw (trimmed) spellings: merging is the loader's job.
 */

/** A calendar date as `YYYY-MM-DD`. */

export interface Rejection {
  /** 1-based line in the source file, or null when the problem has no single line. */
  line: number | null;
  /**
   * Why the input was not loaded. Either a whole row was dropped, or the row was kept and one value in it
   * was dropped; the reason says which ("row kept …").
   */
  reason: string;
}

export interface ParseResult<T> {
  rows: T[];
  rejected: Rejection[];
}

export type Maturity = 'sandbox' | 'incubating' | 'graduated' | 'archived';

/** foundation/project-maintainers.csv: one maintainer listed under one project (and maybe one sub-group). */
export interface MaintainerRow {
  /**
   * The project, with a group qualifier written into its header removed: "Kubernetes steering",
   * "Istio: Steering Committee" and "Tekton (Governance Committee)" give "Kubernetes", "Istio", "Tekton".
   */
  project: string;
  /** Filled down from the project's first row; this file never lists archived projects. */
  maturity: Exclude<Maturity, 'archived'> | null;
  /**
   * The group within the project as written in column 2: a sub-group row ("Kubernetes maintainers",
   * "Steering Committee") or a project header that names a group ("Istio: Steering Committee").
   */
  subgroup: string | null;
  /** Null only in the rare rows that give a handle but no name. */
  name: string | null;
  /** As written, trimmed; "Independent" and the like are kept here and mapped to null by organizationKey. */
  company: string | null;
  /** Lower-cased GitHub login; null when the column is empty or does not hold a login. */
  handle: string | null;
  /** The row's own OWNERS/MAINTAINERS link, else the link given on its group's first row. */
  ownersUrl: string | null;
  line: number;
}

export type TocSeatKind = 'member' | 'alternate';
/** Who appointed a TOC member, from tags like "[GB-appointed]". */
export type TocAppointer = 'GB' | 'TOC' | 'EndUser' | 'Maintainer';

/** toc/README.md (current or historical) or toc/EMERITUS.md: one TOC term of one person. */
export interface TocSeatRow {
  name: string;
  /** The TOC member lists give no handles; kept for a uniform person reference. */
  handle: string | null;
  seat: TocSeatKind;
  /** Null when the version lists the person without a start date (the 2016 READMEs give names only). */
  since: IsoDate | null;
  until: IsoDate | null;
  /**
   * 'term-end' when `until` is the scheduled end of the term (README lists), 'actual' when it is the day
   * the person left (EMERITUS.md). They differ: Cornelia Davis' term was to end 2023-02-01, she left 2022-05-09.
   */
  untilKind: 'term-end' | 'actual';
  /** Length of the term in years as written ("term: 2 years"); null when the source gives none. */
  termYears: number | null;
  /** "term: remainder of 2 years": the seat was filled for what was left of someone else's term. */
  partialTerm: boolean;
  appointedBy: TocAppointer | null;
  /** Marked "[TOC Chair]" in the source. */
  chair: boolean;
  line: number;
}

/** A TOC member's liaison duty towards a TAG, TCG or subproject, from a TOC-side listing. */
export interface LiaisonRow {
  name: string;
  handle: string | null;
  /** The body as written; compare with bodyKey() from ../normalize.ts. */
  body: string;
  bodyKind: BodyKind;
  line: number;
}

export type LeaderRole = 'chair' | 'tech-lead' | 'subproject-lead' | 'toc-liaison' | 'lead';

/** A person holding a role in a TAG, TCG, subproject or working group. */
export interface BodyLeaderRow {
  /** The body as written; compare with bodyKey() from ../normalize.ts. */
  body: string;
  bodyKind: BodyKind;
  /** The TAG a subproject or working group belongs to; null for TAGs and TOC subprojects. */
  parentBody: string | null;
  name: string;
  handle: string | null;
  company: string | null;
  /** 'lead' when the source lists a past leader without saying whether chair or tech lead. */
  role: LeaderRole;
  /** Listed as a past holder (an "Emeritus" list); the source gives no dates for these. */
  emeritus: boolean;
  since: IsoDate | null;
  /** Scheduled end of the term where the source gives one. */
  until: IsoDate | null;
  line: number;
}

/** A TAG, TCG, subproject or working group as a file lists it. */
export interface BodyRow {
  name: string;
  kind: BodyKind;
  parentBody: string | null;
  /** Mission statement or description; null when absent or a template placeholder. */
  description: string | null;
  /** Link or directory as written (may be relative to the source file). */
  link: string | null;
  archived: boolean;
  /** Free-text status where the source gives one ("Inactive", "Merged into OpenGitOps meetings"). */
  status: string | null;
  line: number;
}

export type ProjectStep = 'accepted' | 'incubating' | 'graduated' | 'archived';

/** landscape.yml: any item outside the "CNCF Members" category (CNCF project or not). */
export interface LandscapeProjectRow {
  name: string;
  category: string;
  subcategory: string;
  /** Other "Category / Subcategory" places the same item is shown (`second_path`). */
  secondPaths: string[];
  description: string | null;
  homepage: string | null;
  repoUrl: string | null;
  /** Crunchbase organization URL: the link from a product to the company behind it. */
  crunchbase: string | null;
  /** The `organization` field: a name or a Crunchbase URL as written; rarely present. */
  organization: string | null;
  /** CNCF maturity from `project:`; null means the item is not a CNCF-hosted project. */
  maturity: Maturity | null;
  /**
   * Dated moves from `extra:` (accepted, incubating, graduated, archived), oldest first. `accepted` is the
   * day the TOC accepted the project, at whatever level it entered (OpenTracing entered at incubating).
   */
  steps: { step: ProjectStep; date: IsoDate }[];
  /** `extra.parent_project`: e.g. Hubble and Tetragon belong to Cilium. */
  parentProject: string | null;
  line: number;
}

/** landscape.yml, "CNCF Members" category: one member organization. */
export interface LandscapeMemberRow {
  /** The item name with its trailing "(member)", "(supporter)" or "(contributor)" removed. */
  name: string;
  /** The subcategory: Platinum, Gold, Silver, Academic, Nonprofit, "End User Supporter and Contributor". */
  tier: string;
  /** The removed suffix: 'member', 'supporter' or 'contributor'; null when there was none. */
  membership: string | null;
  /** `enduser: true`: an end-user organization. */
  endUser: boolean;
  /** `unnamed_organization: true`: a placeholder such as "Non-Public Organization Bear", not a real name. */
  nonPublic: boolean;
  joined: IsoDate | null;
  homepage: string | null;
  crunchbase: string | null;
  line: number;
}

/** people/people.json: one person with their CNCF roles. Personal details are never read into rows. */
export interface PersonRow {
  name: string;
  handle: string | null;
  company: string | null;
  /** Job title; the file keeps it in `company` for staff ("CTO") and a few others. */
  title: string | null;
  /** As written: "Ambassadors", "Staff", "Governing Board", "Technical Oversight Committee", … */
  categories: string[];
  /** `gb_role`: e.g. "Chairperson", "Gold Member Rep". */
  gbRole: string | null;
  /** `tab_role`: End User TAB role, e.g. "End User At-Large Rep". */
  tabRole: string | null;
  /** `toc_role`: e.g. "Chair". */
  tocRole: string | null;
  line: number | null;
}
