import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeRankings, type RankingStats } from '../analytics/rankings.ts';
import type { Log } from '../logger.ts';
import { CYPHER_DIR, CypherScripts } from '../neo4j/cypher-scripts.ts';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { type ExpectedNode, expectedNodes, sourceRows, type WrittenSource } from './diff.ts';
import type { BuildContext } from './facts/builder.ts';
import {
  buildHistoryFacts,
  HistoryParser,
  type HistoryStats,
  type ParsedHistory,
  type SavedSweep,
} from './facts/history.ts';
import { buildContext, buildSourceFacts, type ParsedSource, parseSource } from './facts/index.ts';
import { FactsMemo } from './facts/memo.ts';
import { type HistoryInput, withTexts } from './history/acquire.ts';
import { readParseCache, writeParseCache } from './history/parse-cache.ts';
import {
  applySchema,
  countGraph,
  type GraphCounts,
  lastImportSettled,
  loadedFingerprints,
  markImportSettled,
  storeMissingSpans,
  type WriteCounts,
  writeSource,
} from './load.ts';
import type { Properties, SourceFacts } from './model.ts';
import type { Rejection } from './rows.ts';
import type { ArticleSource, SourceFile } from './sources.ts';

/** One source's content, however it was obtained (directory, download, or a test). */
export interface FileInput {
  source: SourceFile | ArticleSource;
  /** The file's text; empty for the article, whose facts are written down in code. */
  text: string;
  sha256: string;
}

/** A pinned file or the article, or a tracked file's whole history (history/acquire.ts). */
export type SourceInput = FileInput | HistoryInput;

export interface SourceOutcome {
  id: string;
  status: 'loaded' | 'unchanged' | 'failed';
  nodes: number;
  claims: number;
  rejected: Rejection[];
  error: string | null;
  ms: number;
  /** For a tracked file: versions read, parsed and failed (with reasons), span and claims per type. */
  history?: HistoryStats;
  /** What the write changed in the graph: a source that changed by a few lines writes a few rows. */
  written?: WriteCounts;
}

export interface ImportSummary {
  sources: SourceOutcome[];
  /** The rankings' work after the load: null when nothing was written. */
  rankings: RankingStats | null;
  /** Milliseconds per phase: checking what changed, parsing and building facts, writing, ranking. */
  phases: { check: number; build: number; write: number; rankings: number };
  counts: GraphCounts;
  ms: number;
}

const IMPORT_DIR = path.dirname(fileURLToPath(import.meta.url));
const SRC_DIR = path.dirname(IMPORT_DIR);
const ANALYTICS_DIR = path.join(SRC_DIR, 'analytics');
// The key scheme and name normalisation shape every fact too, and how the scripts are read.
const VOCABULARY_DIR = path.join(SRC_DIR, 'vocabulary');
const SCRIPT_READER = path.join(SRC_DIR, 'neo4j', 'cypher-scripts.ts');

/**
 * What the facts of a source depend on besides its bytes: the importer's code (with the vocabulary
 * it names things by) and the Cypher scripts. A change to either reloads every source; a change to
 * one file reloads that file only.
 */
function importerFingerprint(): string {
  const hash = createHash('sha256');
  // The command-line wrapper does not shape facts; the analytics computed after a load do.
  const files = [
    ...listFiles(IMPORT_DIR).filter((file) => file.endsWith('.ts') && path.basename(file) !== 'cli.ts'),
    ...listFiles(ANALYTICS_DIR).filter((file) => file.endsWith('.ts')),
    ...listFiles(VOCABULARY_DIR).filter((file) => file.endsWith('.ts')),
    SCRIPT_READER,
    ...listFiles(CYPHER_DIR).filter((file) => file.endsWith('.cypher')),
  ].sort();
  for (const file of files) hash.update(file.slice(SRC_DIR.length)).update(readFileSync(file));
  return hash.digest('hex');
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(directory, entry.name)) : [path.join(directory, entry.name)],
  );
}

/** What a source's stored fingerprint is made of: the importer's code and the source's content. */
function sourceFingerprint(code: string, input: SourceInput): string {
  return createHash('sha256').update(code).update(input.source.id).update(input.sha256).digest('hex');
}

