import type { HandleSighting } from '../identity.ts';
import { PersonResolver } from '../identity.ts';
import type { SourceFacts } from '../model.ts';
import { parseCncfTagsBodies, parseCncfTagsLeaders } from '../parse/cncf-tags-md.ts';
import { type LandscapeParse, parseLandscape } from '../parse/landscape.ts';
import { parseProjectMaintainersCsv } from '../parse/maintainers.ts';
import { parsePeopleJson } from '../parse/people.ts';
import { parseTagAppDeliveryLeaders, parseTagAppDeliveryWorkingGroups } from '../parse/tag-app-delivery.ts';
import {
  parseTagEmeritusLeaders,
  parseTagsReadmeBodies,
  parseTagsReadmeLeaders,
  parseTagsReadmeLiaisons,
} from '../parse/tag-leaders-md.ts';
import { parseTagsYamlBodies, parseTagsYamlLeadership } from '../parse/tags-yaml.ts';
import { parseTocBodies, parseTocEmeritus, parseTocLiaisons, parseTocSeats } from '../parse/toc.ts';
import type {
  BodyLeaderRow,
  BodyRow,
  LiaisonRow,
  MaintainerRow,
  ParseResult,
  PersonRow,
  TocSeatRow,
} from '../rows.ts';
import { LOADED_FILES, type Source } from '../sources.ts';
import { articleFacts } from './article.ts';
import { type BuildContext, FactsBuilder } from './builder.ts';
import { landscapeFacts } from './landscape.ts';
import { maintainerFacts, maintainerSightings } from './maintainers.ts';
import { FactsMemo } from './memo.ts';
import { peopleFacts, peopleSightings } from './people.ts';
import { leaderFacts, leaderSightings } from './tags.ts';
import { bodyFacts, liaisonFacts, liaisonSightings, tocSeatFacts } from './toc.ts';

const EMPTY = { rows: [], rejected: [] };

/** Everything the parsers found in one source, whatever its format. */
export interface ParsedSource {
  source: Source;
  maintainers: ParseResult<MaintainerRow>;
  seats: ParseResult<TocSeatRow>;
  liaisons: ParseResult<LiaisonRow>;
  bodies: ParseResult<BodyRow>;
  leaders: ParseResult<BodyLeaderRow>;
  landscape: LandscapeParse;
  people: ParseResult<PersonRow>;
}

/** Parses a source with the parsers its format needs; throws when the file as a whole is malformed. */
export function parseSource(source: Source, text: string): ParsedSource {
  const parsed: ParsedSource = {
    source,
    maintainers: EMPTY,
    seats: EMPTY,
    liaisons: EMPTY,
    bodies: EMPTY,
    leaders: EMPTY,
    landscape: { projects: EMPTY, members: EMPTY },
    people: EMPTY,
  };
  if (source.kind !== 'file') return parsed;
  switch (source.format) {
    case 'project-maintainers-csv':
      return { ...parsed, maintainers: parseProjectMaintainersCsv(text) };
    case 'toc-readme':
      return {
        ...parsed,
        seats: parseTocSeats(text),
        liaisons: parseTocLiaisons(text),
        bodies: parseTocBodies(text),
      };
    case 'toc-emeritus':
      return { ...parsed, seats: parseTocEmeritus(text) };
    case 'toc-tags-yaml':
      return { ...parsed, bodies: parseTagsYamlBodies(text), leaders: parseTagsYamlLeadership(text) };
    case 'tag-emeritus-leaders':
      return { ...parsed, leaders: parseTagEmeritusLeaders(text) };
    case 'tags-readme':
      return {
        ...parsed,
        leaders: parseTagsReadmeLeaders(text),
        liaisons: parseTagsReadmeLiaisons(text),
        bodies: parseTagsReadmeBodies(text),
      };
    case 'tag-app-delivery-readme':
      return {
        ...parsed,
        leaders: parseTagAppDeliveryLeaders(text),
        bodies: parseTagAppDeliveryWorkingGroups(text),
      };
    case 'cncf-tags-md':
      return { ...parsed, leaders: parseCncfTagsLeaders(text), bodies: parseCncfTagsBodies(text) };
    case 'landscape-yaml':
      return { ...parsed, landscape: parseLandscape(text) };
    case 'people-json':
      return { ...parsed, people: parsePeopleJson(text) };
  }
}

/**
 * What every source's facts need from all sources: which names go with which handles, and the
 * landscape's project names. Built from every parsed source before any facts are.
 *
 * Two passes: a mention that the first pass resolves through a name and an employer (the article's
 * "Zhang Lei" of Alibaba) ties that handle to the body the mention is about (the TOC), and that tie
 * lets the second pass resolve the same name where a file gives only the name and the body (the TOC
 * lists' "Lei Zhang"). Each such resolution names the line it went through.
 *
 * `memo` (facts/memo.ts) carries what an earlier import built: the first pass then builds only the
 * sources that are new or whose name lookups would answer differently now.
 */
