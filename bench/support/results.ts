import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.ts';

/**
 * Puts `report` (which starts with `heading`) into bench/results.md: replaces the section an
 * earlier run wrote under the same heading, or appends it. Other benchmarks' sections stay as they are.
 */
export function writeSection(heading: string, report: string): void {
  const file = path.join(PROJECT_ROOT, 'bench', 'results.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start === -1) {
    writeFileSync(file, `${text.trimEnd()}\n\n${report}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length + 1);
  // A blank line between the report and the section after it, whether or not the report ends in one.
  writeFileSync(
    file,
    `${text.slice(0, start + 1)}${report.trimEnd()}\n${next === -1 ? '' : text.slice(next)}`,
  );
}
