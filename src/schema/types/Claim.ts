import type { ClaimProperty, ClaimRecord } from '../../graph/records.ts';
import { builder } from '../builder.ts';
import { ClaimRef } from '../connections.ts';
import { readsClaim } from '../projection.ts';
import { SourceRef } from '../refs.ts';
import { blobUrl, CommitRef, commitOf } from './Commit.ts';

const PersonResolution = builder.objectRef<ClaimRecord>('PersonResolution').implement({
  description:
    'How a person named without a GitHub handle was identified: through another source that links the name to a handle.',
  fields: (t) => ({
    method: t.string({
      extensions: readsClaim(['personResolvedBy']),
      description:
        'unique-name-match, name-and-organization-match, name-and-body-match (linked), ambiguous-name or no-handle-known (kept apart).',
      resolve: (claim) => claim.personResolvedBy ?? '',
    }),
    via: t.string({
      extensions: readsClaim(['personResolvedVia']),
      nullable: true,
      description: 'The source and line that made the link, e.g. article/inside-cncf-zhang-lei#L14.',
      resolve: (claim) => claim.personResolvedVia ?? null,
    }),
    nameAsWritten: t.string({
      extensions: readsClaim(['nameAsWritten']),
      description: 'The name as this source writes it.',
      resolve: (claim) => claim.nameAsWritten ?? '',
    }),
    candidates: t.stringList({
      extensions: readsClaim(['personCandidates']),
      description: 'For an ambiguous name: the handles it could be, none chosen.',
      resolve: (claim) => claim.personCandidates ?? [],
    }),
  }),
});

type StringProperty = {
  [Property in ClaimProperty]-?: NonNullable<ClaimRecord[Property]> extends string ? Property : never;
}[ClaimProperty];

/** A field showing one text property of the claim, or null where it has none. */
const optionalString = (description: string, property: StringProperty) => ({
  description,
  nullable: true as const,
  extensions: readsClaim([property]),
  resolve: (claim: ClaimRecord) => (claim[property] as string | null | undefined) ?? null,
});

