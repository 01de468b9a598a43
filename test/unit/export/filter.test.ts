import { describe, expect, it } from 'vitest';
import { parseCliArguments } from '../../../src/export/cli-args.ts';
import { exportFilename, filterFromSearchParams } from '../../../src/export/http.ts';
import {
  cleanProperties,
  EXPORT_KINDS,
  ExportFilterError,
  parseExportFilter,
} from '../../../src/export/subgraph.ts';
import { CLAIM_TYPES } from '../../../src/vocabulary/kinds.ts';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ExportFilterError);
    return (error as Error).message;
  }
  throw new Error('expected an ExportFilterError');
}

describe('parseExportFilter', () => {
  it('selects everything when nothing is given', () => {
    expect(parseExportFilter({})).toEqual({
      kinds: [...EXPORT_KINDS],
      types: [...CLAIM_TYPES],
      asOf: null,
      around: null,
      depth: 1,
    });
  });

  it('takes kinds and types in any case, comma-separated, each once', () => {
    const filter = parseExportFilter({ kinds: 'person, PROJECT,person', types: 'maintains,Serves_On' });
    expect(filter.kinds).toEqual(['Person', 'Project']);
    expect(filter.types).toEqual(['MAINTAINS', 'SERVES_ON']);
  });

  it('refuses unknown or empty kinds and types, naming what it knows', () => {
    expect(refusal(() => parseExportFilter({ kinds: 'Person,Robot' }))).toMatch(
      /kinds: unknown value "Robot"; expected one or more of Person, Organization/,
    );
    expect(refusal(() => parseExportFilter({ kinds: ' , ' }))).toMatch(/kinds is empty/);
    expect(refusal(() => parseExportFilter({ types: 'KNOWS' }))).toMatch(/types: unknown value "KNOWS"/);
    // Labels only: Entity is on every node, so it would select nothing in particular.
    expect(refusal(() => parseExportFilter({ kinds: 'Entity' }))).toMatch(/unknown value "Entity"/);
  });

  it('takes asOf as a calendar day and refuses anything else', () => {
    expect(parseExportFilter({ asOf: '2021-06-01' }).asOf).toBe('2021-06-01');
    expect(parseExportFilter({ asOf: '2024-02-29' }).asOf).toBe('2024-02-29');
    expect(refusal(() => parseExportFilter({ asOf: '2021-02-30' }))).toBe(
      'asOf: 2021-02-30 is not a calendar date',
    );
    expect(refusal(() => parseExportFilter({ asOf: '2023-02-29' }))).toMatch(/not a calendar date/);
    expect(refusal(() => parseExportFilter({ asOf: '2021-13-01' }))).toMatch(/not a calendar date/);
    expect(refusal(() => parseExportFilter({ asOf: '1 June 2021' }))).toMatch(/must be a date YYYY-MM-DD/);
    expect(refusal(() => parseExportFilter({ asOf: '2021-06-01T00:00:00Z' }))).toMatch(/YYYY-MM-DD/);
    expect(refusal(() => parseExportFilter({ asOf: '' }))).toMatch(/YYYY-MM-DD/);
  });

  it('takes around with a depth from 0 to 3, 1 by default', () => {
    expect(parseExportFilter({ around: 'person:gh:ada-invented' })).toMatchObject({
      around: 'person:gh:ada-invented',
      depth: 1,
    });
    expect(parseExportFilter({ around: 'x', depth: '0' }).depth).toBe(0);
    expect(parseExportFilter({ around: 'x', depth: '3' }).depth).toBe(3);
  });

  it('refuses a depth over 3, a depth that is not a whole number, and depth without around', () => {
    expect(refusal(() => parseExportFilter({ around: 'x', depth: '4' }))).toBe(
      'depth must be a whole number from 0 to 3; got "4"',
    );
    for (const depth of ['-1', '1.5', 'two', '', '1e2', '999999999999']) {
      expect(refusal(() => parseExportFilter({ around: 'x', depth }))).toMatch(
        /depth must be a whole number/,
      );
    }
    expect(refusal(() => parseExportFilter({ depth: '2' }))).toMatch(/depth needs around/);
    expect(refusal(() => parseExportFilter({ around: '  ' }))).toMatch(/around is empty/);
    expect(refusal(() => parseExportFilter({ around: 'x'.repeat(301) }))).toMatch(/too long/);
  });
});