function sourceProps(
  input: SourceInput,
  fingerprint: string,
  importer: string,
  stats?: HistoryStats,
): Properties {
  const { source } = input;
  const common = { kind: source.kind, sha256: input.sha256, fingerprint, importer, license: source.license };
  if (source.kind === 'history') {
    const history = input as HistoryInput;
    const last = history.versions.at(-1);
    return {
      ...common,
      repository: source.repository,
      path: source.pathInRepo,
      commit: last?.commit ?? null,
      url: last ? source.url(last.commit) : null,
      headCommit: history.head.commit,
      coveredFrom: stats?.coveredFrom ?? null,
      coveredUntil: stats?.coveredUntil ?? null,
      stillListed: stats?.stillListed ?? false,
      claimTypes: Object.keys(stats?.claims ?? {}),
      versions: stats?.versions ?? history.versions.length,
      versionsParsed: stats?.parsed ?? 0,
      versionsFailed: [
        ...(stats?.failed ?? []).map(
          (failed) => `${failed.commit} ${failed.date}: ${failed.error ?? 'not parsed'}`,
        ),
        ...(stats?.silent ?? []).map(
          (silent) => `${silent.commit} ${silent.date}: says nothing: ${silent.error}`,
        ),
      ],
    };
  }
  if (source.kind === 'article') {
    return {
      ...common,
      title: source.title,
      publisher: source.publisher,
      path: source.path,
      notBefore: source.notBefore,
    };
  }
  return {
    ...common,
    repository: source.repository,
    path: source.pathInRepo,
    commit: source.commit,
    url: source.url(),
    snapshotDate: source.snapshotDate,
    approximateAsOf: source.approximateAsOf,
  };
}

/**
 * Brings the graph up to date with `inputs`. Nothing is done when no source's content (nor the
 * importer) changed since it was loaded, so a second run costs a read. Otherwise every source's facts
 * are brought up to date, since who a name refers to may be settled by another file (in one process,
 * only the facts whose rows or name lookups changed are built again: facts/memo.ts), and each source writes
 * only what differs from what it asserts in the graph (load.ts, diff.ts), in its own transaction. A
 * source whose content, facts and nodes' expected state are all as its last write left them is not
 * even read, unless the last import stopped half way (lastImportSettled). A source that cannot be
 * written fails alone, leaving its facts as they were.
 */
