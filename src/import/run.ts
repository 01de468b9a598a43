import type { Config } from '../config.ts';
import type { Log } from '../logger.ts';
import type { GraphExecutor } from '../neo4j/executor.ts';
import { acquireSources } from './acquire.ts';
import { acquireHistories } from './history/acquire.ts';
import { type ImportSummary, importSources, type SourceInput, type SourceOutcome } from './importer.ts';
import { ARTICLE_INSIDE_CNCF_ZHANG_LEI, LOADED_FILES } from './sources.ts';

/**
 * Every source as importer input: the governance files in every version of their histories (cloned
 * from the data directory's bundles, else from the public repositories, into `<cacheDir>/history`),
 * the other pinned files (from `dataDir`, else downloaded into the cache and checked) and the
 * article, whose facts are written down in code (facts/article.ts) so that its registered hash
 * stands for the text they were read from.
 */
export async function acquireInputs(options: {
  dataDir: string | null;
  cacheDir: string;
  baseUrl?: string;
  log: Log;
}): Promise<{ inputs: SourceInput[]; skipped: { id: string; reason: string }[] }> {
  const { acquired, skipped } = await acquireSources({ sources: LOADED_FILES, ...options });
  for (const skip of skipped) options.log.warn(`${skip.source.id}: skipped (${skip.reason})`);
  const histories = await acquireHistories(options);
  return {
    inputs: [
      ...histories,
      ...acquired.map(({ source, text, sha256 }) => ({ source, text, sha256 })),
      { source: ARTICLE_INSIDE_CNCF_ZHANG_LEI, text: '', sha256: ARTICLE_INSIDE_CNCF_ZHANG_LEI.sha256 },
    ],
    skipped: skipped.map((skip) => ({ id: skip.source.id, reason: skip.reason })),
  };
}

/** Brings the graph up to date with the configured sources: `npm run import` and `npm start`. */
export async function importConfiguredSources(options: {
  config: Config;
  graph: GraphExecutor;
  log: Log;
  force?: boolean;
}): Promise<ImportSummary & { skipped: { id: string; reason: string }[] }> {
  const { config, graph, log } = options;
  const { inputs, skipped } = await acquireInputs({
    dataDir: config.import.dataDir,
    cacheDir: config.cacheDir,
    baseUrl: config.import.sourcesBaseUrl,
    log,
  });
  const summary = await importSources({ graph, inputs, log, force: options.force ?? false });
  return { ...summary, skipped };
}

/** What a loaded source's write changed: an incremental import writes only that. */
function written(source: SourceOutcome): string {
  const w = source.written;
  if (!w) return '';
  return `; wrote ${w.claimsWritten} claims and ${w.nodesWritten} nodes, retracted ${w.claimsRetracted} claims and ${w.nodesRetracted} nodes`;
}

/** The summary as plain text lines for a terminal. */
export function formatSummary(
  summary: ImportSummary & { skipped: { id: string; reason: string }[] },
): string {
  const lines = ['', 'Sources:'];
  for (const source of summary.sources) {
    const detail =
      source.status === 'loaded'
        ? `${source.nodes} nodes, ${source.claims} claims, ${source.rejected.length} rejected, ${source.ms} ms${written(source)}`
        : (source.error ?? '');
    lines.push(`  ${source.status.padEnd(9)} ${source.id}  ${detail}`);
    const history = source.history;
    if (history) {
      lines.push(
        `            versions: ${history.versions} read, ${history.parsed} parsed, ${history.failed.length} failed` +
          `${history.deleted ? `, ${history.deleted} deleting the file` : ''}; covers ${history.coveredFrom ?? '-'} – ${history.coveredUntil ?? '-'}`,
      );
      const perType = Object.entries(history.claims).map(([type, count]) => `${type} ${count}`);
      lines.push(`            interval claims: ${perType.join(', ') || 'none'}`);
      for (const failed of history.failed)
        lines.push(`            failed ${failed.commit.slice(0, 7)} (${failed.date}): ${failed.error}`);
      for (const silent of history.silent)
        lines.push(
          `            lists nothing ${silent.commit.slice(0, 7)} (${silent.date}): ${silent.error}`,
        );
    }
  }
  for (const skip of summary.skipped) lines.push(`  skipped   ${skip.id}  ${skip.reason}`);
  const rejected = summary.sources.flatMap((source) =>
    source.rejected.map((rejection) => ({ source, rejection })),
  );
  if (rejected.length > 0) {
    lines.push('', 'Rejected rows (file:line reason):');
    for (const { source, rejection } of rejected) {
      lines.push(`  ${source.id}:${rejection.line ?? '-'} ${rejection.reason}`);
    }
  }
  const rankings = summary.rankings;
  if (rankings)
    lines.push(
      '',
      rankings.computed
        ? `Rankings: ${rankings.nodes} nodes, ${rankings.edges} edges ranked in ${rankings.ms.total} ms`
        : 'Rankings: kept (the people–projects–organizations projection is the one ranked last)',
    );
  lines.push('', 'Graph:');
  for (const [label, count] of Object.entries(summary.counts.nodes)) lines.push(`  (:${label}) ${count}`);
  for (const [type, count] of Object.entries(summary.counts.relationships))
    lines.push(`  [:${type}] ${count}`);
  const { check, build, write, rankings: ranking } = summary.phases;
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  lines.push(
    '',
    `Done in ${seconds(summary.ms)} s (check ${seconds(check)}, parse and build ${seconds(build)}, ` +
      `write ${seconds(write)}, rankings ${seconds(ranking)})`,
  );
  return lines.join('\n');
}
