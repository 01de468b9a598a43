export interface CsvRecord {
  /** 1-based line on which the record starts; a quoted field may carry it over several lines. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 reader that remembers where each record starts, which a generic CSV library does not report.
 * Accepts CRLF, LF and lone CR line ends mixed in one file (project-maintainers.csv has one bare LF) and
 * quoted fields holding commas, doubled quotes and line breaks. A quote inside an unquoted field is kept
 * as a character. Throws when a quoted field is never closed: the rest of the file could not be trusted.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let atFieldStart = true;

  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };

  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n' || (char === '\r' && source[i + 1] !== '\n')) line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && atFieldStart) {
      quoted = true;
      quoteLine = line;
      atFieldStart = false;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
      atFieldStart = false;
    }
  }
  if (quoted) throw new Error(`CSV: quoted field opened on line ${quoteLine} is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