export async function importSources(options: {
  graph: GraphExecutor;
  inputs: SourceInput[];
  log: Log;
  /** Retract and rewrite every source, and recompute the rankings, even if nothing changed. */
  force?: boolean;
}): Promise<ImportSummary> {
  const { graph, inputs, log } = options;
  const started = Date.now();
  const scripts = new CypherScripts();
  // The schema statements are idempotent; one database needs them once per process (or on --force).
  if (options.force || !schemaApplied.has(graph)) {
    await applySchema(graph, scripts);
    schemaApplied.add(graph);
  }

  const code = importerFingerprint();
  const fingerprintOf = (input: SourceInput) => sourceFingerprint(code, input);
  const loaded = await loadedFingerprints(graph);
  const settled = await lastImportSettled(graph);
  const changed = new Set(
    inputs.filter(
      (input) => options.force || loaded.get(input.source.id)?.fingerprint !== fingerprintOf(input),
    ),
  );
  // A source loaded by other importer code is written afresh: the code (or a Cypher script) may
  // write the same facts differently, which a comparison of facts cannot see.
  const replace = (input: SourceInput) => options.force || loaded.get(input.source.id)?.importer !== code;
  const outcomes = new Map<string, SourceOutcome>();
  const phases = { check: Date.now() - started, build: 0, write: 0, rankings: 0 };
  if (changed.size === 0) {
    for (const input of inputs) {
      outcomes.set(input.source.id, outcome(input.source.id, 'unchanged', 0));
      log.info(`${input.source.id}: unchanged`);
    }
  } else {
    const buildStarted = Date.now();
    const { built, failures } = await buildAll(inputs, code, log);
    phases.build = Date.now() - buildStarted;
    if (failures.size > 0) {
      // Who a name refers to is settled across all files, so facts built without one of them could
      // be wrong anywhere: nothing is written until every source parses again.
      const names = [...failures.keys()].join(', ');
      for (const input of inputs) {
        const failure = failures.get(input.source.id);
        const result = outcome(input.source.id, failure || changed.has(input) ? 'failed' : 'unchanged', 0);
        result.error = failure ?? (changed.has(input) ? `not written: ${names} cannot be read` : null);
        outcomes.set(input.source.id, result);
        log.error(
          `${input.source.id}: ${result.error ?? 'unchanged'}; the graph keeps what this source said before`,
        );
      }
    } else {
      const expected = expectedNodes(
        built.map(({ facts }) => facts),
        lastExpected,
      );
      lastExpected = expected;
      await markImportSettled(graph, false);
      for (const { input, facts, stats } of built) {
        const sourceStarted = Date.now();
        const result = outcome(input.source.id, 'loaded', 0);
        result.nodes = facts.nodes.length;
        result.claims = facts.claims.length;
        result.rejected = facts.rejected;
        if (stats) result.history = stats;
        // A source whose content did not change may still have new facts (a name another file now
        // settles) or nodes another source now shapes; when neither, it is left alone unread.
        const rows = sourceRows(facts, expected);
        const { state } = rows;
        const stored = loaded.get(input.source.id);
        if (settled && !changed.has(input) && !replace(input) && stored?.state === state) {
          result.status = 'unchanged';
          result.written = { claimsWritten: 0, claimsRetracted: 0, nodesWritten: 0, nodesRetracted: 0 };
          result.ms = Date.now() - sourceStarted;
          outcomes.set(input.source.id, result);
          log.info(`${input.source.id}: unchanged, and so are the facts and nodes it writes`);
          continue;
        }
        try {
          const props = { ...sourceProps(input, fingerprintOf(input), code, stats), state };
          // This process's last write of the source, if the graph still holds just that.
          const previous = lastWritten.get(input.source.id);
          const { written: kept, ...written } = await writeSource(graph, scripts, facts, props, {
            replace: replace(input),
            expected,
            rows,
            previous: settled && previous && previous.state === stored?.state ? previous : undefined,
          });
          if (kept) lastWritten.set(input.source.id, kept);
          result.written = written;
          const wrote =
            written.claimsWritten + written.claimsRetracted + written.nodesWritten + written.nodesRetracted;
          if (wrote === 0 && !changed.has(input)) result.status = 'unchanged';
          log.info(
            `${input.source.id}: ${result.status} ${facts.nodes.length} nodes, ${facts.claims.length} claims` +
              (facts.rejected.length > 0 ? `, ${facts.rejected.length} rows rejected` : '') +
              `; wrote ${written.claimsWritten} claims and ${written.nodesWritten} nodes, retracted ` +
              `${written.claimsRetracted} claims and ${written.nodesRetracted} nodes`,
          );
        } catch (error) {
          result.status = 'failed';
          result.error = `cannot be written: ${errorMessage(error)}`;
          log.error(`${input.source.id}: ${result.error}; the graph keeps what this source said before`);
        }
        result.ms = Date.now() - sourceStarted;
        outcomes.set(input.source.id, result);
      }
      // A source that failed keeps its claims as an older importer may have written them, without
      // the spans every "as of" read relies on.
      const spansStored = await storeMissingSpans(graph, scripts);
      if (spansStored > 0)
        log.info(`Stored when claims hold for ${spansStored} pairs an earlier import left without`);
      if (![...outcomes.values()].some((result) => result.status === 'failed'))
        await markImportSettled(graph, true);
    }
  }

  // Centrality depends on the whole graph; computeRankings itself skips the work when the projection
  // it ranks is the one it ranked last (an import that only ended intervals, say).
  const wroteAny = [...outcomes.values()].some((result) => result.status === 'loaded');
  const rankingsStarted = Date.now();
  const rankings = wroteAny ? await computeRankings(graph, log, { force: options.force }) : null;
  phases.rankings = Date.now() - rankingsStarted;
  phases.write = Date.now() - started - phases.check - phases.build - phases.rankings;

  return {
    sources: inputs.map((input) => outcomes.get(input.source.id) as SourceOutcome),
    rankings,
    phases,
    counts: await countGraph(graph),
    ms: Date.now() - started,
  };
}

