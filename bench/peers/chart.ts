/**
 * The ratio chart of the peer benchmark as a self-contained SVG (no fonts or scripts from
 * anywhere): two panels of horizontal bars, one row per question and one bar per connection count,
 * with each panel's target drawn as a dashed line.
 * - left: this service's throughput ÷ @neo4j/graphql's (higher is better; target ≥ 1×);
 * - right: this service's p50 latency ÷ the raw baseline's (lower is better; target ≤ 2× at the
 *   highest connection count).
 */
import { escapeXml } from '../../src/export/graphml.ts';

export interface ChartRow {
  label: string;
  /** The throughput ratio to reach; null where the peer cannot answer. */
  throughputTarget: number | null;
  byConnections: { connections: number; throughputVsPeer: number | null; latencyVsRaw: number | null }[];
}

const COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2'];
const LABEL_WIDTH = 130;
const PANEL_WIDTH = 330;
const GAP = 40;
const BAR = 9;
const TOP = 56;

export function ratioChart(rows: ChartRow[], options: { latencyTarget: number }): string {
  const levels = rows[0]?.byConnections.map((b) => b.connections) ?? [];
  const rowHeight = levels.length * BAR + 14;
  const height = TOP + rows.length * rowHeight + 40;
  const width = LABEL_WIDTH + 2 * PANEL_WIDTH + GAP + 20;
  const panels = [
    {
      title: 'throughput: service ÷ @neo4j/graphql (higher is better)',
      value: (b: ChartRow['byConnections'][number]) => b.throughputVsPeer,
      targets: rows.map((r) => r.throughputTarget),
      x: LABEL_WIDTH,
    },
    {
      title: `p50 latency: service ÷ raw Cypher (lower is better)`,
      value: (b: ChartRow['byConnections'][number]) => b.latencyVsRaw,
      targets: rows.map(() => options.latencyTarget),
      x: LABEL_WIDTH + PANEL_WIDTH + GAP,
    },
  ];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img">`,
    '<title>Peer benchmark: this service ÷ @neo4j/graphql throughput, and this service ÷ raw Cypher p50 latency, per question and connection count</title>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  // Legend: one colour per connection count.
  levels.forEach((connections, i) => {
    const x = LABEL_WIDTH + i * 110;
    parts.push(
      `<rect x="${x}" y="8" width="12" height="10" fill="${COLOURS[i % COLOURS.length]}"/>`,
      `<text x="${x + 16}" y="17">${connections} connection${connections === 1 ? '' : 's'}</text>`,
    );
  });
  parts.push(`<text x="${LABEL_WIDTH + 3 * 110}" y="17" fill="#555">dashed: target</text>`);
  for (const panel of panels) {
    const values = rows
      .flatMap((r) => r.byConnections.map(panel.value))
      .filter((v): v is number => v !== null);
    const targets = panel.targets.filter((t): t is number => t !== null);
    const max = Math.max(1, ...values, ...targets) * 1.1;
    const scale = (value: number) => (value / max) * PANEL_WIDTH;
    parts.push(`<text x="${panel.x}" y="${TOP - 14}" font-weight="bold">${escapeXml(panel.title)}</text>`);
    // Axis with ticks at whole ratios (every 1, or every 2 when the scale is wide).
    const step = max > 8 ? 2 : max > 4 ? 1 : 0.5;
    const bottom = TOP + rows.length * rowHeight;
    for (let tick = 0; tick <= max; tick += step) {
      const x = panel.x + scale(tick);
      parts.push(
        `<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${bottom}" stroke="#eee"/>`,
        `<text x="${x}" y="${bottom + 14}" text-anchor="middle" fill="#555">${tick}×</text>`,
      );
    }
    rows.forEach((row, r) => {
      const y = TOP + r * rowHeight;
      row.byConnections.forEach((b, i) => {
        const value = panel.value(b);
        const barY = y + i * BAR;
        if (value === null) {
          if (i === 0)
            parts.push(`<text x="${panel.x + 4}" y="${y + BAR * 1.5}" fill="#888">not expressible</text>`);
          return;
        }
        parts.push(
          `<rect x="${panel.x}" y="${barY}" width="${scale(value).toFixed(1)}" height="${BAR - 1}" fill="${COLOURS[i % COLOURS.length]}"/>`,
          `<text x="${(panel.x + scale(value) + 3).toFixed(1)}" y="${barY + BAR - 1}" font-size="9">${value.toFixed(2)}</text>`,
        );
      });
      const target = panel.targets[r];
      if (target !== null && target !== undefined) {
        const x = panel.x + scale(target);
        parts.push(
          `<line x1="${x}" y1="${y - 2}" x2="${x}" y2="${y + levels.length * BAR + 1}" stroke="#d62728" stroke-dasharray="3,2" stroke-width="1.5"/>`,
        );
      }
    });
  }
  rows.forEach((row, r) => {
    const y = TOP + r * rowHeight + (levels.length * BAR) / 2 + 4;
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y}" text-anchor="end">${escapeXml(row.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
