import { createHash } from 'node:crypto';
import type { VersionText } from '../history/acquire.ts';
import type { ClaimFact, ClaimType, NodeFact, Properties, SourceFacts } from '../model.ts';
import { SectionMissingError } from '../parse/result.ts';
import type { Rejection } from '../rows.ts';
import type { HistorySource, SourceFile } from '../sources.ts';
import type { BuildContext } from './builder.ts';
import { buildSourceFacts, type ParsedSource, parseSource } from './index.ts';

/**
 * A tracked file through its history: every version parsed, and consecutive versions turned into
 * intervals. A fact (a claim, as one version's facts state it) holds from the version where it
 * appears until the version where it disappears; it may hold in several intervals, each a claim
 * with the commit (and line) that added it and the commit that removed it.
 *
 * Parsing keeps memory flat: a version is stored as references to the distinct rows seen so far
 * (most versions differ from the previous one by a few lines), and its facts are built, compared
 * with the open intervals and dropped one version at a time.
 */

/** The row lists of a ParsedSource; the other parts come from pinned files only. */
const ROW_FIELDS = ['maintainers', 'seats', 'liaisons', 'bodies', 'leaders'] as const;
type RowField = (typeof ROW_FIELDS)[number];
type AnyRow = { line: number } & Record<string, unknown>;

export interface VersionOutcome {
  commit: string;
  date: string;
  subject: string;
  /**
   * 'silent': the version has no section for what this file is read for (tags/README.md in 2024,
   * when the TAG lists had moved to another file): from it on, the file no longer says so, and what
   * it listed before ends there.
   */
  status: 'parsed' | 'failed' | 'silent' | 'deleted';
  /** Why the version was not parsed; its facts are taken to be those of the version before it. */
  error: string | null;
}

export interface ParsedHistory {
  source: HistorySource;
  head: { commit: string; date: string };
  versions: VersionOutcome[];
  /** The rows each parsed version lists: per field, [index into `rows`, line] pairs. */
  listed: Map<string, Record<RowField, Int32Array>>;
  rows: AnyRow[];
  /** The list each distinct row is in (the rows themselves do not say). */
  fields: RowField[];
  /** The version each distinct row was first listed in. */
  firstSeenIn: VersionOutcome[];
  rejected: Rejection[];
  /**
   * For buildContext: each parsed version with only the rows no earlier version listed, under a
   * source id naming that version (`toc/README.md@6a0b7c9`), so a name resolved through one of its
   * lines points at that version.
   */
  firstSightings: ParsedSource[];
}

/** A version of a tracked file, as the per-file parsers and fact builders take a pinned file. */
export function versionSource(source: HistorySource, version: { commit: string; date: string }): SourceFile {
  return {
    kind: 'file',
    id: `${source.id}@${version.commit.slice(0, 7)}`,
    format: source.format,
    repository: source.repository,
    pathInRepo: source.pathInRepo,
    commit: version.commit,
    snapshotDate: version.date,
    approximateAsOf: null,
    license: source.license,
    sha256: '',
    sha256Of: 'upstream',
    localPath: '',
    gzip: false,
    note: null,
    url: (line) => source.url(version.commit, line),
  };
}

/**
 * Parses a history version by version, remembering what it has read, so that the next import
 * parses only the versions committed since (`HistoryParser.restore` takes the state `save` gave).
 * The state is plain data: distinct rows, per version the [row index, line] pairs it lists, and the
 * outcome of every version.
 */
export class HistoryParser {
  private readonly rowIndex = new Map<string, number>();
  private readonly rows: AnyRow[] = [];
  /** Per distinct row: the index in `outcomes` of the version first listing it, and its line there. */
  private readonly firstSeen: number[] = [];
  private readonly firstLine: number[] = [];
  private readonly listed = new Map<string, Record<RowField, Int32Array>>();
  private readonly outcomes: (VersionOutcome & { blob: string | null })[] = [];
  private readonly rejections = new Map<string, { rejection: Rejection; versions: number; first: string }>();

  constructor(readonly source: HistorySource) {}

  /** How many of `versions` (from the first) this parser has read already, the same commits and blobs. */
  readPrefix(versions: readonly { commit: string; blob: string | null }[]): number {
    if (this.outcomes.length > versions.length) return 0;
    for (let i = 0; i < this.outcomes.length; i += 1) {
      const read = this.outcomes[i];
      const version = versions[i];
      if (read?.commit !== version?.commit || read?.blob !== version?.blob) return 0;
    }
    return this.outcomes.length;
  }