describe('filterFromSearchParams', () => {
  const parse = (query: string) => filterFromSearchParams(new URLSearchParams(query));

  it('reads every filter, lists comma-separated or repeated', () => {
    expect(
      parse('kinds=Person&kinds=Body,Project&types=SERVES_ON&asOf=2021-06-01&around=body:toc&depth=2'),
    ).toEqual({
      kinds: ['Person', 'Body', 'Project'],
      types: ['SERVES_ON'],
      asOf: '2021-06-01',
      around: 'body:toc',
      depth: 2,
    });
  });

  it('refuses unknown parameters (a misspelt filter would otherwise export everything)', () => {
    expect(refusal(() => parse('kind=Person'))).toBe(
      'unknown parameter "kind"; expected kinds, types, asOf, around, depth',
    );
    expect(refusal(() => parse('as_of=2021-06-01'))).toMatch(/unknown parameter "as_of"/);
  });

  it('refuses a single-valued parameter given twice', () => {
    expect(refusal(() => parse('asOf=2021-06-01&asOf=2022-06-01'))).toBe(
      'asOf is given 2 times; give it once',
    );
  });
});

describe('exportFilename', () => {
  it('names the file after the filters, in safe characters', () => {
    expect(exportFilename(parseExportFilter({}), 'graphml')).toBe('cncf-graph.graphml');
    expect(exportFilename(parseExportFilter({ asOf: '2021-06-01' }), 'json')).toBe(
      'cncf-graph-as-of-2021-06-01.json',
    );
    expect(exportFilename(parseExportFilter({ around: 'person:gh:A"b;c/../d', depth: '2' }), 'graphml')).toBe(
      'cncf-graph-around-person-gh-a-b-c-d-d2.graphml',
    );
  });
});

describe('parseCliArguments', () => {
  it('reads the format, the output file and the filters', () => {
    expect(
      parseCliArguments([
        '--format',
        'json',
        '--out',
        'toc.json',
        '--kinds',
        'Person,Body',
        '--as-of',
        '2021-06-01',
        '--around',
        'body:toc',
        '--depth',
        '1',
      ]),
    ).toEqual({
      format: 'json',
      out: 'toc.json',
      filter: {
        kinds: ['Person', 'Body'],
        types: [...CLAIM_TYPES],
        asOf: '2021-06-01',
        around: 'body:toc',
        depth: 1,
      },
    });
    expect(parseCliArguments(['--format', 'graphml'])).toMatchObject({ format: 'graphml', out: null });
    expect(parseCliArguments(['--help'])).toBe('help');
  });

  it('refuses a missing or unknown format, unknown options and bad filters', () => {
    expect(refusal(() => parseCliArguments([]))).toBe('--format must be graphml or json');
    expect(refusal(() => parseCliArguments(['--format', 'gexf']))).toBe('--format must be graphml or json');
    expect(refusal(() => parseCliArguments(['--format', 'json', '--asof', '2021-06-01']))).toMatch(/--asof/);
    expect(refusal(() => parseCliArguments(['--format', 'json', 'extra']))).toMatch(/extra/);
    expect(refusal(() => parseCliArguments(['--format', 'json', '--depth', '2']))).toMatch(
      /depth needs around/,
    );
    expect(refusal(() => parseCliArguments(['--format', 'json', '--as-of', '2021-02-30']))).toMatch(
      /not a calendar date/,
    );
  });
});

describe('cleanProperties', () => {
  it('drops absent values and keeps scalars and lists of strings', () => {
    expect(
      cleanProperties({
        a: null,
        b: undefined,
        c: 'x',
        d: 2,
        e: false,
        f: ['x', null],
        g: Number.NaN,
        h: [],
      }),
    ).toEqual({ c: 'x', d: 2, e: false, f: ['x'], h: [] });
  });
});
