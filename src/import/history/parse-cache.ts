import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HistoryParser, type VersionRecord } from '../facts/history.ts';
import type { HistorySource } from '../sources.ts';

/**
 * What the importer parsed of a history, kept on disk so that the next process parses only the
 * versions committed since. JSON Lines: a header (the importer's code fingerprint, the source, an
 * id), then one line per version (HistoryParser.record). A new commit appends a line, instead of
 * rewriting the whole file (17 MB for the maintainers list, which took longer than parsing the
 * commit).
 *
 * Each line names the line before it (`prev`, the id of that line or of the header), so a line
 * counts only where it was written: lines appended by two processes at once, or after another
 * process rewrote the file, or cut short by a crash, end the read there, and the versions after
 * that point are parsed again and the file rewritten. A file written by other importer code is
 * ignored the same way.
 */

/** Where a parser's versions stand on disk: the file, its last line's id and how many versions it holds. */
interface Written {
  file: string;
  code: string;
  tail: string;
  versions: number;
}

// The file each parser was read from or last written to. A parser only grows, so what it held then
// is still the start of what it holds, and the versions it read since can be appended.
const written = new WeakMap<HistoryParser, Written>();

interface Header {
  code: string;
  source: string;
  id: string;
}

interface Line {
  id: string;
  prev: string;
  record: Omit<VersionRecord, 'listed'> & { listed?: Record<string, string> };
}

/** The parser `file` holds for `source`, written by importer code `code`; null when there is none. */
export function readParseCache(
  file: string | null,
  code: string,
  source: HistorySource,
): HistoryParser | null {
  if (!file || !existsSync(file)) return null;
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return null;
  }
  const header = parse<Header>(lines[0]);
  if (header?.code !== code || header.source !== source.id) return null;
  const records: VersionRecord[] = [];
  let tail = header.id;
  let complete = true;
  for (const text of lines.slice(1)) {
    if (text === '') continue;
    const line = parse<Line>(text);
    if (line?.prev !== tail) {
      complete = false;
      break;
    }
    records.push(decode(line.record));
    tail = line.id;
  }
  const parser = HistoryParser.restore(source, records);
  // A file with lines that do not follow on is rewritten at the next write.
  if (complete) written.set(parser, { file, code, tail, versions: records.length });
  return parser;
}

/**
 * Brings `file` up to `parser`: appends the versions it read since the file was read or written,
 * or writes the whole file afresh (to a temporary name, then renamed) when the file is not known to
 * hold the start of what the parser holds. Throws when the file cannot be written.
 */
export function writeParseCache(file: string, code: string, parser: HistoryParser): void {
  const known = written.get(parser);
  if (known?.file === file && known.code === code && existsSync(file)) {
    if (known.versions === parser.size) return;
    let tail = known.tail;
    let text = '';
    for (let index = known.versions; index < parser.size; index += 1) {
      const id = randomUUID();
      text += `${JSON.stringify({ id, prev: tail, record: encode(parser.record(index)) } satisfies Line)}\n`;
      tail = id;
    }
    appendFileSync(file, text);
    written.set(parser, { file, code, tail, versions: parser.size });
    return;
  }
  const header: Header = { code, source: parser.source.id, id: randomUUID() };
  const chunks = [`${JSON.stringify(header)}\n`];
  let tail = header.id;
  for (let index = 0; index < parser.size; index += 1) {
    const id = randomUUID();
    chunks.push(
      `${JSON.stringify({ id, prev: tail, record: encode(parser.record(index)) } satisfies Line)}\n`,
    );
    tail = id;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, chunks.join(''));
  renameSync(partial, file);
  written.set(parser, { file, code, tail, versions: parser.size });
}

function parse<T>(text: string | undefined): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function encode(record: VersionRecord): Line['record'] {
  if (!record.listed) return { ...record, listed: undefined };
  const listed: Record<string, string> = {};
  for (const [field, pairs] of Object.entries(record.listed))
    listed[field] = Buffer.from(pairs.buffer, pairs.byteOffset, pairs.byteLength).toString('base64');
  return { ...record, listed };
}

function decode(record: Line['record']): VersionRecord {
  if (!record.listed) return { ...record, listed: undefined };
  const listed: Record<string, Int32Array> = {};
  for (const [field, base64] of Object.entries(record.listed)) {
    // Copied into a buffer of its own: Buffer.from may hand out a slice of a shared pool that is
    // not aligned for 32-bit integers.
    listed[field] = new Int32Array(new Uint8Array(Buffer.from(base64, 'base64')).buffer);
  }
  return { ...record, listed };
}