ClaimRef.implement({
  description:
    'One source’s statement of a relationship. Sources may disagree; each claim stands with its own source and line.',
  fields: (t) => ({
    type: t.exposeString('type', {
      // Not a stored property: every claim comes with its relationship's type.
      extensions: readsClaim([]),
      description:
        'The relationship: MAINTAINS, SERVES_ON, LEADS, LIAISON_FOR, MEMBER_OF, AFFILIATED_WITH, …',
    }),
    source: t.field({
      extensions: readsClaim(['source']),
      type: SourceRef,
      description: 'The file (or article) that states it.',
      resolve: (claim) => claim.source,
    }),
    line: t.int({
      extensions: readsClaim(['line']),
      nullable: true,
      description: 'The line of the source that states it.',
      resolve: (claim) => claim.line ?? null,
    }),
    url: t.string({
      extensions: readsClaim(['source', 'line', 'addedIn']),
      nullable: true,
      description:
        'A link to the source at its commit, at that line where there is one (for a file read through its history, the commit that added the line); null for the article, whose original is not public.',
      resolve: async (claim, _args, context) => {
        const source = await SourceRef.getDataloader(context).load(claim.source);
        const anchor = claim.line ? `#L${claim.line}` : '';
        if (claim.addedIn && source?.repository && source.path)
          return `${blobUrl(source.repository, claim.addedIn, source.path)}${anchor}`;
        if (!source?.url) return null;
        return `${source.url}${anchor}`;
      },
    }),
    added: t.field({
      extensions: readsClaim(['source', 'addedIn', 'listedFrom', 'addedSubject']),
      type: CommitRef,
      nullable: true,
      description:
        'For a claim read from a file’s history: the commit that added the line (listedFrom is its day).',
      resolve: (claim) => commitOf(claim.source, claim.addedIn, claim.listedFrom, claim.addedSubject),
    }),
    removed: t.field({
      extensions: readsClaim(['source', 'removedIn', 'listedUntil', 'removedSubject']),
      type: CommitRef,
      nullable: true,
      description:
        'For a claim read from a file’s history: the commit that removed the line; null while the file still lists it.',
      resolve: (claim) => commitOf(claim.source, claim.removedIn, claim.listedUntil, claim.removedSubject),
    }),
    initial: t.boolean({
      extensions: readsClaim(['addedIn', 'initial']),
      nullable: true,
      description:
        'For a claim read from a file’s history: listed in the file’s first version, so it held by listedFrom and began earlier, on a day the file does not say.',
      resolve: (c) => (c.addedIn ? (c.initial ?? false) : null),
    }),
    listedFrom: t.field({
      type: 'Date',
      ...optionalString(
        'For a claim read from a file’s history: the day the file first listed it (the adding commit’s day).',
        'listedFrom',
      ),
    }),
    listedUntil: t.field({
      type: 'Date',
      ...optionalString(
        'For a claim read from a file’s history: the day a commit removed it from the file; null while listed.',
        'listedUntil',
      ),
    }),
    since: t.field({
      type: 'Date',
      ...optionalString(
        'When it began, where the text of the source states it (a TOC term’s start date). Undated facts (maintainers, TAG roles in tags.yaml) have none: "as of" then reads listedFrom / listedUntil.',
        'since',
      ),
    }),
    until: t.field({
      type: 'Date',
      ...optionalString(
        'When it ended (or the term ends; see untilKind), where the source dates it.',
        'until',
      ),
    }),
    untilKind: t.string(
      optionalString('"term-end" (the scheduled end of a term) or "actual" (the day it ended).', 'untilKind'),
    ),
    observedAt: t.field({
      type: 'Date',
      ...optionalString('For an undated fact: the date of the snapshot that shows it.', 'observedAt'),
    }),
    observedAtApproximate: t.boolean({
      extensions: readsClaim(['observedAtApproximate']),
      description: 'Whether observedAt is an approximation (the snapshot’s commit is undated).',
      resolve: (claim) => claim.observedAtApproximate ?? false,
    }),
    supersededAt: t.field({
      type: 'Date',
      ...optionalString(
        'The date of the next snapshot of the same file, which may say otherwise.',
        'supersededAt',
      ),
    }),
    datePrecision: t.string(
      optionalString('"year" when the source gives only a year (stored as its first day).', 'datePrecision'),
    ),
    role: t.string(optionalString('The role: chair, tech-lead, ambassador, staff, a board role…', 'role')),
    seat: t.string(optionalString('TOC seats: member or alternate.', 'seat')),
    chair: t.boolean({
      extensions: readsClaim(['chair']),
      nullable: true,
      description: 'TOC seats: marked as chair.',
      resolve: (c) => c.chair ?? null,
    }),
    appointedBy: t.string(optionalString('TOC seats: GB, TOC, EndUser or Maintainer.', 'appointedBy')),
    termYears: t.int({
      extensions: readsClaim(['termYears']),
      nullable: true,
      description: 'TOC seats: term length in years.',
      resolve: (c) => c.termYears ?? null,
    }),
    emeritus: t.boolean({
      extensions: readsClaim(['emeritus']),
      nullable: true,
      description: 'Listed as a past holder, without dates.',
      resolve: (c) => c.emeritus ?? null,
    }),
    group: t.string(optionalString('Maintainers: the sub-group (e.g. a steering committee).', 'group')),
    tier: t.string(optionalString('Memberships: the tier (Platinum, Gold, Silver, …).', 'tier')),
    title: t.string(optionalString('A job title where the source gives one.', 'title')),
    companyAsWritten: t.string(
      optionalString('Affiliations: the company as the source spells it.', 'companyAsWritten'),
    ),
    resolution: t.field({
      extensions: readsClaim(['personResolvedBy'], { selection: true }),
      type: PersonResolution,
      nullable: true,
      description: 'Set when the source names the person without a handle: how they were identified.',
      resolve: (claim) => (claim.personResolvedBy ? claim : null),
    }),
  }),
});
