import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryParser, type ParsedHistory, parseHistory } from '../../../src/import/facts/history.ts';
import type { VersionText } from '../../../src/import/history/acquire.ts';
import { readParseCache, writeParseCache } from '../../../src/import/history/parse-cache.ts';
import { HISTORY_SOURCES } from '../../../src/import/sources.ts';

// An invented maintainers list: one maintainer joins per version (so every version repeats the
// rows of the one before), and v3 does not parse (an unclosed quote).
const HEADER = ',Project,Maintainer Name ,Company,Github Name,OWNERS/MAINTAINERS';
const PEOPLE = ['alice', 'bob', 'carol', 'dan', 'erin', 'frank'];
const VERSIONS: VersionText[] = PEOPLE.map((handle, i) => ({
  commit: String(i + 1).repeat(40),
  date: `2022-0${i + 1}-01`,
  subject: `Add ${handle}`,
  blob: `blob${i + 1}`,
  text:
    i === 2
      ? `${HEADER}\n"unclosed,x`
      : [
          HEADER,
          ...PEOPLE.slice(0, i + 1).map((h, n) => `${n === 0 ? 'Sandbox,Widget' : ','},${h} H,Acme,${h},`),
        ].join('\n'),
}));
const HEAD = { commit: '6'.repeat(40), date: '2022-07-01' };
const MAINTAINERS = HISTORY_SOURCES.find((source) => source.id === 'foundation/project-maintainers.csv');
if (!MAINTAINERS) throw new Error('no maintainers history source');
const SOURCE = MAINTAINERS;

function cacheFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'parse-cache-')), 'maintainers.json');
}

function parserOf(versions: VersionText[]): HistoryParser {
  const parser = new HistoryParser(SOURCE);
  for (const version of versions) parser.add(version);
  return parser;
}

/** What a parser knows, as plain data (the lists each version gives as arrays, no functions). */
function parsedBy(parser: HistoryParser | ParsedHistory): unknown {
  const parsed = parser instanceof HistoryParser ? parser.result(HEAD) : parser;
  return JSON.parse(
    JSON.stringify(parsed, (_key, value) =>
      value instanceof Map ? [...value] : value instanceof Int32Array ? [...value] : value,
    ),
  );
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('the parse cache of a history', () => {
  it('gives back what was parsed, and grows by a line per new version', () => {
    const file = cacheFile();
    const first = parserOf(VERSIONS.slice(0, 3));
    writeParseCache(file, 'code', first);
    const before = readFileSync(file, 'utf8');
    expect(lines(file)).toHaveLength(1 + 3);

    // Another process reads it, parses the versions committed since, and appends them.
    const next = readParseCache(file, 'code', SOURCE) as HistoryParser;
    expect(next.readPrefix(VERSIONS)).toBe(3);
    for (const version of VERSIONS.slice(3)) next.add(version);
    writeParseCache(file, 'code', next);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(lines(file)).toHaveLength(1 + VERSIONS.length);

    const again = readParseCache(file, 'code', SOURCE) as HistoryParser;
    expect(parsedBy(again)).toEqual(parsedBy(parseHistory(SOURCE, VERSIONS, HEAD)));
    expect(parsedBy(next)).toEqual(parsedBy(parseHistory(SOURCE, VERSIONS, HEAD)));
  });

  it('reads up to a line cut short, and the next write makes the file whole again', () => {
    const file = cacheFile();
    writeParseCache(file, 'code', parserOf(VERSIONS.slice(0, 4)));
    const text = readFileSync(file, 'utf8');
    // A crash half way through appending the fourth version's line.
    writeFileSync(file, text.slice(0, text.length - 20));
    const cut = readParseCache(file, 'code', SOURCE) as HistoryParser;
    expect(cut.size).toBe(3);
    for (const version of VERSIONS.slice(3)) cut.add(version);
    writeParseCache(file, 'code', cut);
    const whole = readParseCache(file, 'code', SOURCE) as HistoryParser;
    expect(whole.size).toBe(VERSIONS.length);
    expect(parsedBy(whole)).toEqual(parsedBy(parseHistory(SOURCE, VERSIONS, HEAD)));
  });

  it('takes no line written on top of another state: two processes appending at once, or after a rewrite', () => {
    const file = cacheFile();
    writeParseCache(file, 'code', parserOf(VERSIONS.slice(0, 2)));
    const one = readParseCache(file, 'code', SOURCE) as HistoryParser;
    const other = readParseCache(file, 'code', SOURCE) as HistoryParser;
    one.add(VERSIONS[2] as VersionText);
    // The other process read the same file but goes on with a different third version.
    other.add({ ...(VERSIONS[3] as VersionText), commit: 'f'.repeat(40), blob: 'other' });
    other.add(VERSIONS[4] as VersionText);
    writeParseCache(file, 'code', one);
    writeParseCache(file, 'code', other);
    const read = readParseCache(file, 'code', SOURCE) as HistoryParser;
    expect(read.readPrefix(VERSIONS)).toBe(3);
    expect(parsedBy(read)).toEqual(parsedBy(parseHistory(SOURCE, VERSIONS.slice(0, 3), HEAD)));

    // A process that rewrote the file meanwhile (going back to one version) orphans what the
    // first appends next.
    writeParseCache(file, 'code', parserOf(VERSIONS.slice(0, 1)));
    one.add(VERSIONS[3] as VersionText);
    writeParseCache(file, 'code', one);
    const afterRewrite = readParseCache(file, 'code', SOURCE) as HistoryParser;
    expect(afterRewrite.size).toBe(1);
    expect(parsedBy(afterRewrite)).toEqual(parsedBy(parseHistory(SOURCE, VERSIONS.slice(0, 1), HEAD)));
  });

  it('ignores a file written by other importer code, for another source, or that is not one', () => {
    const file = cacheFile();
    writeParseCache(file, 'code', parserOf(VERSIONS.slice(0, 2)));
    expect(readParseCache(file, 'other code', SOURCE)).toBeNull();
    const toc = HISTORY_SOURCES.find((source) => source.id === 'toc/README.md');
    expect(toc && readParseCache(file, 'code', toc)).toBeNull();
    appendFileSync(file, 'not json\n');
    expect(readParseCache(file, 'code', SOURCE)?.size).toBe(2);
    writeFileSync(file, '{"state": "the format before this one"}');
    expect(readParseCache(file, 'code', SOURCE)).toBeNull();
    expect(readParseCache(path.join(path.dirname(file), 'missing.json'), 'code', SOURCE)).toBeNull();
  });
});
