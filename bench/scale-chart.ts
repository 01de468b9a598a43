/**
 * The scale benchmark's chart as a self-contained SVG: cost against graph size on log-log axes, one
 * line per operation, each divided by its cost at the smallest size, so every line starts at 1 and
 * its slope is the exponent with which that cost grows. Dashed lines mark slopes 0 (flat) and 1
 * (linear) for reference.
 */
import { escapeXml } from '../src/export/graphml.ts';

export interface ScaleSeries {
  label: string;
  /** [size, cost] pairs, sizes ascending. */
  points: [number, number][];
}

const TITLE =
  'Scale benchmark: cost of each operation against graph size, relative to the smallest size, log-log';
const COLOURS = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];
const LEFT = 60;
const TOP = 40;
const PLOT = 420;
const LEGEND = 230;

export function scaleChart(series: ScaleSeries[]): string {
  const sizes = [...new Set(series.flatMap((s) => s.points.map(([size]) => size)))].sort((a, b) => a - b);
  const minSize = sizes[0] ?? 1;
  const maxSize = sizes.at(-1) ?? 1;
  const relative = series.map((s) => {
    const base = s.points[0]?.[1] ?? 1;
    return {
      label: s.label,
      points: s.points.map(([size, cost]) => [size, cost / base] as [number, number]),
    };
  });
  const ratios = relative.flatMap((s) => s.points.map(([, ratio]) => ratio)).filter((r) => r > 0);
  const lowDecade = Math.floor(Math.log10(Math.min(1, ...ratios)));
  // At least one decade, so that a single size still draws.
  const highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(Math.max(maxSize / minSize, ...ratios))));
  const sizeSpan = Math.max(Math.log10(maxSize / minSize), 1e-9);
  const x = (size: number) => LEFT + (Math.log10(size / minSize) / sizeSpan) * PLOT;
  const y = (ratio: number) =>
    TOP + PLOT - ((Math.log10(ratio) - lowDecade) / (highDecade - lowDecade)) * PLOT;
  const parts: string[] = [];
  for (let decade = lowDecade; decade <= highDecade; decade++) {
    const at = y(10 ** decade);
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${at}" y2="${at}" stroke="#ddd"/>`,
      `<text x="${LEFT - 6}" y="${at + 4}" text-anchor="end">${10 ** decade >= 1 ? 10 ** decade : (10 ** decade).toPrecision(1)}×</text>`,
    );
  }
  for (const size of sizes) {
    parts.push(
      `<line x1="${x(size)}" x2="${x(size)}" y1="${TOP}" y2="${TOP + PLOT}" stroke="#ddd"/>`,
      `<text x="${x(size)}" y="${TOP + PLOT + 16}" text-anchor="middle">${size}×</text>`,
    );
  }
  // Reference slopes from (smallest size, 1): 0 is a cost that does not grow, 1 a linear one.
  for (const slope of [0, 1]) {
    const end = (maxSize / minSize) ** slope;
    parts.push(
      `<line x1="${x(minSize)}" y1="${y(1)}" x2="${x(maxSize)}" y2="${y(end)}" stroke="#888" stroke-dasharray="4 4"/>`,
      `<text x="${x(maxSize) + 4}" y="${y(end) + 4}" fill="#888">slope ${slope}</text>`,
    );
  }
  relative.forEach((s, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const path = s.points.map(([size, ratio]) => `${x(size).toFixed(1)},${y(ratio).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const [size, ratio] of s.points)
      parts.push(`<circle cx="${x(size).toFixed(1)}" cy="${y(ratio).toFixed(1)}" r="3" fill="${colour}"/>`);
    const legendY = TOP + 10 + index * 18;
    parts.push(
      `<line x1="${LEFT + PLOT + 60}" x2="${LEFT + PLOT + 80}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${LEFT + PLOT + 86}" y="${legendY + 4}">${escapeXml(s.label)}</text>`,
    );
  });
  const width = LEFT + PLOT + 60 + LEGEND;
  const height = TOP + PLOT + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<title>${TITLE}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="20" font-size="13">Cost against graph size, each divided by its cost at ${minSize}× (log-log)</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