  add(version: VersionText): void {
    const base = { commit: version.commit, date: version.date, subject: version.subject, blob: version.blob };
    if (version.text === null) {
      this.outcomes.push({ ...base, status: 'deleted', error: null });
      return;
    }
    const vSource = versionSource(this.source, version);
    let parsed: ParsedSource;
    try {
      parsed = parseSource(vSource, version.text);
    } catch (error) {
      this.outcomes.push({
        ...base,
        status: error instanceof SectionMissingError ? 'silent' : 'failed',
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    const outcomeIndex = this.outcomes.length;
    this.outcomes.push({ ...base, status: 'parsed', error: null });
    const refs = {} as Record<RowField, Int32Array>;
    for (const field of ROW_FIELDS) {
      const result = parsed[field];
      const pairs = new Int32Array(result.rows.length * 2);
      (result.rows as unknown as AnyRow[]).forEach((row, i) => {
        const { line, ...rest } = row;
        const signature = `${field}|${JSON.stringify(rest)}`;
        let index = this.rowIndex.get(signature);
        if (index === undefined) {
          index = this.rows.length;
          this.rows.push({ ...rest, field } as unknown as AnyRow);
          this.firstSeen.push(outcomeIndex);
          this.firstLine.push(line);
          this.rowIndex.set(signature, index);
        }
        pairs[2 * i] = index;
        pairs[2 * i + 1] = line;
      });
      refs[field] = pairs;
      for (const rejection of result.rejected) {
        const seen = this.rejections.get(rejection.reason);
        if (seen) seen.versions += 1;
        else this.rejections.set(rejection.reason, { rejection, versions: 1, first: vSource.id });
      }
    }
    this.listed.set(version.commit, refs);
  }

  result(head: { commit: string; date: string }): ParsedHistory {
    const versions: VersionOutcome[] = this.outcomes.map(({ blob: _blob, ...outcome }) => outcome);
    const rows = this.rows.map(({ field: _field, ...row }) => row as AnyRow);
    // For buildContext: each version with the rows no earlier version listed, at their lines there.
    const fresh = new Map<number, ParsedSource>();
    this.rows.forEach((row, index) => {
      const at = this.firstSeen[index] as number;
      let parsed = fresh.get(at);
      if (!parsed) {
        parsed = emptyParsed(versionSource(this.source, versions[at] as VersionOutcome));
        fresh.set(at, parsed);
      }
      const field = row.field as unknown as RowField;
      (parsed[field] as unknown as { rows: AnyRow[] }).rows.push({
        ...(rows[index] as AnyRow),
        line: this.firstLine[index] as number,
      });
    });
    const rejected = [...this.rejections.values()].map(({ rejection, versions: count, first }) => ({
      line: rejection.line,
      reason: `${rejection.reason} (first in ${first}, line ${rejection.line ?? '-'}; in ${count} version${count === 1 ? '' : 's'})`,
    }));
    return {
      source: this.source,
      head,
      versions,
      listed: this.listed,
      rows,
      fields: this.rows.map((row) => row.field as unknown as RowField),
      firstSeenIn: this.firstSeen.map((at) => versions[at] as VersionOutcome),
      rejected,
      firstSightings: [...fresh.entries()].sort(([a], [b]) => a - b).map(([, parsed]) => parsed),
    };
  }

  /** The parser's state as JSON-able data (the row lists as base64 of their Int32Arrays). */
  save(): SavedHistory {
    return {
      source: this.source.id,
      rows: this.rows,
      firstSeen: this.firstSeen,
      firstLine: this.firstLine,
      outcomes: this.outcomes,
      listed: [...this.listed].map(([commit, refs]) => [
        commit,
        Object.fromEntries(
          ROW_FIELDS.map((field) => [field, Buffer.from(refs[field].buffer).toString('base64')]),
        ),
      ]),
      rejections: [...this.rejections.values()],
    };
  }

  static restore(source: HistorySource, saved: SavedHistory): HistoryParser {
    const parser = new HistoryParser(source);
    parser.rows.push(...saved.rows);
    saved.rows.forEach((row, index) => {
      const { field, ...rest } = row as AnyRow & { field: string };
      parser.rowIndex.set(`${field}|${JSON.stringify(rest)}`, index);
    });
    parser.firstSeen.push(...saved.firstSeen);
    parser.firstLine.push(...saved.firstLine);
    parser.outcomes.push(...saved.outcomes);
    for (const [commit, refs] of saved.listed) {
      const decoded = {} as Record<RowField, Int32Array>;
      for (const field of ROW_FIELDS) {
        // Copied into a buffer of its own: Buffer.from may hand out a slice of a shared pool that is
        // not aligned for 32-bit integers.
        decoded[field] = new Int32Array(new Uint8Array(Buffer.from(refs[field] ?? '', 'base64')).buffer);
      }
      parser.listed.set(commit, decoded);
    }
    for (const entry of saved.rejections) parser.rejections.set(entry.rejection.reason, { ...entry });
    return parser;
  }
}

export interface SavedHistory {
  source: string;
  rows: AnyRow[];
  firstSeen: number[];
  firstLine: number[];
  outcomes: (VersionOutcome & { blob: string | null })[];
  listed: [string, Record<string, string>][];
  rejections: { rejection: Rejection; versions: number; first: string }[];
}

/** Every version of a history parsed afresh. */
export function parseHistory(
  source: HistorySource,
  versions: VersionText[],
  head: { commit: string; date: string },
): ParsedHistory {
  const parser = new HistoryParser(source);
  for (const version of versions) parser.add(version);
  return parser.result(head);
}

/**
 * Which properties make a claim the same fact from one version to the next. A maintainer who moves
 * to another sub-group, a TOC member re-elected (a new start date) or made chair starts a new
 * interval; a changed line number, spelling or OWNERS link does not.
 */
const IDENTITY: Partial<Record<ClaimType, readonly string[]>> = {
  MAINTAINS: ['group', 'employer'],
  AFFILIATED_WITH: ['forProject', 'group'],
  SERVES_ON: ['seat', 'since', 'until', 'chair', 'appointedBy'],
  LEADS: ['role', 'since', 'until', 'emeritus'],
  LIAISON_FOR: ['since', 'until'],
  PART_OF: ['archived'],
};

export function claimIdentity(claim: ClaimFact): string {
  const props = IDENTITY[claim.type] ?? Object.keys(claim.props).filter((key) => key !== 'observedAt');
  const values = props.map((key) => JSON.stringify(claim.props[key] ?? null));
  return `${claim.type}|${claim.from.id}|${claim.to.id}|${values.join('|')}`;
}

/**
 * An interval as the sweep keeps it: the `claim`th claim of distinct row `row`, at `line` in the
 * version (an index into ParsedHistory.versions) that added it; once closed, with the version that
 * removed it.
 */
type Interval = [row: number, claim: number, line: number, added: number];
type ClosedInterval = [...Interval, removed: number];

/**
 * Where a sweep through a history stopped, as JSON-able data, so that the next build of the same
 * history sweeps only the versions committed since (see buildHistoryFacts).
 */
export interface SavedSweep {
  source: string;
  /** The versions swept: a resumed sweep checks that they begin the history it is given. */
  versions: [commit: string, status: VersionOutcome['status']][];
  /**
   * How many distinct rows there were, and sha256 of their claims: intervals point into those
   * claims, which the context (names resolved across files) may have changed since.
   */
  rows: number;
  rowsDigest: string;
  /** In the order they opened, which is the order their claims come out in. */
  open: Interval[];
  /** In the order they closed. */
  closed: ClosedInterval[];
  coveredFrom: string | null;
  endedAt: string | null;
}

export interface HistoryStats {
  versions: number;
  parsed: number;
  failed: VersionOutcome[];
  /** Versions without the section the file is read for (see VersionOutcome.status), with the reason. */
  silent: VersionOutcome[];
  deleted: number;
  coveredFrom: string | null;
  /** The newest commit read (while the file still lists), else the day it stopped listing. */
  coveredUntil: string | null;
  /** Whether the newest version read still lists: its facts hold past coveredUntil until a commit says otherwise. */
  stillListed: boolean;
  /** Interval claims per relationship type. */
  claims: Partial<Record<ClaimType, number>>;
}

/**
 * The interval claims of a tracked file. Each claim keeps the properties its first version gave it
 * and gains: `addedIn` / `listedFrom` / `addedSubject` (the commit that added it, its day and
 * message) and, once it is gone, `removedIn` / `listedUntil` / `removedSubject`. A claim the text
 * does not date also gets `observedAt` = listedFrom and `supersededAt` = listedUntil, which is
 * what the "as of" rule (graph/time.ts) reads for undated claims; dated ones keep the text's dates.
 *
 * The sweep over the versions is most of the cost, so it can go on from where an earlier build of
 * the same history left it (`resume`, the `sweep` that build returned): only the versions committed
 * since are swept, and the result is the same as a full sweep's. A saved sweep that does not fit
 * the history (rewritten commits, or rows whose claims have changed) is ignored (`resumedFrom` 0).
 */
export function buildHistoryFacts(
  history: ParsedHistory,
  context: BuildContext,
  resume?: SavedSweep | null,
): { facts: SourceFacts; stats: HistoryStats; sweep: SavedSweep; resumedFrom: number } {
  const nodes = new Map<string, NodeFact>();
  const rowClaims = claimsOfRows(history, context, nodes);
  const rowClaim = (row: number, claim: number) => (rowClaims[row] as RowClaim[])[claim] as RowClaim;
  const [resumeDigest, digest] = rowsDigests(rowClaims, resume?.rows ?? 0);
  const saved = resume && resumable(resume, history, resumeDigest) ? resume : null;
  const resumedFrom = saved?.versions.length ?? 0;
  const open = new Map<string, Interval>(
    saved?.open.map((interval) => [rowClaim(interval[0], interval[1]).identity, interval]),
  );
  const closed: ClosedInterval[] = [...(saved?.closed ?? [])];
  let coveredFrom = saved?.coveredFrom ?? null;
  // The day the file stopped listing anything (deleted, or its section gone), while it still has.
  let endedAt = saved?.endedAt ?? null;

  for (let index = resumedFrom; index < history.versions.length; index += 1) {
    const version = history.versions[index] as VersionOutcome;
    if (version.status === 'failed') continue;
    if (version.status === 'deleted' || version.status === 'silent') {
      // Before the first parsed version, a silent one says nothing new: what it would list is unknown.
      if (coveredFrom === null) continue;
      for (const interval of open.values()) closed.push([...interval, index]);
      open.clear();
      endedAt ??= version.date;
      continue;
    }
    coveredFrom ??= version.date;
    endedAt = null;
    // The identities the version lists; an interval starts at the first claim of its identity in the
    // file's order (duplicate rows: the first).
    const current = new Set<string>();
    const opening: [string, Interval][] = [];
    const refs = history.listed.get(version.commit);
    for (const field of ROW_FIELDS) {
      const pairs = refs?.[field] ?? new Int32Array(0);
      for (let i = 0; i < pairs.length; i += 2) {
        const row = pairs[i] as number;
        const claims = rowClaims[row] as RowClaim[];
        for (let claim = 0; claim < claims.length; claim += 1) {
          const { identity } = claims[claim] as RowClaim;
          if (current.has(identity)) continue;
          current.add(identity);
          if (!open.has(identity)) opening.push([identity, [row, claim, pairs[i + 1] as number, index]]);
        }
      }
    }
    for (const [identity, interval] of open) {
      if (!current.has(identity)) {
        closed.push([...interval, index]);
        open.delete(identity);
      }
    }
    for (const [identity, interval] of opening) open.set(identity, interval);
  }

  const first = history.versions.findIndex((version) => version.status === 'parsed');
  const claimOf = ([row, claim, line, added]: Interval, removed: number | null) =>
    intervalClaim(
      { ...rowClaim(row, claim).claim, line },
      history.versions[added] as VersionOutcome,
      removed === null ? null : (history.versions[removed] as VersionOutcome),
      added === first,
    );
  const claims = [
    ...closed.map(([row, claim, line, added, removed]) => claimOf([row, claim, line, added], removed)),
    ...[...open.values()].map((interval) => claimOf(interval, null)),
  ];
  const counts: Partial<Record<ClaimType, number>> = {};
  for (const claim of claims) counts[claim.type] = (counts[claim.type] ?? 0) + 1;
  return {
    facts: { sourceId: history.source.id, nodes: [...nodes.values()], claims, rejected: history.rejected },
    stats: {
      versions: history.versions.length,
      parsed: history.versions.filter((v) => v.status === 'parsed').length,
      failed: history.versions.filter((v) => v.status === 'failed'),
      silent: history.versions.filter((v) => v.status === 'silent'),
      deleted: history.versions.filter((v) => v.status === 'deleted').length,
      coveredFrom,
      coveredUntil: coveredFrom ? (endedAt ?? history.head.date) : null,
      stillListed: coveredFrom !== null && endedAt === null,
      claims: counts,
    },
    sweep: {
      source: history.source.id,
      versions: history.versions.map((version) => [version.commit, version.status]),
      rows: rowClaims.length,
      rowsDigest: digest,
      open: [...open.values()],
      closed,
      coveredFrom,
      endedAt,
    },
    resumedFrom,
  };
}

/**
 * Whether a saved sweep covers the start of this history, over rows whose claims are the same now
 * (`digest`: of as many rows as it saw). Else the history is swept from its first version.
 */
function resumable(saved: SavedSweep, history: ParsedHistory, digest: string | null): boolean {
  return (
    saved.source === history.source.id &&
    saved.versions.length <= history.versions.length &&
    saved.versions.every(([commit, status], index) => {
      const version = history.versions[index];
      return version?.commit === commit && version.status === status;
    }) &&
    saved.rowsDigest === digest
  );
}

/**
 * sha256 of the claims of the first `prefix` rows (null when there are fewer) and of all rows. Their
 * lines are left out: a row's claims get one per version.
 */
function rowsDigests(rowClaims: RowClaim[][], prefix: number): [string | null, string] {
  const hash = createHash('sha256');
  let ofPrefix: string | null = null;
  for (let row = 0; row < rowClaims.length; row += 1) {
    if (row === prefix) ofPrefix = hash.copy().digest('hex');
    const claims = (rowClaims[row] as RowClaim[]).map(({ identity, claim: { line: _line, ...claim } }) => [
      identity,
      claim,
    ]);
    hash.update(`${JSON.stringify(claims)}\n`);
  }
  const all = hash.digest('hex');
  return [prefix === rowClaims.length ? all : ofPrefix, all];
}

interface RowClaim {
  identity: string;
  claim: ClaimFact;
}

/**
 * The claims each distinct row gives, built once: a row's facts depend on the row alone (and the
 * context), so the hundreds of versions that repeat a row reuse them. Building every version's
 * facts afresh took 90 s for the maintainers list; this takes well under one. Rows are numbered in
 * the order the versions first list them, so a node's later spellings win in mergeNode.
 */
function claimsOfRows(
  history: ParsedHistory,
  context: BuildContext,
  nodes: Map<string, NodeFact>,
): RowClaim[][] {
  return history.rows.map((row, index) => {
    const parsed = emptyParsed(versionSource(history.source, history.firstSeenIn[index] as VersionOutcome));
    (parsed as unknown as Record<RowField, unknown>)[history.fields[index] as RowField] = {
      rows: [{ ...row, line: 0 }],
      rejected: [],
    };
    const facts = buildSourceFacts(parsed, context);
    for (const node of facts.nodes) mergeNode(nodes, node);
    return facts.claims.map((claim) => ({ identity: claimIdentity(claim), claim }));
  });
}

function intervalClaim(
  claim: ClaimFact,
  added: VersionOutcome,
  removed: VersionOutcome | null,
  initial: boolean,
): ClaimFact {
  const dated = claim.props.since != null || claim.props.until != null;
  const props: Properties = {
    ...claim.props,
    addedIn: added.commit,
    addedSubject: added.subject,
    listedFrom: added.date,
  };
  // In the file's first version: it held by then; when it began, the file does not say.
  if (initial) props.initial = true;
  if (removed) {
    props.removedIn = removed.commit;
    props.removedSubject = removed.subject;
    props.listedUntil = removed.date;
  }
  delete props.supersededAt;
  if (!dated) {
    props.observedAt = added.date;
    if (removed) props.supersededAt = removed.date;
  }
  return { ...claim, key: `${claimIdentity(claim)}|${added.commit.slice(0, 12)}`, props };
}

function emptyParsed(source: SourceFile): ParsedSource {
  const none = () => ({ rows: [], rejected: [] });
  return {
    source,
    maintainers: none(),
    seats: none(),
    liaisons: none(),
    bodies: none(),
    leaders: none(),
    landscape: { projects: none(), members: none() },
    people: none(),
  };
}

/** Later versions win for a node's properties; every name and alias ever seen is kept. */
function mergeNode(nodes: Map<string, NodeFact>, node: NodeFact): void {
  const key = `${node.label}|${node.id}`;
  const existing = nodes.get(key);
  if (!existing) {
    nodes.set(key, { ...node, aliases: [...node.aliases], props: { ...node.props } });
    return;
  }
  if (existing.name !== node.name && !existing.aliases.includes(existing.name))
    existing.aliases.push(existing.name);
  existing.name = node.name;
  for (const alias of node.aliases)
    if (alias !== existing.name && !existing.aliases.includes(alias)) existing.aliases.push(alias);
  existing.aliases = existing.aliases.filter((alias) => alias !== existing.name);
  existing.props = { ...existing.props, ...node.props };
}
