import { createHash } from 'node:crypto';
import type { VersionText } from '../history/acquire.ts';
import type { ClaimFact, ClaimType, NodeFact, Properties, SourceFacts } from '../model.ts';
import { SectionMissingError } from '../parse/result.ts';
import type { Rejection } from '../rows.ts';
import type { HistorySource, SourceFile } from '../sources.ts';
import type { BuildContext } from './builder.ts';
import { buildSourceFacts, type ParsedSource, parseSource } from './index.ts';
import { FactsMemo } from './memo.ts';

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
 * parses only the versions committed since. Its state is a sequence of plain records, one per
 * version (`record`, `restore`): the version's outcome, the rows no earlier version listed, the
 * [row index, line] pairs it lists and its rejected rows. A new commit adds one record, which is
 * what lets the parse cache (history/parse-cache.ts) grow by a line rather than be rewritten.
 */
export class HistoryParser {
  private readonly rowIndex = new Map<string, number>();
  private readonly rows: AnyRow[] = [];
  /**
   * The same rows without their list, as ParsedHistory gives them, and per version its rows no
   * earlier version listed (ParsedHistory.firstSightings). Made once per row and version, so that an
   * import after new commits hands the fact builders the same objects as before (facts/memo.ts).
   */
  private readonly plainRows: AnyRow[] = [];
  private readonly sightings: ParsedSource[] = [];
  private lastSightingAt = -1;
  /** Per distinct row: the index in `outcomes` of the version first listing it, and its line there. */
  private readonly firstSeen: number[] = [];
  private readonly firstLine: number[] = [];
  private readonly listed = new Map<string, Record<RowField, Int32Array>>();
  private readonly outcomes: (VersionOutcome & { blob: string | null })[] = [];
  /** Per version: how many distinct rows there were before it, and the rows it rejected. */
  private readonly rowsBefore: number[] = [];
  private readonly rejectedIn: Rejection[][] = [];
  private readonly rejections = new Map<string, { rejection: Rejection; versions: number; first: string }>();

  constructor(readonly source: HistorySource) {}

  /** How many versions this parser has read. */
  get size(): number {
    return this.outcomes.length;
  }

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
      this.apply({ outcome: { ...base, status: 'deleted', error: null } });
      return;
    }
    const vSource = versionSource(this.source, version);
    let parsed: ParsedSource;
    try {
      parsed = parseSource(vSource, version.text);
    } catch (error) {
      this.apply({
        outcome: {
          ...base,
          status: error instanceof SectionMissingError ? 'silent' : 'failed',
          error: error instanceof Error ? error.message : String(error),
        },
      });
      return;
    }
    const rows: [AnyRow, number][] = [];
    const listed: Record<string, Int32Array> = {};
    // A row new in this version is numbered after the rows before it, in the order it comes.
    const fresh = new Map<string, number>();
    const rejected: Rejection[] = [];
    for (const field of ROW_FIELDS) {
      const result = parsed[field];
      const pairs = new Int32Array(result.rows.length * 2);
      (result.rows as unknown as AnyRow[]).forEach((row, i) => {
        const { line, ...rest } = row;
        const signature = `${field}|${JSON.stringify(rest)}`;
        let index = this.rowIndex.get(signature) ?? fresh.get(signature);
        if (index === undefined) {
          index = this.rows.length + rows.length;
          fresh.set(signature, index);
          rows.push([{ ...rest, field } as unknown as AnyRow, line]);
        }
        pairs[2 * i] = index;
        pairs[2 * i + 1] = line;
      });
      listed[field] = pairs;
      rejected.push(...result.rejected);
    }
    this.apply({ outcome: { ...base, status: 'parsed', error: null }, rows, listed, rejected });
  }

  /** Adds one version as a record gives it (from `add`, or read back from the parse cache). */
  private apply(record: VersionRecord): void {
    const at = this.outcomes.length;
    this.outcomes.push(record.outcome);
    this.rowsBefore.push(this.rows.length);
    this.rejectedIn.push(record.rejected ?? []);
    if (record.outcome.status !== 'parsed') return;
    for (const [row, line] of record.rows ?? []) {
      const index = this.rows.length;
      this.rows.push(row);
      this.firstSeen.push(at);
      this.firstLine.push(line);
      this.rowIndex.set(rowSignature(row), index);
      this.remember(index);
    }
    const refs = {} as Record<RowField, Int32Array>;
    for (const field of ROW_FIELDS) refs[field] = record.listed?.[field] ?? new Int32Array(0);
    this.listed.set(record.outcome.commit, refs);
    const id = versionSource(this.source, record.outcome).id;
    for (const rejection of record.rejected ?? []) {
      const seen = this.rejections.get(rejection.reason);
      if (seen) seen.versions += 1;
      else this.rejections.set(rejection.reason, { rejection, versions: 1, first: id });
    }
  }

  /** Keeps row `index` (just added) as ParsedHistory gives it, and among its version's first sightings. */
  private remember(index: number): void {
    const { field, ...row } = this.rows[index] as AnyRow & { field: RowField };
    this.plainRows.push(row as AnyRow);
    const at = this.firstSeen[index] as number;
    if (at !== this.lastSightingAt) {
      this.sightings.push(emptyParsed(versionSource(this.source, this.outcomes[at] as VersionOutcome)));
      this.lastSightingAt = at;
    }
    const parsed = this.sightings.at(-1) as ParsedSource;
    (parsed[field] as unknown as { rows: AnyRow[] }).rows.push({
      ...row,
      line: this.firstLine[index] as number,
    });
  }

  result(head: { commit: string; date: string }): ParsedHistory {
    const versions: VersionOutcome[] = this.outcomes.map(({ blob: _blob, ...outcome }) => outcome);
    const rejected = [...this.rejections.values()].map(({ rejection, versions: count, first }) => ({
      line: rejection.line,
      reason: `${rejection.reason} (first in ${first}, line ${rejection.line ?? '-'}; in ${count} version${count === 1 ? '' : 's'})`,
    }));
    return {
      source: this.source,
      head,
      versions,
      listed: this.listed,
      rows: [...this.plainRows],
      fields: this.rows.map((row) => row.field as unknown as RowField),
      firstSeenIn: this.firstSeen.map((at) => versions[at] as VersionOutcome),
      rejected,
      firstSightings: [...this.sightings],
    };
  }

  /** Version `index` as a record: what `restore` needs to read it again without its text. */
  record(index: number): VersionRecord {
    const outcome = this.outcomes[index] as VersionRecord['outcome'];
    if (outcome.status !== 'parsed') return { outcome };
    const from = this.rowsBefore[index] as number;
    const to = this.rowsBefore[index + 1] ?? this.rows.length;
    const rows: [AnyRow, number][] = [];
    for (let row = from; row < to; row += 1)
      rows.push([this.rows[row] as AnyRow, this.firstLine[row] as number]);
    return { outcome, rows, listed: this.listed.get(outcome.commit), rejected: this.rejectedIn[index] };
  }

  /** A parser that has read the versions these records stand for, in order. */
  static restore(source: HistorySource, records: Iterable<VersionRecord>): HistoryParser {
    const parser = new HistoryParser(source);
    for (const record of records) parser.apply(record);
    return parser;
  }
}

