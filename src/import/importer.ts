import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeRankings } from '../analytics/rankings.ts';
import type { GraphExecutor } from '../graph/executor.ts';
import type { Log } from '../logger.ts';
import { CYPHER_DIR, CypherScripts } from './cypher-scripts.ts';
import {
  buildHistoryFacts,
  HistoryParser,
  type HistoryStats,
  type ParsedHistory,
  type SavedHistory,
} from './facts/history.ts';
import { buildContext, buildSourceFacts, type ParsedSource, parseSource } from './facts/index.ts';
import { type HistoryInput, withTexts } from './history/acquire.ts';
import { applySchema, countGraph, type GraphCounts, loadedFingerprints, replaceSource } from './load.ts';
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
}

export interface ImportSummary {
  sources: SourceOutcome[];
  counts: GraphCounts;
  ms: number;
}

const IMPORT_DIR = path.dirname(fileURLToPath(import.meta.url));
const ANALYTICS_DIR = path.join(path.dirname(IMPORT_DIR), 'analytics');

/**
 * What the facts of a source depend on besides its bytes: the importer's code and the Cypher
 * scripts. A change to either reloads every source; a change to one file reloads that file only.
 */
function importerFingerprint(): string {
  const hash = createHash('sha256');
  // The command-line wrapper does not shape facts; the analytics computed after a load do.
  const files = [
    ...listFiles(IMPORT_DIR).filter((file) => file.endsWith('.ts') && path.basename(file) !== 'cli.ts'),
    ...listFiles(ANALYTICS_DIR).filter((file) => file.endsWith('.ts')),
    ...listFiles(CYPHER_DIR).filter((file) => file.endsWith('.cypher')),
  ].sort();
  for (const file of files)
    hash.update(file.slice(path.dirname(IMPORT_DIR).length)).update(readFileSync(file));
  return hash.digest('hex');
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(directory, entry.name)) : [path.join(directory, entry.name)],
  );
}