/**
 * Every source's facts and Source-node properties as an import would write them, in the order it
 * would write them, without touching a graph: bench/scale.ts loads larger graphs of the same shape
 * from them through writeSource. Any source that fails to parse or build fails the whole call.
 */
export async function buildFacts(
  inputs: SourceInput[],
  log: Log,
): Promise<{ facts: SourceFacts; props: Properties }[]> {
  const code = importerFingerprint();
  const { built, failures } = await buildAll(inputs, code, log);
  if (failures.size > 0) throw new Error([...failures].map(([id, reason]) => `${id} ${reason}`).join('; '));
  return built.map(({ input, facts, stats }) => ({
    facts,
    props: sourceProps(input, sourceFingerprint(code, input), code, stats),
  }));
}

/**
 * Every source parsed and its facts built, in input order (the order they are written in). Every
 * source, changed or not: who a name refers to may be settled by another file, so a change to one
 * can change the facts of another. Parsing and building are in memory, and what an earlier import
 * of this process built and nothing has changed since is taken as it is (factsMemo); unchanged facts
 * cost no write.
 */
async function buildAll(
  inputs: SourceInput[],
  code: string,
  log: Log,
): Promise<{
  built: { input: SourceInput; facts: SourceFacts; stats?: HistoryStats }[];
  failures: Map<string, string>;
}> {
  const failures = new Map<string, string>();
  const parsed = new Map<SourceInput, ParsedSource | ParsedHistory>();
  for (const input of inputs) {
    try {
      parsed.set(
        input,
        input.source.kind === 'history'
          ? await parsedHistory(input as HistoryInput, code, log)
          : parsedFile(input as FileInput),
      );
    } catch (error) {
      failures.set(input.source.id, `cannot be parsed: ${errorMessage(error)}`);
    }
  }
  // Pinned files first, then each history's versions: the order names were always resolved in.
  const all = [...parsed.values()];
  const context = buildContext(
    [
      ...all.filter((source): source is ParsedSource => !('firstSightings' in source)),
      ...all.flatMap((source) => ('firstSightings' in source ? source.firstSightings : [])),
    ],
    factsMemo,
  );
  const built: { input: SourceInput; facts: SourceFacts; stats?: HistoryStats }[] = [];
  for (const [input, source] of parsed) {
    try {
      built.push(
        'firstSightings' in source
          ? { input, ...builtHistory(input as HistoryInput, source, context, code, log) }
          : {
              input,
              facts: factsMemo.final.build(source, context, (used) => buildSourceFacts(source, used)),
            },
      );
    } catch (error) {
      failures.set(input.source.id, `cannot be built: ${errorMessage(error)}`);
    }
  }
  return { built, failures };
}

// Facts this process built, each with the lookups it made: an import after a new commit builds again
// only what the commit can have changed (facts/memo.ts). The parsers hand out the same objects while a
// source's text is the same (lastParsedFiles, lastParsed below), which is what the memo is keyed by.
const factsMemo = new FactsMemo();

const schemaApplied = new WeakSet<GraphExecutor>();

// The node states the last import expected: a node made from the same rows keeps its state object,
// and the lines sourceRows made of it (diff.ts).
let lastExpected: ReadonlyMap<string, ExpectedNode> | undefined;

// What this process last wrote of each source (diff.ts, WrittenSource). It stands for the graph's
// content only while the Source node records the same state and the last import settled; the
// importer checks both before handing it to writeSource.
const lastWritten = new Map<string, WrittenSource>();

// The last parse of each pinned file, for a process that imports again (see lastParsed below).
const lastParsedFiles = new Map<string, { sha256: string; parsed: ParsedSource }>();

function parsedFile(input: FileInput): ParsedSource {
  const cached = lastParsedFiles.get(input.source.id);
  if (cached?.sha256 === input.sha256) return cached.parsed;
  const parsed = parseSource(input.source, input.text);
  lastParsedFiles.set(input.source.id, { sha256: input.sha256, parsed });
  return parsed;
}