export function buildContext(parsedSources: ParsedSource[], memo = new FactsMemo()): BuildContext {
  const sightings: HandleSighting[] = [];
  const projectNames: { name: string; cncf: boolean }[] = [];
  for (const parsed of parsedSources) {
    const id = parsed.source.id;
    sightings.push(
      ...memo.once('sightings', parsed, () => [
        ...maintainerSightings(parsed.maintainers.rows, id),
        ...liaisonSightings(parsed.liaisons.rows, id),
        ...leaderSightings(parsed.leaders.rows, id),
        ...peopleSightings(parsed.people.rows, id),
      ]),
    );
    for (const row of parsed.landscape.projects.rows)
      projectNames.push({ name: row.name, cncf: row.maturity !== null });
  }
  const projects = memo.catalog(projectNames);
  const firstPass: BuildContext = { people: new PersonResolver(sightings), projects };

  const derived: HandleSighting[] = [];
  for (const parsed of parsedSources) {
    derived.push(
      ...memo.firstPass.build(parsed, firstPass, (context) =>
        derivedSightings(parsed, buildSourceFacts(parsed, context)),
      ),
    );
  }
  return { people: new PersonResolver([...sightings, ...derived]), projects };
}

/** The handles a first pass tied to a body through a name and an employer, or a unique name. */
function derivedSightings(parsed: ParsedSource, facts: SourceFacts): HandleSighting[] {
  const derived: HandleSighting[] = [];
  for (const claim of facts.claims) {
    const handle = /^person:gh:(.+)$/.exec(claim.from.id)?.[1];
    const resolvedBy = claim.props.personResolvedBy;
    if (!handle || claim.to.label !== 'Body') continue;
    if (resolvedBy !== 'name-and-organization-match' && resolvedBy !== 'unique-name-match') continue;
    derived.push({
      name: String(claim.props.nameAsWritten),
      handle,
      organization: null,
      bodyIds: [claim.to.id],
      via: `${parsed.source.id}#L${claim.line ?? 0}`,
    });
  }
  return derived;
}

/** The date a snapshot's facts hold at: its commit's date, else its approximate date. */
function observedAt(source: Source): string {
  if (source.kind === 'article') return source.notBefore;
  if (source.kind === 'history')
    throw new Error(`${source.id} is read version by version (facts/history.ts)`);
  const date = source.snapshotDate ?? source.approximateAsOf;
  if (!date) throw new Error(`source ${source.id} has no date`);
  return date;
}

/**
 * The date the next snapshot of the same file was taken (the 2026 maintainers list for the 2021
 * one), or null for the latest. What a snapshot shows undated is taken to hold from its own date
 * until then, so "as of" a date reads the snapshot current on that day.
 */
export function supersededAt(source: Source): string | null {
  if (source.kind !== 'file' || !source.snapshotDate) return null;
  const replacement = LOADED_FILES.find((other) => other.id === source.supersededBy);
  if (replacement?.snapshotDate) return replacement.snapshotDate;
  const own = source.snapshotDate;
  const later = LOADED_FILES.filter(
    (other) =>
      other.repository === source.repository &&
      other.pathInRepo === source.pathInRepo &&
      other.snapshotDate !== null &&
      other.snapshotDate > own,
  ).map((other) => other.snapshotDate as string);
  return later.length > 0 ? (later.sort()[0] as string) : null;
}

export function buildSourceFacts(parsed: ParsedSource, context: BuildContext): SourceFacts {
  const builder = new FactsBuilder(parsed.source.id, context);
  const date = observedAt(parsed.source);
  if (parsed.source.kind === 'article') {
    articleFacts(builder);
    return builder.build();
  }
  const facts = buildFileFacts(parsed, builder, date);
  const until = supersededAt(parsed.source);
  if (until) {
    for (const claim of facts.claims) {
      if (claim.props.observedAt && !claim.props.since && !claim.props.until)
        claim.props.supersededAt = until;
    }
  }
  return facts;
}

function buildFileFacts(parsed: ParsedSource, builder: FactsBuilder, date: string): SourceFacts {
  maintainerFacts(parsed.maintainers, date, builder);
  tocSeatFacts(parsed.seats, builder);
  liaisonFacts(parsed.liaisons, date, builder);
  bodyFacts(parsed.bodies, date, builder);
  leaderFacts(parsed.leaders, date, builder);
  landscapeFacts(parsed.landscape, date, builder);
  peopleFacts(parsed.people, date, builder);
  return builder.build();
}
