/**
 * Before anything is timed: do the three sides give the same answers? Each side is asked over
 * HTTP exactly as the benchmark will ask it, its answer normalised (questions.ts) and compared with
 * the raw Cypher's.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Question } from './questions.ts';
import type { Sides } from './sides.ts';

/** Where two normalised answers first differ, as a readable line. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (Array.isArray(a) && Array.isArray(b)) {
    const left = new Set(a.map((x) => JSON.stringify(x)));
    const right = new Set(b.map((x) => JSON.stringify(x)));
    const onlyA = [...left].filter((x) => !right.has(x));
    const onlyB = [...right].filter((x) => !left.has(x));
    if (onlyA.length || onlyB.length)
      return `${path}: ${a.length} vs ${b.length} items; only left (${onlyA.length}): ${onlyA.slice(0, 3).join(', ')}; only right (${onlyB.length}): ${onlyB.slice(0, 3).join(', ')}`;
    for (let i = 0; i < a.length; i += 1)
      if (!isDeepStrictEqual(a[i], b[i])) return firstDifference(a[i], b[i], `${path}[${i}]`);
    return `${path}: same items, different order`;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${key}`);
    }
  }
  return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

const size = (value: unknown) => (Array.isArray(value) ? `${value.length} items` : JSON.stringify(value));

export interface Agreement {
  question: string;
  /** What the raw answer holds (items, or the value), for the report. */
  size: string;
  problems: string[];
}

/** Asks every question of every side; prints what it finds and returns one record per question. */
export async function checkAgreement(sides: Sides, questions: Question[]): Promise<Agreement[]> {
  const agreements: Agreement[] = [];
  for (const question of questions) {
    console.log(`\n■ ${question.name}`);
    if (question.note) console.log(`  note: ${question.note}`);
    const problems: string[] = [];
    let rawSize = '';
    try {
      const fromService = question.normalise.service(await sides.ask(question, 'service'));
      const fromRaw = question.normalise.raw((await sides.ask(question, 'raw')) as never);
      const fromPeer = question.peer ? question.normalise.peer(await sides.ask(question, 'peer')) : undefined;
      rawSize = size(fromRaw);
      console.log(`  service: ${size(fromService)}`);
      console.log(`  raw:     ${rawSize}`);
      console.log(question.peer ? `  peer:    ${size(fromPeer)}` : '  peer:    not expressible (skipped)');
      const pairs: [string, unknown, unknown][] = [['service vs raw', fromService, fromRaw]];
      if (question.peer) pairs.push(['peer vs raw', fromPeer, fromRaw]);
      for (const [label, left, right] of pairs) {
        if (isDeepStrictEqual(left, right)) console.log(`  ✓ ${label}: equal`);
        else {
          const problem = `${label}: ${firstDifference(left, right)}`;
          problems.push(problem);
          console.log(`  ✗ ${problem}`);
        }
      }
    } catch (error) {
      const problem = `error: ${error instanceof Error ? error.message : String(error)}`;
      problems.push(problem);
      console.log(`  ✗ ${problem}`);
    }
    agreements.push({ question: question.name, size: rawSize, problems });
  }
  return agreements;
}