/**
 * One version as the parser keeps it. `rows` are the distinct rows first listed in it (with their
 * list, `field`, and line), numbered on from the rows before; `listed` gives per list the
 * [row index, line] pairs of the version.
 */
export interface VersionRecord {
  outcome: VersionOutcome & { blob: string | null };
  rows?: [AnyRow, number][];
  listed?: Record<string, Int32Array>;
  rejected?: Rejection[];
}

function rowSignature(row: AnyRow): string {
  const { field, ...rest } = row as AnyRow & { field: string };
  return `${field}|${JSON.stringify(rest)}`;
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
  memo = new FactsMemo(),
): { facts: SourceFacts; stats: HistoryStats; sweep: SavedSweep; resumedFrom: number } {
  const nodes = new Map<string, NodeFact>();
  const rowClaims = claimsOfRows(history, context, nodes, memo);
  const rowClaim = (row: number, claim: number) => (rowClaims[row] as RowClaim[])[claim] as RowClaim;
  const [resumeDigest, digest] = rowsDigests(rowClaims, resume?.rows ?? 0, memo);
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
  // An interval's claim is a function of its row's claim and the two commits, so one built by an
  // earlier import stands while its row's claim is the same object (facts/memo.ts).
  const claimOf = ([row, claim, line, added]: Interval, removed: number | null) => {
    const base = rowClaim(row, claim).claim;
    const addedIn = history.versions[added] as VersionOutcome;
    const removedIn = removed === null ? null : (history.versions[removed] as VersionOutcome);
    const built = memo.once('interval claims', base, () => new Map<string, ClaimFact>());
    const key = `${line}|${addedIn.commit}|${removedIn?.commit ?? '-'}|${added === first}`;
    let interval = built.get(key);
    if (!interval) {
      interval = intervalClaim({ ...base, line }, addedIn, removedIn, added === first);
      built.set(key, interval);
    }
    return interval;
  };
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
function rowsDigests(rowClaims: RowClaim[][], prefix: number, memo: FactsMemo): [string | null, string] {
  const hash = createHash('sha256');
  let ofPrefix: string | null = null;
  for (let row = 0; row < rowClaims.length; row += 1) {
    if (row === prefix) ofPrefix = hash.copy().digest('hex');
    const claims = rowClaims[row] as RowClaim[];
    // Each row's claims hashed once, kept as a short digest rather than the text hashed.
    const digest = memo.once('row digest', claims, () =>
      createHash('sha1')
        .update(
          JSON.stringify(claims.map(({ identity, claim: { line: _line, ...claim } }) => [identity, claim])),
        )
        .digest('base64'),
    );
    hash.update(`${digest}\n`);
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
  memo: FactsMemo,
): RowClaim[][] {
  return history.rows.map((row, index) => {
    const facts = memo.final.build(row, context, (rowContext) => {
      const version = history.firstSeenIn[index] as VersionOutcome;
      const parsed = emptyParsed(versionSource(history.source, version));
      (parsed as unknown as Record<RowField, unknown>)[history.fields[index] as RowField] = {
        rows: [{ ...row, line: 0 }],
        rejected: [],
      };
      return buildSourceFacts(parsed, rowContext);
    });
    for (const node of facts.nodes) mergeNode(nodes, node);
    return memo.once('row claims', facts, () =>
      facts.claims.map((claim) => ({ identity: claimIdentity(claim), claim })),
    );
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