function sourceProps(input: SourceInput, fingerprint: string, stats?: HistoryStats): Properties {
  const { source } = input;
  const common = { kind: source.kind, sha256: input.sha256, fingerprint, license: source.license };
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
 * Brings the graph up to date with `inputs`: sources whose content (or the importer) changed since
 * they were loaded are replaced, each in its own transaction; the rest are left alone, so a second
 * run changes nothing. A source that cannot be parsed or written fails alone, leaving its facts as
 * they were.
 */
export async function importSources(options: {
  graph: GraphExecutor;
  inputs: SourceInput[];
  log: Log;
  /** Reload every source even if unchanged. */
  force?: boolean;
}): Promise<ImportSummary> {
  const { graph, inputs, log } = options;
  const started = Date.now();
  const scripts = new CypherScripts();
  await applySchema(graph, scripts);

  const code = importerFingerprint();
  const fingerprintOf = (input: SourceInput) =>
    createHash('sha256').update(code).update(input.source.id).update(input.sha256).digest('hex');
  const loaded = await loadedFingerprints(graph);
  const changed = inputs.filter(
    (input) => options.force || loaded.get(input.source.id) !== fingerprintOf(input),
  );
  const outcomes = new Map<string, SourceOutcome>();
  for (const input of inputs) {
    if (!changed.includes(input)) {
      outcomes.set(input.source.id, outcome(input.source.id, 'unchanged', 0));
      log.info(`${input.source.id}: unchanged`);
    }
  }

  if (changed.length > 0) {
    // Every source is parsed, changed or not: who a name refers to may be settled by another file.
    const parsed: ParsedSource[] = [];
    const histories: ParsedHistory[] = [];
    for (const input of inputs) {
      try {
        if (input.source.kind === 'history') {
          const history = input as HistoryInput;
          histories.push(await parsedHistory(history, code, log));
        } else parsed.push(parseSource(input.source, (input as FileInput).text));
      } catch (error) {
        const failed = outcome(input.source.id, 'failed', 0);
        failed.error = `cannot be parsed: ${errorMessage(error)}`;
        if (changed.includes(input)) outcomes.set(input.source.id, failed);
        log.error(`${input.source.id}: ${failed.error}; the graph keeps what this source said before`);
      }
    }
    const context = buildContext([...parsed, ...histories.flatMap((history) => history.firstSightings)]);
    for (const input of changed) {
      const sourceStarted = Date.now();
      const sourceParsed = parsed.find((candidate) => candidate.source.id === input.source.id);
      const history = histories.find((candidate) => candidate.source.id === input.source.id);
      let facts: SourceFacts;
      let stats: HistoryStats | undefined;
      if (history) ({ facts, stats } = buildHistoryFacts(history, context));
      else if (sourceParsed) facts = buildSourceFacts(sourceParsed, context);
      else continue;
      const result = outcome(input.source.id, 'loaded', 0);
      result.nodes = facts.nodes.length;
      result.claims = facts.claims.length;
      result.rejected = facts.rejected;
      if (stats) result.history = stats;
      try {
        await replaceSource(graph, scripts, facts, sourceProps(input, fingerprintOf(input), stats));
        log.info(
          `${input.source.id}: loaded ${facts.nodes.length} nodes, ${facts.claims.length} claims` +
            (facts.rejected.length > 0 ? `, ${facts.rejected.length} rows rejected` : ''),
        );
      } catch (error) {
        result.status = 'failed';
        result.error = `cannot be written: ${errorMessage(error)}`;
        log.error(`${input.source.id}: ${result.error}; the graph keeps what this source said before`);
      }
      result.ms = Date.now() - sourceStarted;
      outcomes.set(input.source.id, result);
    }
  }

  // Centrality depends on the whole graph, so any source loaded makes every stored ranking stale.
  if ([...outcomes.values()].some((result) => result.status === 'loaded')) await computeRankings(graph, log);

  return {
    sources: inputs.map((input) => outcomes.get(input.source.id) as SourceOutcome),
    counts: await countGraph(graph),
    ms: Date.now() - started,
  };
}

// The last parse of each history: every import parses every source (names are resolved across
// files), so a process that imports again (the start-up check, the admin endpoint, a test) reuses
// it; across processes the parser's state is kept in the cache (HistoryInput.parseCache), tagged
// with the importer's code, and only the versions committed since are parsed.
const lastParsed = new Map<string, { sha256: string; parsed: ParsedHistory }>();

async function parsedHistory(input: HistoryInput, code: string, log: Log): Promise<ParsedHistory> {
  const cached = lastParsed.get(input.source.id);
  if (cached?.sha256 === input.sha256) return cached.parsed;
  const parser = restoredParser(input, code) ?? new HistoryParser(input.source);
  const known = parser.readPrefix(input.versions);
  const fresh = known > 0 ? parser : new HistoryParser(input.source);
  for (const version of await withTexts(input, input.versions.slice(known))) fresh.add(version);
  if (input.versions.length > known) {
    log.info(
      `${input.source.id}: parsed ${input.versions.length - known} new versions (${known} from the cache)`,
    );
    saveParser(input, code, fresh, log);
  }
  const parsed = fresh.result(input.head);
  lastParsed.set(input.source.id, { sha256: input.sha256, parsed });
  return parsed;
}

function restoredParser(input: HistoryInput, code: string): HistoryParser | null {
  if (!input.parseCache || !existsSync(input.parseCache)) return null;
  try {
    const saved = JSON.parse(readFileSync(input.parseCache, 'utf8')) as { code: string; state: SavedHistory };
    return saved.code === code && saved.state.source === input.source.id
      ? HistoryParser.restore(input.source, saved.state)
      : null;
  } catch {
    // A cache that cannot be read is parsed afresh and rewritten.
    return null;
  }
}

function saveParser(input: HistoryInput, code: string, parser: HistoryParser, log: Log): void {
  if (!input.parseCache) return;
  try {
    mkdirSync(path.dirname(input.parseCache), { recursive: true });
    const partial = `${input.parseCache}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify({ code, state: parser.save() }));
    renameSync(partial, input.parseCache);
  } catch (error) {
    log.warn(
      `${input.source.id}: could not keep the parsed history in ${input.parseCache}: ${errorMessage(error)}`,
    );
  }
}

function outcome(id: string, status: SourceOutcome['status'], ms: number): SourceOutcome {
  return { id, status, nodes: 0, claims: 0, rejected: [], error: null, ms };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
