export interface SourceLine {
  text: string;
  /** 1-based. */
  line: number;
}

export interface MarkdownSection {
  level: number;
  title: string;
  line: number;
  /** The lines after the heading, up to the next heading of any level. */
  body: SourceLine[];
}

export function splitLines(text: string): SourceLine[] {
  return text.split(/\r\n|\r|\n/).map((lineText, index) => ({ text: lineText, line: index + 1 }));
}

/** ATX headings only (`## Title`); the CNCF files use no underlined headings. */
export function markdownSections(text: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  let current: MarkdownSection | null = null;
  for (const sourceLine of splitLines(text)) {
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(sourceLine.text);
    if (heading) {
      current = {
        level: heading[1]?.length ?? 1,
        title: (heading[2] ?? '').trim(),
        line: sourceLine.line,
        body: [],
      };
      sections.push(current);
    } else if (current) {
      current.body.push(sourceLine);
    }
  }
  return sections;
}

export function findSection(sections: MarkdownSection[], title: RegExp): MarkdownSection | undefined {
  return sections.find((section) => title.test(section.title));
}

/** Bullet items (`*`, `-` or `+`) at any indentation, with the marker removed. */
export function bulletItems(lines: SourceLine[]): SourceLine[] {
  const items: SourceLine[] = [];
  for (const sourceLine of lines) {
    const bullet = /^\s*[*+-]\s+(.*?)\s*$/.exec(sourceLine.text);
    if (bullet) items.push({ text: bullet[1] ?? '', line: sourceLine.line });
  }
  return items;
}

export interface TableRow {
  cells: string[];
  line: number;
}

/**
 * The first pipe table in `lines`: its header cells and body rows. Cells are trimmed; the delimiter row
 * (`|---|---|`) is skipped. Returns null when there is no table.
 */
export function firstTable(lines: SourceLine[]): { header: string[]; rows: TableRow[] } | null {
  const tableLines: SourceLine[] = [];
  for (const sourceLine of lines) {
    if (/^\s*\|/.test(sourceLine.text)) {
      tableLines.push(sourceLine);
    } else if (tableLines.length > 0) {
      break;
    }
  }
  const [headerLine, ...rest] = tableLines;
  if (!headerLine) return null;
  const rows = rest
    .filter((sourceLine) => !/^\s*\|?[\s:|-]+\|?\s*$/.test(sourceLine.text))
    .map((sourceLine) => ({ cells: tableCells(sourceLine.text), line: sourceLine.line }));
  return { header: tableCells(headerLine.text), rows };
}

function tableCells(text: string): string[] {
  return text
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** `[Lei Zhang](https://github.com/resouer)` → its text and target; null when the text is not one link. */
export function singleLink(text: string): { text: string; target: string } | null {
  const link = /^\[([^\]]*)\]\(([^)\s]*)\)$/.exec(text.trim());
  if (!link) return null;
  return { text: (link[1] ?? '').trim(), target: link[2] ?? '' };
}