// The last parse of each history: every import parses every source (names are resolved across
// files), so a process that imports again (the start-up check, the admin endpoint, a test) reuses
// it; across processes the parser's state is kept in the cache (HistoryInput.parseCache), tagged
// with the importer's code, and only the versions committed since are parsed.
const lastParsed = new Map<string, { sha256: string; parsed: ParsedHistory }>();
const lastParser = new Map<string, HistoryParser>();

async function parsedHistory(input: HistoryInput, code: string, log: Log): Promise<ParsedHistory> {
  const cached = lastParsed.get(input.source.id);
  if (cached?.sha256 === input.sha256) return cached.parsed;
  // This process's parser first: restoring the maintainers list's from disk costs a third of a second.
  const kept = lastParser.get(input.source.id);
  const parser =
    (kept && kept.readPrefix(input.versions) > 0 ? kept : null) ??
    readParseCache(input.parseCache, code, input.source) ??
    new HistoryParser(input.source);
  const known = parser.readPrefix(input.versions);
  const fresh = known > 0 ? parser : new HistoryParser(input.source);
  for (const version of await withTexts(input, input.versions.slice(known))) fresh.add(version);
  if (input.versions.length > known) {
    log.info(
      `${input.source.id}: parsed ${input.versions.length - known} new versions (${known} from the cache)`,
    );
    if (input.parseCache) {
      try {
        writeParseCache(input.parseCache, code, fresh);
      } catch (error) {
        log.warn(`${input.source.id}: could not keep ${input.parseCache}: ${errorMessage(error)}`);
      }
    }
  }
  const parsed = fresh.result(input.head);
  lastParsed.set(input.source.id, { sha256: input.sha256, parsed });
  lastParser.set(input.source.id, fresh);
  return parsed;
}

/**
 * A history's interval facts. The sweep over its versions resumes where the last one stopped (kept
 * in memory, and beside the parse cache tagged with the importer's code), so a new commit sweeps one
 * version; buildHistoryFacts itself falls back to a full sweep when the saved one does not fit.
 */
function builtHistory(
  input: HistoryInput,
  history: ParsedHistory,
  context: BuildContext,
  code: string,
  log: Log,
): { facts: SourceFacts; stats: HistoryStats } {
  const file = input.parseCache?.replace(/\.jsonl$/, '.sweep.json') ?? null;
  const saved = lastSwept.get(input.source.id) ?? readCache<SweptHistory>(file, code);
  // The sweep checks commits; the blobs are checked here, so a version whose text was replaced under
  // the same commit (a rewritten history, a test) is swept again.
  const fits = saved?.blobs.every((blob, i) => input.versions[i]?.blob === blob) ?? false;
  const built = buildHistoryFacts(history, context, fits ? saved?.sweep : null, factsMemo);
  const swept = { sweep: built.sweep, blobs: input.versions.map((version) => version.blob) };
  lastSwept.set(input.source.id, swept);
  if (built.sweep.versions.length > built.resumedFrom) writeCache(file, code, swept, log, input.source.id);
  return built;
}

/** A saved sweep and the blob of each version it swept. */
interface SweptHistory {
  sweep: SavedSweep;
  blobs: (string | null)[];
}

const lastSwept = new Map<string, SweptHistory>();

/** A cache file's content, if it was written by this importer code. */
function readCache<T>(file: string | null, code: string): T | null {
  if (!file || !existsSync(file)) return null;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { code: string; state: T };
    return saved.code === code ? saved.state : null;
  } catch {
    // A cache that cannot be read is rebuilt and rewritten.
    return null;
  }
}

function writeCache(file: string | null, code: string, state: unknown, log: Log, sourceId: string): void {
  if (!file) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify({ code, state }));
    renameSync(partial, file);
  } catch (error) {
    log.warn(
      `${sourceId}: could not keep ${path.basename(file)} in ${path.dirname(file)}: ${errorMessage(error)}`,
    );
  }
}

function outcome(id: string, status: SourceOutcome['status'], ms: number): SourceOutcome {
  return { id, status, nodes: 0, claims: 0, rejected: [], error: null, ms };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
